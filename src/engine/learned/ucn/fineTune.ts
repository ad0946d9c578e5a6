/**
 * "Fine-tune on this pair": UCN's own training loop (train.ts, Choy et al., NIPS 2016), started from trained
 * weights, on pairs drawn from the two loaded images: random warps of the source and of the target
 * (self-supervised, exact correspondences through H) and, when the pair has ground truth and the user allows
 * it, crops of source ↔ target with the ground truth's correspondences.
 *
 * Two validations at every report, neither of them a held-out pair: warps of the same two images drawn with
 * another seed ("held-out warps of these images"; their pixels may overlap the training crops), and, when
 * the pair has ground truth, PCK of nearest-cell matches of the whole source against the whole target at
 * ground-truth points ("on this pair's ground truth": not held out when the ground truth also trained).
 */
import { tf, type Tensor2D, type Tensor3D } from '../../tf';
import type { RgbImage } from '../../core/image';
import type { AbortSignalLike } from '../../core/abort';
import type { MobileNetV2 } from '../mobilenetV2';
import { gatherRows } from './cst';
import { cellCentre } from './loss';
import { ucnBackbone, ucnHead, UCN_STRIDE, type UcnTensors, type UcnWeights } from './model';
import { cellCorrespondences, DEFAULT_WARP_RANGES, randomWarpPair, type PointMap, type TrainingPair } from './pairs';
import { checkCropFits, groundTruthCropPair } from './groundTruthPairs';
import { trainUcn, type UcnProgress, type UcnTrainResult } from './train';

export interface UcnFineTuneOptions {
  steps: number;
  seed: number;
  /** Crop side in pixels (both the warps and the ground-truth crops). */
  size: number;
  /** Train on ground-truth crops of the pair too (needs `truth`); the pair PCK is then not held out. */
  useGroundTruth: boolean;
  signal?: AbortSignalLike;
  onProgress?(p: UcnProgress): void;
}

export const FINE_TUNE_DEFAULTS = { steps: 15, size: 96, seed: 1 } as const;
/** Training pairs per step, positives per pair, learning rate: the CLI's values, scaled to a minute on two cores. */
const PAIRS_PER_STEP = 2;
const POSITIVES = 96;
const LEARNING_RATE = 1e-3;
const VALIDATION_PAIRS = 4;
/** Ground-truth points the pair PCK reads (an even subsample of the source cells with known truth). */
export const PAIR_PCK_POINTS = 400;

export interface UcnFineTuneResult extends UcnTrainResult {
  /** Ground-truth points behind `pairPck` (0 without truth). */
  pairPoints: number;
}

/** Source cells with a known match inside the target, evenly thinned to at most `max`. */
export function pairPckPoints(source: RgbImage, target: RgbImage, truth: PointMap, max = PAIR_PCK_POINTS) {
  const all = cellCorrespondences({ a: source, b: target, truth }, UCN_STRIDE, 0);
  const n = all.cells.length;
  const keep = Array.from({ length: Math.min(n, max) }, (_, k) => Math.floor((k * n) / Math.min(n, max)));
  return { cells: keep.map((k) => all.cells[k]), xs: keep.map((k) => all.xs[k]), ys: keep.map((k) => all.ys[k]) };
}

/**
 * PCK of nearest-cell matches at the points: the head on the whole source and target cells, each point's
 * feature against every target cell, the best cell's centre against the truth. Out: [≤ stride, ≤ 2·stride px].
 */
export async function pairPck(net: UcnTensors, cellsS: Tensor3D, cellsT: Tensor3D, pts: ReturnType<typeof pairPckPoints>): Promise<[number, number]> {
  if (!pts.cells.length) return [0, 0];
  const idx = tf.tidy(() => {
    const fs = ucnHead(net, cellsS);
    const ft = ucnHead(net, cellsT);
    for (const t of [fs.transform, ft.transform]) if (t) { t.angle.dispose(); t.scale.dispose(); }
    const d = fs.features.shape[2];
    const anchors = gatherRows(tf.reshape(fs.features, [-1, d]) as Tensor2D, tf.tensor1d(pts.cells, 'int32'));
    return tf.argMax(tf.matMul(anchors, tf.reshape(ft.features, [-1, d]) as Tensor2D, false, true), 1);
  });
  const best = await idx.data();
  idx.dispose();
  const w = cellsT.shape[1];
  let near = 0, far = 0;
  best.forEach((cell, k) => {
    const [cx, cy] = cellCentre(cell, w, UCN_STRIDE);
    const e = Math.hypot(cx - pts.xs[k], cy - pts.ys[k]);
    near += e <= UCN_STRIDE ? 1 : 0;
    far += e <= 2 * UCN_STRIDE ? 1 : 0;
  });
  return [near / best.length, far / best.length];
}

/** Warps of source and target in turn; with ground truth, every other pair is a ground-truth crop. */
function pairDrawer(source: RgbImage, target: RgbImage, truth: PointMap | null, size: number): (rnd: () => number) => TrainingPair {
  let k = 0;
  return (rnd) => {
    const i = k++;
    if (truth && i % 2 === 0) return groundTruthCropPair(source, target, truth, size, rnd);
    const photo = (truth ? Math.floor(i / 2) : i) % 2 === 0 ? source : target;
    return randomWarpPair(photo, size, DEFAULT_WARP_RANGES, rnd);
  };
}

/**
 * Fine-tunes `init` on the pair. In: RGB images in [0, 1] (the working images), `truth` source → target
 * pixel or null. Deterministic for a seed; leaves no tensor behind; an abort throws and discards the run.
 */
export async function fineTuneUcn(backbone: MobileNetV2, init: UcnWeights, source: RgbImage, target: RgbImage, truth: PointMap | null, o: UcnFineTuneOptions): Promise<UcnFineTuneResult> {
  checkCropFits(source, o.size, 'source');
  checkCropFits(target, o.size, 'target');
  if (o.useGroundTruth && !truth) throw new Error('this pair has no ground truth to fine-tune on');
  const pts = truth ? pairPckPoints(source, target, truth) : null;
  const cells = (img: RgbImage) => tf.tidy(() => ucnBackbone(backbone, tf.tensor3d(img.data, [img.height, img.width, 3]) as Tensor3D));
  const whole = pts ? [cells(source), cells(target)] : null;
  try {
    const r = await trainUcn(backbone, [], [source, target], {
      variant: init.variant, init, steps: o.steps, seed: o.seed, size: o.size, pairsPerStep: PAIRS_PER_STEP, positives: POSITIVES,
      learningRate: LEARNING_RATE, marginPx: 8, ranges: DEFAULT_WARP_RANGES, validationPairs: VALIDATION_PAIRS,
      reportEvery: 1, reportAtStart: true, signal: o.signal, onProgress: o.onProgress,
      draw: pairDrawer(source, target, o.useGroundTruth ? truth : null, o.size),
      evaluate: whole && pts ? (net) => pairPck(net, whole[0], whole[1], pts) : undefined,
    });
    return { ...r, pairPoints: pts?.cells.length ?? 0 };
  } finally {
    whole?.forEach((t) => t.dispose());
  }
}
