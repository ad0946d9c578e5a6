/** The Warp view's controls: what to warp through, how to show it, which matches take part, RANSAC's parameters. */
import type { WarpDisplay, WarpThrough } from './model';
import { DIFFERENCE_GAIN } from './model';

export interface WarpSettings {
  through: WarpThrough;
  display: WarpDisplay;
  alpha: number;
  swipe: number;
  checker: number;
  mutualOnly: boolean;
  /** Fraction of the score range kept, from the best end (1 = every match). */
  scoreKeep: number;
  /** As typed, so a bad value can be shown and explained. */
  threshold: string;
  iterations: string;
  showMatches: boolean;
}

export const DEFAULT_WARP_SETTINGS: WarpSettings = {
  through: 'field', display: 'blend', alpha: 0.5, swipe: 0.5, checker: 32, mutualOnly: true, scoreKeep: 1,
  threshold: '3', iterations: '2000', showMatches: true,
};

const THROUGH: { id: WarpThrough; label: string; help: string }[] = [
  { id: 'field', label: 'NN field', help: 'The dense nearest-neighbour field of the grid matches' },
  { id: 'ransac', label: 'RANSAC homography', help: 'A homography fitted by RANSAC to the kept matches' },
  { id: 'truth', label: 'Ground truth', help: 'The pair’s ground-truth homography' },
];

const DISPLAYS: { id: WarpDisplay; label: string; help: string }[] = [
  { id: 'blend', label: 'Blend', help: 'Warped source over the target, weighted by the slider' },
  { id: 'swipe', label: 'Swipe', help: 'Warped source left of the line, target right of it' },
  { id: 'checker', label: 'Checkerboard', help: 'Squares alternate warped source and target: edges should run on across squares' },
  { id: 'difference', label: 'Difference', help: `|warped source − target| × ${DIFFERENCE_GAIN} per channel: black where they agree` },
  { id: 'flow', label: 'Flow', help: 'The dense NN field as flow (target − source) over the source, Middlebury colours' },
];

export function WarpControls(props: { s: WarpSettings; set: (p: Partial<WarpSettings>) => void; truthWhy: string | null; scoreText: string; onExport: () => void; exportDisabled: boolean }) {
  const { s, set } = props;
  return (
    <div className="warp-controls">
      <fieldset role="radiogroup" aria-label="Warp through">
        <legend>Warp through</legend>
        {THROUGH.map((t) => {
          const disabled = t.id === 'truth' && props.truthWhy !== null;
          return (
            <label key={t.id} title={disabled ? props.truthWhy! : t.help} className={disabled ? 'disabled' : undefined}>
              <input type="radio" name="warp-through" checked={s.through === t.id} disabled={disabled} onChange={() => set({ through: t.id })} />
              {t.label}
            </label>
          );
        })}
      </fieldset>
      <fieldset role="radiogroup" aria-label="Display">
        <legend>Display</legend>
        {DISPLAYS.map((d) => (
          <label key={d.id} title={d.help}>
            <input type="radio" name="warp-display" checked={s.display === d.id} onChange={() => set({ display: d.id })} />
            {d.label}
          </label>
        ))}
      </fieldset>
      {s.display === 'blend' && (
        <label title="0 = target only, 1 = warped source only">
          <span>Source weight</span>
          <input type="range" aria-label="Blend weight" min={0} max={1} step={0.01} value={s.alpha} onChange={(e) => set({ alpha: Number(e.target.value) })} />
          <span className="num">{s.alpha.toFixed(2)}</span>
        </label>
      )}
      {s.display === 'swipe' && (
        <label>
          <span>Swipe</span>
          <input type="range" aria-label="Swipe position" min={0} max={1} step={0.005} value={s.swipe} onChange={(e) => set({ swipe: Number(e.target.value) })} />
        </label>
      )}
      {s.display === 'checker' && (
        <label>
          <span>Square</span>
          <input type="range" aria-label="Checker size" min={4} max={128} step={1} value={s.checker} onChange={(e) => set({ checker: Number(e.target.value) })} />
          <span className="num">{s.checker} px</span>
        </label>
      )}
      <fieldset aria-label="Matches used">
        <legend>Matches used</legend>
        <label title="Keep only matches that are each other's nearest neighbour (the left-right check)">
          <input type="checkbox" aria-label="Mutual only" checked={s.mutualOnly} onChange={(e) => set({ mutualOnly: e.target.checked })} />
          Mutual only
        </label>
        <label title="Keep the matches whose score is in the best part of the score range">
          <span>Score</span>
          <input type="range" aria-label="Score threshold" min={0} max={1} step={0.01} value={s.scoreKeep} onChange={(e) => set({ scoreKeep: Number(e.target.value) })} />
          <span className="num">{props.scoreText}</span>
        </label>
      </fieldset>
      {s.through === 'ransac' && (
        <fieldset aria-label="RANSAC">
          <legend>RANSAC</legend>
          <label title="A match is an inlier when H sends its source point within this many original pixels of its target point">
            <span>Threshold (px)</span>
            <input type="number" aria-label="Inlier threshold (px)" min={0.1} step={0.5} value={s.threshold} onChange={(e) => set({ threshold: e.target.value })} />
          </label>
          <label title="Random 4-match samples drawn (seeded, so the result is reproducible)">
            <span>Iterations</span>
            <input type="number" aria-label="Iterations" min={1} step={100} value={s.iterations} onChange={(e) => set({ iterations: e.target.value })} />
          </label>
          <label>
            <input type="checkbox" aria-label="Show matches" checked={s.showMatches} onChange={(e) => set({ showMatches: e.target.checked })} />
            Inliers / outliers
          </label>
        </fieldset>
      )}
      <button type="button" onClick={props.onExport} disabled={props.exportDisabled}
        title={s.display === 'flow' ? 'The flow image at the source’s original resolution' : 'The warped source at the target’s original resolution (transparent where masked)'}>
        Export PNG
      </button>
    </div>
  );
}
