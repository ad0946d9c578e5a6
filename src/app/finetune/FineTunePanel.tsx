/**
 * The side panel's "Fine-tune on this pair" section: UCN's training loop (Choy et al., NIPS 2016) run in the
 * worker on the loaded images, with progress, a live loss chart, cancel, and the tuned model selected and
 * downloadable when done.
 */
import { UCN_VARIANTS, type UcnVariant } from '../../engine/learned/ucn/model';
import type { UcnProgress } from '../../engine/learned/ucn/train';
import { useApp } from '../store';
import { useEval } from '../eval/evalStore';
import { useFineTune, type FineTuneState } from './fineTuneStore';
import { cancelFineTune, downloadTunedModel, startBlocker, startFineTune, usableGroundTruth } from './fineTuneRun';
import { CHART_COLOURS, LossChart } from './LossChart';
import './finetune.css';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function NumberField({ label, value, min, max, step, onChange, disabled }: { label: string; value: number; min: number; max: number; step: number; onChange: (v: number) => void; disabled: boolean }) {
  return (
    <label className="row">
      <span>{label}</span>
      <input type="number" aria-label={label} value={value} min={min} max={max} step={step} disabled={disabled}
        onChange={(e) => { const v = Number(e.target.value); if (Number.isFinite(v)) onChange(Math.min(max, Math.max(min, Math.round(v / step) * step))); }} />
    </label>
  );
}

function Progress({ running, reports, steps }: { running: NonNullable<FineTuneState['running']>; reports: UcnProgress[]; steps: number }) {
  const last = reports.at(-1);
  const done = last?.step ?? 0;
  const elapsed = (performance.now() - running.startedAt) / 1000;
  const perStep = done > 0 && last ? last.elapsedMs / 1000 / done : null;
  const eta = perStep === null ? '' : ` · about ${Math.ceil(perStep * (steps - done))} s left`;
  return (
    <div className="finetune-progress" data-testid="finetune-progress">
      <progress max={steps} value={done} aria-label="Fine-tuning progress" />
      <span className="hint">step {done}/{steps}{eta} · {elapsed.toFixed(0)} s</span>
    </div>
  );
}

function Outcome({ s }: { s: FineTuneState }) {
  const o = s.outcome;
  if (!o) return null;
  if (o.kind === 'cancelled') return <p className="hint" data-testid="finetune-outcome">Cancelled: the partial run was discarded; the previous model stays selected.</p>;
  if (o.kind === 'failed') return <p role="alert" className="error" data-testid="finetune-outcome">{o.message}</p>;
  const c = o.result.curve;
  const [first, last] = [c[0], c.at(-1)!];
  return (
    <div data-testid="finetune-outcome">
      <p className="hint">
        Done: {o.result.stepsDone} steps from ucn-{o.result.base} in {(o.result.ms / 1000).toFixed(0)} s ({o.backend}); now selected as UCN <b>tuned</b>.
        Held-out warps of these images, PCK@4 / @8 px: {pct(first.validationPck[0])} / {pct(first.validationPck[1])} → {pct(last.validationPck[0])} / {pct(last.validationPck[1])}.
        {first.pairPck && last.pairPck && <> On this pair's ground truth ({o.result.pairPoints} points, {o.trainedOnGroundTruth ? 'not held out: it was trained on' : 'not trained on'}): {pct(first.pairPck[0])} / {pct(first.pairPck[1])} → <b data-testid="pair-pck-after">{pct(last.pairPck[0])} / {pct(last.pairPck[1])}</b>.</>}
      </p>
      <button type="button" onClick={downloadTunedModel}>Download tuned model</button>
      <p className="hint">model.json + weights.bin (the format of public/models/ucn-*) and card.json; put them in one folder and run <code>npx matchscope match --descriptor ucn --model-dir DIR …</code>. The tuned model lives only in this tab: a reload falls back to ucn-{o.result.base}.</p>
    </div>
  );
}

export function FineTunePanel() {
  const s = useFineTune();
  const descriptorId = useApp((a) => a.settings.descriptorId);
  const gt = usableGroundTruth(useEval((e) => e.gt));
  const busy = s.running !== null;
  const blocker = startBlocker(s.size, useApp((a) => a.images));
  const steps = s.running ? (s.reports[0]?.steps ?? s.steps) : s.outcome?.kind === 'done' ? s.outcome.result.curve[0].steps : s.steps;
  return (
    <section aria-labelledby="finetune-h" className="finetune-panel">
      <details open={descriptorId === 'ucn' || busy || s.outcome !== null}>
        <summary><h2 id="finetune-h">Fine-tune on this pair (UCN)</h2></summary>
        <p className="hint">
          Runs UCN's training loop in the engine, starting from a shipped variant (the MobileNetV2 backbone stays frozen), on random warps of
          both loaded images (self-supervised){'name' in gt && s.useGroundTruth ? ', and on crops of source ↔ target under the ground truth' : ''}.
          Validation: held-out warps of these images (another seed){'name' in gt ? ", and PCK on this pair's ground truth" : ''}.
        </p>
        <label className="row">
          <span>Start from</span>
          <select aria-label="Start from" value={s.base} disabled={busy} onChange={(e) => s.set({ base: e.target.value as UcnVariant })}>
            {UCN_VARIANTS.map((v) => <option key={v} value={v}>ucn-{v}</option>)}
          </select>
        </label>
        <NumberField label="Steps" value={s.steps} min={1} max={1000} step={1} disabled={busy} onChange={(v) => s.set({ steps: v })} />
        <NumberField label="Crop (px)" value={s.size} min={32} max={256} step={4} disabled={busy} onChange={(v) => s.set({ size: v })} />
        <NumberField label="Seed" value={s.seed} min={0} max={2 ** 31 - 1} step={1} disabled={busy} onChange={(v) => s.set({ seed: v })} />
        <label className="row" title={'why' in gt ? gt.why : `Also train on crops of the pair matched by ${gt.name}; the PCK on it is then not held out.`}>
          <input type="checkbox" aria-label="Use ground truth" checked={'name' in gt && s.useGroundTruth} disabled={busy || 'why' in gt} onChange={(e) => s.set({ useGroundTruth: e.target.checked })} />
          <span>Use ground truth{'why' in gt ? ` (off: ${gt.why})` : ` (${gt.name})`}</span>
        </label>
        <div className="row">
          <button type="button" disabled={busy || blocker !== null} onClick={() => void startFineTune()}>Start fine-tuning</button>
          <button type="button" disabled={!busy} onClick={cancelFineTune}>Cancel</button>
        </div>
        {blocker && !busy && <p className="hint" data-testid="finetune-blocker">Cannot start: {blocker}.</p>}
        <p className="hint">Cancel discards the partial run and keeps the model selected before it.</p>
        {s.running && <Progress running={s.running} reports={s.reports} steps={steps} />}
        {s.reports.length > 0 && (
          <>
            <LossChart reports={s.reports} steps={steps} />
            <p className="hint legend">
              <span style={{ color: CHART_COLOURS.loss }}>● training loss</span>{' '}
              <span style={{ color: CHART_COLOURS.warps }}>- - PCK@8, held-out warps of these images</span>{' '}
              {s.reports.some((p) => p.pairPck) && <span style={{ color: CHART_COLOURS.pair }}>— PCK@8 on this pair's ground truth{(s.running?.trainedOnGroundTruth ?? (s.outcome?.kind === 'done' && s.outcome.trainedOnGroundTruth)) ? ' (not held out)' : ''}</span>}
            </p>
          </>
        )}
        <Outcome s={s} />
      </details>
    </section>
  );
}
