/** The matches: how many, drawn how, and the export. */
import { useApp } from '../store';
import { METRICS } from '../../engine/match/metric';
import { getDescriptor } from '../../engine/descriptors/registry';
import { currentMatchesDocument } from './currentMatches';
import { downloadBlob } from './download';
import { Legend } from './Legend';
import { runKeypoints } from '../engine/controller';
import { BriskOptions } from './BriskOptions';
import { SearchMode } from './SearchMode';
import { PrecisionOption } from './PrecisionOption';

/** Sparse SIFT over the dense field: Lowe's DoG keypoints (blue circles, radius σ) and their matches (magenta). */
function KeypointToggle() {
  const show = useApp((s) => s.view.showKeypoints);
  const sparse = useApp((s) => s.sparse);
  const ratio = useApp((s) => s.settings.ratio);
  const asiftTilts = useApp((s) => s.view.asiftTilts);
  const method = useApp((s) => s.view.keypointMethod);
  const maxLines = useApp((s) => s.view.maxLines);
  return (
    <div>
      <label className="row" title="Lowe's DoG detector and SIFT descriptors on both images, matched by nearest neighbour with the ratio test (0.8 unless Ratio is set) and the Mutual setting.">
        <input type="checkbox" aria-label="SIFT keypoints" checked={show}
          onChange={(e) => { useApp.getState().setView({ showKeypoints: e.target.checked }); if (e.target.checked && !useApp.getState().sparse) void runKeypoints(); }} />
        <span className="wrap">SIFT keypoints (sparse DoG)</span>
      </label>
      {show && (
        <label className="row" title="ASIFT (Morel & Yu 2009) simulates camera tilts t = √2^k and longitudes every 72°/t, runs SIFT on every view and matches all view pairs: affine invariant, at the cost of many more views.">
          <span>Keypoints</span>
          <select aria-label="Keypoint method" value={method === 'brisk' ? 'brisk' : asiftTilts}
            onChange={(e) => {
              const v = e.target.value;
              useApp.getState().setView(v === 'brisk' ? { keypointMethod: 'brisk' } : { keypointMethod: 'sift', asiftTilts: Number(v) });
              void runKeypoints();
            }}>
            <option value={0}>SIFT (DoG), 1 view</option>
            <option value={2}>ASIFT, tilts ≤ 2 (10 views)</option>
            <option value={3}>ASIFT, tilts ≤ 2√2 (18 views)</option>
            <option value={5}>ASIFT, tilts ≤ 4√2 (43 views, the paper's)</option>
            <option value="brisk">BRISK (FAST scale space, 512-bit binary)</option>
          </select>
        </label>
      )}
      {show && method === 'brisk' && <BriskOptions />}
      {show && sparse && (
        <p className="hint" data-testid="keypoint-count" data-matches={sparse.matches.x0.length} data-source={sparse.source.x.length} data-target={sparse.target.x.length}>
          {sparse.source.x.length.toLocaleString()} and {sparse.target.x.length.toLocaleString()} keypoints, {sparse.matches.x0.length.toLocaleString()} matches
          ({sparse.method === 'brisk' ? 'Hamming distance, ' : ''}ratio {ratio ?? 0.8}{sparse.options.mutual ? ', mutual' : ''}{sparse.views > 1 ? `; ${sparse.views} views per image, every view pair matched, no ORSA filter` : ''}); the best {Math.min(maxLines, sparse.matches.x0.length).toLocaleString()} drawn (Lines shown); detect {(sparse.timingsMs.detect_source + sparse.timingsMs.detect_target).toFixed(0)} ms
        </p>
      )}
    </div>
  );
}

export function MatchesPanel() {
  const compute = useApp((s) => s.compute);
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  if (!compute) return null;
  const m = compute.matches;
  const metric = METRICS[compute.metric];
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of m.score) {
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  const mutualCount = m.mutual.reduce((a, b) => a + b, 0);
  const exportJson = () => {
    const doc = currentMatchesDocument();
    if (doc) downloadBlob(new Blob([JSON.stringify(doc, null, 1)], { type: 'application/json' }), `matches-${compute.descriptorId}.json`);
  };
  return (
    <section aria-labelledby="matches-h">
      <h2 id="matches-h">Matches</h2>
      <p data-testid="match-count" data-count={m.x0.length}>
        {m.x0.length.toLocaleString()} matches of {m.candidates.toLocaleString()} grid points ({mutualCount.toLocaleString()} mutual)
        · {getDescriptor(compute.descriptorId).label}, D = {compute.dim}, stride {compute.options.stride}
        {compute.options.search === 'scanline' && `, scanline search d = ${compute.options.dmin}…${compute.options.dmax}`}
      </p>
      <div className="row"><SearchMode /></div>
      <PrecisionOption />
      <label className="row">
        <span>Lines shown (best first)</span>
        <input type="range" aria-label="Lines shown" min={0} max={Math.max(1, m.x0.length)} step={1}
          value={Math.min(view.maxLines, m.x0.length)} onChange={(e) => setView({ maxLines: Number(e.target.value) })} />
        <span className="num">{Math.min(view.maxLines, m.x0.length)}</span>
      </label>
      <LineFilters lo={lo} hi={hi} higherIsBetter={metric.higherIsBetter} mutualSetting={compute.options.mutual} />
      {m.x0.length > 0 && <Legend title={`Line colour: ${metric.label}`} lo={lo} hi={hi} higherIsBetter={metric.higherIsBetter} colorMap={view.colorMap} />}
      <div className="row">
        <button type="button" onClick={exportJson}>Export matches</button>
        <label>
          <span>Colour map</span>
          <select aria-label="Colour map" value={view.colorMap} onChange={(e) => setView({ colorMap: e.target.value as 'viridis' | 'cividis' })}>
            <option value="viridis">viridis</option>
            <option value="cividis">cividis (colour-blind safe)</option>
          </select>
        </label>
      </div>
      <KeypointToggle />
      <label className="row">
        <span>Heatmap opacity</span>
        <input type="range" aria-label="Heatmap opacity" min={0} max={1} step={0.05} value={view.heatmapOpacity}
          onChange={(e) => setView({ heatmapOpacity: Number(e.target.value) })} />
      </label>
      <p className="hint">Timings: {Object.entries(compute.timingsMs).map(([k, v]) => `${k.replace('_', ' ')} ${v.toFixed(0)} ms`).join(' · ')} ({compute.backend})</p>
    </section>
  );
}

/**
 * Drawing filters for the Matches view (nothing is recomputed): mutual matches only, and a score limit
 * in the metric's own direction. The slider's worst end means "no limit".
 */
function LineFilters(props: { lo: number; hi: number; higherIsBetter: boolean; mutualSetting: boolean }) {
  const { lo, hi, higherIsBetter } = props;
  const mutualOnly = useApp((s) => s.view.lineMutualOnly);
  const limit = useApp((s) => s.view.lineScoreLimit);
  const setView = useApp((s) => s.setView);
  const worst = higherIsBetter ? lo : hi;
  const span = hi - lo;
  const step = span > 0 ? span / 200 : 1;
  const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(3));
  return (
    <>
      {!props.mutualSetting && (
        <label className="row" title="Draw only the matches that are each other's nearest neighbour (the Mutual setting would drop the others when computing).">
          <input type="checkbox" aria-label="Draw mutual matches only" checked={mutualOnly} onChange={(e) => setView({ lineMutualOnly: e.target.checked })} />
          <span>Draw mutual matches only</span>
        </label>
      )}
      <label className="row" title={higherIsBetter ? 'Draw only matches scoring at least this.' : 'Draw only matches at most this far apart.'}>
        <span>Score {higherIsBetter ? '≥' : '≤'}</span>
        <input type="range" aria-label="Score limit" min={lo} max={hi} step={step} disabled={span <= 0}
          value={limit ?? worst}
          onChange={(e) => {
            const v = Number(e.target.value);
            setView({ lineScoreLimit: Math.abs(v - worst) < step / 2 ? null : v });
          }} />
        <span className="num" data-testid="score-limit">{limit === null ? 'all' : fmt(limit)}</span>
      </label>
    </>
  );
}
