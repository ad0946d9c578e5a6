/**
 * The side panel's Evaluation section: ground truth in, a results table and PCK curves for the current
 * descriptor and any others chosen, the formulas, correct/wrong colouring, and the distortion generator.
 */
import { useEffect } from 'react';
import { DESCRIPTORS } from '../../engine/descriptors/registry';
import { useApp } from '../store';
import { useEval } from './evalStore';
import { cancelEvaluation, loadGroundTruthFile, loadSampleGroundTruth, runEvaluation } from './evalRun';
import { PckCurves } from './PckCurves';
import { HowComputed } from './HowComputed';
import { ResultsTable } from './ResultsTable';
import { DistortPanel } from './DistortPanel';
import { ErrorMapPanel } from './ErrorMapPanel';
import './eval.css';

const KIND_LABEL = { homography: 'homography', disparity: 'disparity map', flow: 'optical flow', points: 'sparse points' } as const;

/** Follows the built-in samples' ground truth, and drops results whenever what they describe changes. */
function useEvalLifecycle() {
  const sampleId = useApp((s) => s.sampleId);
  const source = useApp((s) => s.images.source);
  const target = useApp((s) => s.images.target);
  const stride = useApp((s) => s.settings.stride);
  const targetStride = useApp((s) => s.settings.targetStride);
  const precision = useApp((s) => s.settings.precision);
  useEffect(() => {
    if (sampleId) void loadSampleGroundTruth(sampleId);
  }, [sampleId, source]);
  useEffect(() => {
    // A sample's truth does not describe a user's new source image.
    const gt = useEval.getState().gt;
    if (!sampleId && gt?.origin === 'sample') useEval.getState().set({ gt: null });
  }, [sampleId, source]);
  useEffect(() => {
    cancelEvaluation();
    useEval.getState().set({ results: [], runError: null });
  }, [source, target, stride, targetStride, precision]);
}

export function EvaluatePanel() {
  useEvalLifecycle();
  const ev = useEval();
  const descriptorId = useApp((s) => s.settings.descriptorId);
  const ready = useApp((s) => Boolean(s.images.source && s.images.target));
  const toggleOther = (id: string, on: boolean) => ev.set({ others: on ? [...ev.others, id] : ev.others.filter((x) => x !== id) });
  return (
    <section aria-labelledby="eval-h" className="evaluate-panel">
      <h2 id="eval-h">Evaluation</h2>
      <label className="row" title="A homography .txt (3×3, source → target), a disparity .pfm (x′ = x − d), a Middlebury .flo or a .csv with x0,y0,x1,y1">
        <span>Ground truth</span>
        <input type="file" aria-label="Ground truth file" accept=".txt,.pfm,.flo,.csv"
          onChange={(e) => { const f = e.target.files?.[0]; if (f) void loadGroundTruthFile(f, f.name); e.target.value = ''; }} />
      </label>
      <p className="hint" data-testid="gt-status">
        {ev.gt ? <>Using <b>{ev.gt.name}</b> ({KIND_LABEL[ev.gt.truth.kind]}{ev.gt.origin === 'generated' ? ', generated' : ev.gt.origin === 'sample' ? ', with the sample' : ''})</> : 'No ground truth: load H.txt, .pfm, .flo or .csv.'}
      </p>
      {ev.gtError && <p role="alert" className="error" data-testid="gt-error">{ev.gtError}</p>}
      <details>
        <summary>Also evaluate ({ev.others.filter((x) => x !== descriptorId).length} chosen)</summary>
        <div className="eval-choices">
          {DESCRIPTORS.filter((d) => d.id !== descriptorId).map((d) => (
            <label key={d.id} className="row">
              <input type="checkbox" aria-label={`Evaluate ${d.id}`} checked={ev.others.includes(d.id)} onChange={(e) => toggleOther(d.id, e.target.checked)} />
              <span>{d.id}</span>
            </label>
          ))}
        </div>
      </details>
      <div className="row">
        <button type="button" disabled={!ev.gt || !ready || ev.running !== null} onClick={() => void runEvaluation()}>Evaluate</button>
        {ev.running && <button type="button" onClick={cancelEvaluation}>Cancel</button>}
        {ev.running && <span className="hint" data-testid="eval-progress">{ev.running.id} ({ev.running.done + 1}/{ev.running.total})…</span>}
      </div>
      {ev.runError && <p role="alert" className="error">{ev.runError}</p>}
      <ResultsTable results={ev.results} />
      <PckCurves results={ev.results} />
      <ErrorMapPanel />
      <label className="row" title="Green: end-point error ≤ T; red: larger; grey: no ground truth there">
        <input type="checkbox" aria-label="Colour matches correct or wrong" checked={ev.colourCorrect} disabled={!ev.gt}
          onChange={(e) => ev.set({ colourCorrect: e.target.checked })} />
        <span>Colour matches correct / wrong at T =</span>
        <input type="number" aria-label="Correctness threshold" min={0.5} max={100} step={0.5} value={ev.threshold} style={{ width: '4em' }}
          onChange={(e) => { const v = Number(e.target.value); if (v > 0) ev.set({ threshold: v }); }} />
        <span>px</span>
      </label>
      <HowComputed />
      <DistortPanel />
    </section>
  );
}
