/**
 * The Evaluation panel's actions: read a ground-truth file (validated in the page, so a bad file is
 * reported before anything runs), follow the built-in samples' ground truth, and score descriptors one
 * after the other in the worker, cancellable.
 */
import { isAbortError } from '../../engine/core/abort';
import { GroundTruthError } from '../../engine/eval/groundTruth';
import { checkGroundTruthSize, parseGroundTruthFile } from '../../engine/eval/readers';
import { DEFAULT_ALPHAS, DEFAULT_THRESHOLDS } from '../../engine/eval/metrics';
import { currentParams } from '../store/settings';
import { useApp } from '../store';
import { SAMPLE_GROUND_TRUTH } from './sampleGroundTruth';
import { evaluateDescriptor } from '../engine/controller';
import { useEval, type LoadedGroundTruth } from './evalStore';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
let job: AbortController | null = null;

/** Parses and checks a ground-truth file against the loaded source; keeps the previous one on error. */
export async function loadGroundTruthFile(file: Blob, name: string, origin: LoadedGroundTruth['origin'] = 'file'): Promise<boolean> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.length === 0) throw new GroundTruthError('the file is empty (0 bytes)');
    const truth = parseGroundTruthFile(name, bytes);
    const src = useApp.getState().images.source;
    if (src) checkGroundTruthSize(truth, src.width, src.height);
    cancelEvaluation();
    useEval.getState().set({ gt: { name, truth, origin }, gtError: null, results: [], runError: null });
    return true;
  } catch (e) {
    useEval.getState().set({ gtError: `Could not use “${name}” as ground truth: ${message(e)}.${useEval.getState().gt ? ' The previous ground truth is kept.' : ''}` });
    return false;
  }
}

/** Loads the ground truth that ships with a built-in sample. */
export async function loadSampleGroundTruth(sampleId: string): Promise<void> {
  const url = SAMPLE_GROUND_TRUTH[sampleId];
  if (!url) return;
  try {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    await loadGroundTruthFile(await r.blob(), url.split('/').pop()!, 'sample');
  } catch (e) {
    useEval.getState().set({ gtError: `The sample's ground truth could not be loaded: ${message(e)}` });
  }
}

export function cancelEvaluation(): void {
  job?.abort();
  job = null;
  if (useEval.getState().running) useEval.getState().set({ running: null });
}

/** Scores the current descriptor, then each chosen other, with the app's stride settings. */
export async function runEvaluation(): Promise<void> {
  const { gt, others } = useEval.getState();
  const s = useApp.getState();
  if (!gt || !s.images.source || !s.images.target) return;
  cancelEvaluation();
  const mine = (job = new AbortController());
  const settings = s.settings;
  const ids = [settings.descriptorId, ...others.filter((id) => id !== settings.descriptorId)];
  const results = [];
  useEval.getState().set({ results: [], runError: null });
  try {
    for (const [k, id] of ids.entries()) {
      useEval.getState().set({ running: { id, done: k, total: ids.length } });
      // The current descriptor uses the parameters in the form; others their defaults.
      const params = id === settings.descriptorId ? currentParams(settings) : {};
      const r = await evaluateDescriptor({
        descriptorId: id, params, gt: gt.truth, stride: settings.stride, targetStride: settings.targetStride ?? settings.stride, precision: settings.precision,
        thresholds: DEFAULT_THRESHOLDS, alphas: DEFAULT_ALPHAS,
      }, mine.signal);
      results.push(r);
      useEval.getState().set({ results: [...results] });
    }
  } catch (e) {
    if (!isAbortError(e)) useEval.getState().set({ runError: `Evaluation failed: ${message(e)}` });
  } finally {
    if (job === mine) {
      job = null;
      useEval.getState().set({ running: null });
    }
  }
}
