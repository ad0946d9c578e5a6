/**
 * One pair of `matchscope eval`: read both images and the ground truth, then for each descriptor describe
 * both working images and score them with the engine's evaluateMaps (the function the app's worker calls).
 * Runs in the main thread for one pair, in worker threads for a suite.
 */
import { readFileSync } from 'node:fs';
import { GroundTruthError } from '../../engine/eval/groundTruth';
import { checkGroundTruthSize, parseGroundTruthFile } from '../../engine/eval/readers';
import { evaluateMaps, type EvalSettings, type EvaluationMetrics } from '../../engine/eval/evaluate';
import { getDescriptor } from '../../engine/descriptors/registry';
import type { ParamsOf } from '../../engine/descriptors/contract';
import { describeDense, disposeMap, ensureFinite, type DescriptorMap } from '../../engine/match/descriptorMap';
import { CliError } from '../errors';
import { prepareDescriptor } from '../modelFiles';
import { fileErrorText, loadImage, type LoadedImage } from '../loadImage';
import type { Log } from '../log';

export interface PairJob {
  name: string;
  source: string;
  target: string;
  gt: string;
  descriptors: { id: string; params: ParamsOf }[];
  settings: EvalSettings;
  maxPixels: number;
}

/** One descriptor's result on one pair: the JSON fields, plus MMA and the corner error for the table and CSV. */
export type DescriptorResult = EvaluationMetrics & {
  seconds: number;
};

export interface PairResult {
  name: string;
  results: Record<string, DescriptorResult>;
}

const sizesOf = (img: LoadedImage) => ({ width: img.width, height: img.height, workingWidth: img.working.width, workingHeight: img.working.height });

function readGroundTruth(path: string, source: LoadedImage) {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ground truth ${path}: ${fileErrorText(e)}`);
  }
  try {
    const gt = parseGroundTruthFile(path, bytes);
    checkGroundTruthSize(gt, source.width, source.height);
    return gt;
  } catch (e) {
    if (e instanceof GroundTruthError) throw new CliError(`ground truth ${path}: ${e.message}`);
    throw e;
  }
}

/** Evaluates every descriptor of the job on its pair; `onDescriptor` is called after each. */
export async function evaluatePairJob(job: PairJob, log: Log, onDescriptor: (id: string) => void = () => {}): Promise<PairResult> {
  const source = loadImage(job.source, `source image of ${job.name}`, job.maxPixels, log);
  const target = loadImage(job.target, `target image of ${job.name}`, job.maxPixels, log);
  const gt = readGroundTruth(job.gt, source);
  const results: Record<string, DescriptorResult> = {};
  for (const choice of job.descriptors) {
    const d = getDescriptor(choice.id);
    let a: DescriptorMap | undefined;
    let b: DescriptorMap | undefined;
    try {
      const t0 = performance.now();
      // Learned descriptors read their weights first (public/models).
      await prepareDescriptor(d, choice.params);
      a = await ensureFinite(describeDense(source.working, d, choice.params));
      b = await ensureFinite(describeDense(target.working, d, choice.params));
      const r = await evaluateMaps(a, b, d.metric, gt, { source: sizesOf(source), target: sizesOf(target) }, job.settings);
      results[d.id] = { ...r.metrics, seconds: (performance.now() - t0) / 1000 };
    } finally {
      disposeMap(a);
      disposeMap(b);
    }
    onDescriptor(d.id);
  }
  return { name: job.name, results };
}
