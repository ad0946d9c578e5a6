/**
 * The worker side of "Fine-tune on this pair" (engine/learned/ucn/fineTune.ts), kept beside handlers.ts so
 * the API file stays short: the run on the loaded working images, its reports streamed as progress detail,
 * and the result handed to the UCN descriptor as `variant: 'tuned'`.
 */
import type { RgbImage } from '../engine/core/image';
import { toOriginal, toWorking } from '../engine/core/workingSize';
import { trueTarget, type GroundTruth } from '../engine/eval/groundTruth';
import { checkGroundTruthSize } from '../engine/eval/readers';
import { decodeWeights, type WeightsManifest } from '../engine/learned/modelFiles';
import { fineTuneUcn } from '../engine/learned/ucn/fineTune';
import { prepareUcnBackbone, serialiseUcn, ucnFromNamed, UCN_VARIANTS, type UcnVariant } from '../engine/learned/ucn/model';
import type { PointMap } from '../engine/learned/ucn/pairs';
import type { UcnProgress } from '../engine/learned/ucn/train';
import { setTunedUcn, ucnWeightsOf } from '../engine/descriptors/learned/ucn';
import type { CallContext } from './protocol';

interface Side {
  name: string;
  width: number;
  height: number;
  image: RgbImage;
}

export interface FineTuneArgs {
  /** The shipped variant to start from. */
  base: UcnVariant;
  steps: number;
  /** Crop side in working pixels. */
  size: number;
  seed: number;
  /** Train on the ground truth's crops too; `gt` must then be given. */
  useGroundTruth: boolean;
  /** The pair's ground truth in original pixels (as the Evaluation panel holds it), or null. */
  gt: GroundTruth | null;
}

/** A tuned model as the page keeps it: enough to download it, or to hand it to a restarted worker. */
export interface TunedModel {
  variant: UcnVariant;
  manifest: WeightsManifest;
  weights: Uint8Array;
}

function checkArgs(a: FineTuneArgs): void {
  if (!UCN_VARIANTS.includes(a.base)) throw new RangeError(`fine-tuning starts from ${UCN_VARIANTS.join(', ')}, got '${a.base}'`);
  if (!Number.isInteger(a.steps) || a.steps < 1 || a.steps > 1000) throw new RangeError(`steps must be an integer in 1…1000, got ${a.steps}`);
  if (!Number.isInteger(a.size) || a.size < 32 || a.size > 256 || a.size % 4 !== 0) throw new RangeError(`the crop must be a multiple of 4 in 32…256 px, got ${a.size}`);
  if (!Number.isInteger(a.seed) || a.seed < 0) throw new RangeError(`the seed must be a non-negative integer, got ${a.seed}`);
  if (a.useGroundTruth && !a.gt) throw new RangeError('"use ground truth" needs the pair\'s ground truth (load it in the Evaluation panel)');
}

/** The ground truth between the working images: working → original source pixel, truth, original → working target pixel. */
function workingTruth(gt: GroundTruth, s: Side, t: Side): PointMap {
  const [ssx, ssy, tsx, tsy] = [s.image.width / s.width, s.image.height / s.height, t.image.width / t.width, t.image.height / t.height];
  return (x, y) => {
    const m = trueTarget(gt, toOriginal(x, ssx), toOriginal(y, ssy));
    return m ? [toWorking(m[0], tsx), toWorking(m[1], tsy)] : null;
  };
}

/** Runs the fine-tuning; every report goes to the page as progress detail. The tuned weights replace any earlier. */
export async function fineTuneInWorker(args: FineTuneArgs, source: Side, target: Side, ctx: CallContext) {
  checkArgs(args);
  if (args.gt) checkGroundTruthSize(args.gt, source.width, source.height);
  ctx.progress('fine-tuning UCN: loading the model', 0);
  const backbone = await prepareUcnBackbone();
  const init = await ucnWeightsOf(args.base);
  const truth = args.gt ? workingTruth(args.gt, source, target) : null;
  const r = await fineTuneUcn(backbone, init, source.image, target.image, truth, {
    steps: args.steps, seed: args.seed, size: args.size, useGroundTruth: args.useGroundTruth, signal: ctx.signal,
    onProgress: (p: UcnProgress) => ctx.progress(`fine-tuning UCN: step ${p.step}/${p.steps}`, p.step / p.steps, p),
  });
  setTunedUcn(r.weights);
  const { manifest, bytes } = serialiseUcn(r.weights);
  return {
    base: args.base,
    model: { variant: r.weights.variant, manifest, weights: bytes } satisfies TunedModel,
    curve: r.curve,
    stepsDone: r.stepsDone,
    ms: r.ms,
    pairPoints: r.pairPoints,
    images: { source: source.name, target: target.name, sourceSize: [source.image.width, source.image.height], targetSize: [target.image.width, target.image.height] },
  };
}

/** Hands a tuned model (kept by the page) to this worker again, e.g. after a crash restart. */
export function restoreTunedModel(m: TunedModel): void {
  setTunedUcn(ucnFromNamed(m.variant, decodeWeights(m.manifest, m.weights)));
}
