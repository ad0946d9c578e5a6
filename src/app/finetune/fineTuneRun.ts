/**
 * Starting, cancelling and downloading a "Fine-tune on this pair" run. The worker does the training
 * (controller.fineTuneUcn); this file turns its reports and outcome into panel state and, on success, selects
 * UCN `variant: 'tuned'` so the matches are recomputed with it at once.
 */
import { isAbortError } from '../../engine/core/abort';
import { isWorkerCrash } from '../../worker/client';
import { fineTuneUcn, recompute } from '../engine/controller';
import { useApp } from '../store';
import { useEval, type LoadedGroundTruth } from '../eval/evalStore';
import type { GroundTruth } from '../../engine/eval/groundTruth';
import type { AppState } from '../store';
import { downloadBlob } from '../panels/download';
import { useFineTune, type FineTuneOutcome } from './fineTuneStore';

let job: AbortController | null = null;

/** Dense ground truth the run can use, or why not (sparse points say nothing at crop centres). */
export function usableGroundTruth(gt: LoadedGroundTruth | null = useEval.getState().gt): { name: string; truth: GroundTruth } | { why: string } {
  if (!gt) return { why: 'this pair has no ground truth (load one in the Evaluation panel)' };
  if (gt.truth.kind === 'points') return { why: 'sparse point ground truth says nothing at random crops; a homography, disparity or flow is needed' };
  return { name: gt.name, truth: gt.truth };
}

/** Why Start cannot run now, in words, or null. */
export function startBlocker(size: number, images: AppState['images'] = useApp.getState().images): string | null {
  for (const side of ['source', 'target'] as const) {
    const img = images[side];
    if (!img) return `load a ${side} image first`;
    if (img.workingWidth < size || img.workingHeight < size) return `the ${side} image (${img.workingWidth}×${img.workingHeight}) is smaller than the ${size}×${size} crop: choose a crop of at most ${Math.floor(Math.min(img.workingWidth, img.workingHeight) / 4) * 4} px`;
  }
  return null;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function startFineTune(): Promise<void> {
  const s = useFineTune.getState();
  if (s.running) return;
  const gt = usableGroundTruth();
  const groundTruth = 'name' in gt ? gt.name : null;
  const trainedOnGroundTruth = s.useGroundTruth && 'name' in gt;
  const blocker = startBlocker(s.size);
  if (blocker) return s.set({ outcome: { kind: 'failed', message: `Cannot fine-tune: ${blocker}.` }, reports: [] });
  job = new AbortController();
  s.set({ running: { startedAt: performance.now(), stage: 'starting', groundTruth, trainedOnGroundTruth }, reports: [], outcome: null });
  let outcome: FineTuneOutcome;
  try {
    const result = await fineTuneUcn(
      { base: s.base, steps: s.steps, size: s.size, seed: s.seed, useGroundTruth: trainedOnGroundTruth, gt: 'name' in gt ? gt.truth : null },
      job.signal,
      (p, stage) => useFineTune.setState((st) => ({ reports: [...st.reports, p], running: st.running && { ...st.running, stage } })),
    );
    outcome = { kind: 'done', result, settings: { steps: s.steps, size: s.size, seed: s.seed }, groundTruth, trainedOnGroundTruth, backend: useApp.getState().backend?.id ?? 'unknown' };
    selectTuned();
  } catch (e) {
    if (isAbortError(e)) outcome = { kind: 'cancelled' };
    else if (isWorkerCrash(e)) outcome = { kind: 'failed', message: `The run stopped: ${message(e)}. The engine restarts; the previous model stays selected.` };
    else outcome = { kind: 'failed', message: `Fine-tuning failed: ${message(e)}` };
  }
  job = null;
  useFineTune.getState().set({ running: null, outcome });
}

/** The tuned model becomes the descriptor; when it already was (a second run), recompute explicitly. */
function selectTuned(): void {
  const st = useApp.getState();
  st.setNotice('ucn-tuned', null);
  const already = st.settings.descriptorId === 'ucn' && st.settings.params.ucn?.variant === 'tuned';
  useApp.setState((a) => ({ settings: { ...a.settings, descriptorId: 'ucn', params: { ...a.settings.params, ucn: { ...(a.settings.params.ucn ?? {}), variant: 'tuned' } } } }));
  if (already) void recompute();
}

/** Cancel discards the partial run: the worker throws it away and the previous model stays selected. */
export function cancelFineTune(): void {
  job?.abort();
}

/** model.json + weights.bin in the format of public/models/ucn-*, and card.json with the settings and the curve. */
export function tunedModelFiles(o: Extract<FineTuneOutcome, { kind: 'done' }>): { name: string; blob: Blob }[] {
  const r = o.result;
  const settings = o.settings;
  const modelJson = { format: 'matchscope-weights', model: 'ucn', variant: r.model.variant, produced_by: 'matchscope app: Fine-tune on this pair', ...r.model.manifest };
  const card = {
    model: 'ucn', variant: r.model.variant, fine_tuned_from: `ucn-${r.base}`,
    paper: 'C. B. Choy, J. Gwak, S. Savarese, M. Chandraker, "Universal Correspondence Network", NIPS 2016',
    images: r.images,
    data: `random ${settings.size}×${settings.size} warps of both images${o.trainedOnGroundTruth ? `, and crops of source ↔ target under the ground truth ${o.groundTruth}` : ''}`,
    ground_truth: o.groundTruth, trained_on_ground_truth: o.trainedOnGroundTruth,
    steps_requested: settings.steps, steps: r.stepsDone, seed: settings.seed, crop: settings.size, seconds: Math.round(r.ms / 1000), backend: o.backend,
    validation: 'held-out warps of these images (seed + 1): PCK of nearest-cell matches within 4 / 8 px',
    pair_pck: o.groundTruth ? `on this pair's ground truth (${r.pairPoints} points; ${o.trainedOnGroundTruth ? 'not held out' : 'the ground truth was not used in training'}): PCK of nearest-cell matches within 4 / 8 px` : null,
    loss_curve: r.curve.map((p) => ({ step: p.step, loss: Number.isFinite(p.loss) ? p.loss : null, validation_pck4: p.validationPck[0], validation_pck8: p.validationPck[1], pair_pck4: p.pairPck?.[0] ?? null, pair_pck8: p.pairPck?.[1] ?? null, seconds: Math.round(p.elapsedMs / 1000) })),
  };
  return [
    { name: 'model.json', blob: new Blob([`${JSON.stringify(modelJson, null, 1)}\n`], { type: 'application/json' }) },
    { name: 'weights.bin', blob: new Blob([r.model.weights.slice()], { type: 'application/octet-stream' }) },
    { name: 'card.json', blob: new Blob([`${JSON.stringify(card, null, 1)}\n`], { type: 'application/json' }) },
  ];
}

export function downloadTunedModel(): void {
  const s = useFineTune.getState();
  if (s.outcome?.kind !== 'done') return;
  for (const f of tunedModelFiles(s.outcome)) downloadBlob(f.blob, f.name);
}
