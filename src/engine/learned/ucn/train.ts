/**
 * Training UCN (Choy et al., NIPS 2016) on synthetic warps with exact correspondences. Each step takes
 * `pairsPerStep` random warp pairs, samples `positives` true correspondences per pair, adds negatives (RN:
 * random cells beyond the pixel margin; HN and HN-ST: the K nearest cells in feature space beyond it, mined
 * with the current weights) and minimises the correspondence contrastive loss with Adam. The MobileNetV2
 * backbone is frozen, so its cells are computed outside the gradient. Deterministic for a seed (mulberry32
 * draws the initial weights, the crops, the warps and the samples).
 */
import { tf, type Tensor2D, type Tensor3D } from '../../tf';
import '../../tf/gradients';
import type { RgbImage } from '../../core/image';
import { mulberry32 } from '../../core/random';
import { throwIfAborted, yieldToEvents, type AbortSignalLike } from '../../core/abort';
import type { MobileNetV2 } from '../mobilenetV2';
import { bilinearAt, gatherRows } from './cst';
import { correspondenceContrastiveLoss, hardNegatives, randomNegatives, UCN_HARD_K, UCN_MARGIN, cellCentre, type Negative } from './loss';
import { disposeUcnTensors, initUcn, ucnBackbone, ucnHead, ucnTensors, UCN_STRIDE, type UcnTensors, type UcnVariant, type UcnWeights } from './model';
import { cellCorrespondences, randomWarpPair, type TrainingPair, type WarpRanges } from './pairs';

export interface UcnTrainOptions {
  variant: UcnVariant;
  /** Start from these weights (fine-tuning) instead of a seeded random initialisation; same variant. */
  init?: UcnWeights;
  steps: number;
  seed: number;
  /** Crop side in pixels. */
  size: number;
  pairsPerStep: number;
  /** Positives sampled per pair. */
  positives: number;
  learningRate: number;
  /** Pixel margin: a negative lies farther than this from the true match (the paper: 16 px on KITTI). */
  marginPx: number;
  ranges: WarpRanges;
  /** Validation pairs, drawn once from `validationPhotos` with seed + 1. */
  validationPairs: number;
  reportEvery: number;
  /** Report once before the first step too (step 0, loss NaN): the curve then starts where `init` stands. */
  reportAtStart?: boolean;
  /**
   * Draws one training pair. Default: a random warp of a random photo. Fine-tuning mixes warps of the loaded
   * images with crops of the pair itself under its ground truth (fineTune.ts).
   */
  draw?: (rnd: () => number) => TrainingPair;
  /** A second validation at every report (fine-tuning: PCK on the real pair's ground truth). */
  evaluate?: (net: UcnTensors) => Promise<[number, number]>;
  maxMs?: number;
  signal?: AbortSignalLike;
  onProgress?(p: UcnProgress): void;
}

export interface UcnProgress {
  step: number;
  steps: number;
  /** Mean training loss over the last `reportEvery` steps. */
  loss: number;
  /** Negatives per positive in the last step (HN keeps only mined cells beyond the margin). */
  negativesPerPositive: number;
  /** Held-out PCK of nearest-neighbour cell matches within `stride` and 2·`stride` px. */
  validationPck: [number, number];
  /** What `evaluate` returned at this report, when given. */
  pairPck?: [number, number];
  elapsedMs: number;
}

export interface UcnTrainResult { weights: UcnWeights; curve: UcnProgress[]; stepsDone: number; ms: number }

interface Prepared { pair: TrainingPair; cellsA: Tensor3D; cellsB: Tensor3D; corr: ReturnType<typeof cellCorrespondences> }

function prepare(backbone: MobileNetV2, pair: TrainingPair): Prepared {
  const t = (img: RgbImage) => tf.tidy(() => ucnBackbone(backbone, tf.tensor3d(img.data, [img.height, img.width, 3]) as Tensor3D));
  return { pair, cellsA: t(pair.a), cellsB: t(pair.b), corr: cellCorrespondences(pair, UCN_STRIDE, UCN_STRIDE) };
}

/** Features of the positives in a and at their true matches in b (bilinear, re-normalised), and the b map. */
function pairFeatures(net: UcnTensors, p: Prepared, pick: number[]) {
  const fa = ucnHead(net, p.cellsA);
  const fb = ucnHead(net, p.cellsB);
  for (const t of [fa.transform, fb.transform]) if (t) { t.angle.dispose(); t.scale.dispose(); }
  const [, w, d] = fa.features.shape;
  const anchors = gatherRows(tf.reshape(fa.features, [-1, d]) as Tensor2D, tf.tensor1d(pick.map((k) => p.corr.cells[k]), 'int32'));
  const s = UCN_STRIDE;
  const matched = bilinearAt(fb.features, tf.tensor1d(pick.map((k) => (p.corr.xs[k] - s + 1) / s)), tf.tensor1d(pick.map((k) => (p.corr.ys[k] - s + 1) / s)));
  const positives = tf.mul(matched, tf.rsqrt(tf.maximum(tf.sum(tf.square(matched), 1, true), 1e-12))) as Tensor2D;
  return { anchors, positives, mapB: tf.reshape(fb.features, [-1, d]) as Tensor2D, w };
}

/** The step's loss over all pairs: positives then negatives, N = their total. */
function stepLoss(net: UcnTensors, batch: Prepared[], picks: number[][], negatives: Negative[][]): tf.Scalar {
  const fa: Tensor2D[] = [];
  const fb: Tensor2D[] = [];
  const s: number[] = [];
  batch.forEach((p, b) => {
    const f = pairFeatures(net, p, picks[b]);
    fa.push(f.anchors, gatherRows(f.anchors, tf.tensor1d(negatives[b].map((n) => n.anchor), 'int32')));
    fb.push(f.positives, gatherRows(f.mapB, tf.tensor1d(negatives[b].map((n) => n.cell), 'int32')));
    s.push(...picks[b].map(() => 1), ...negatives[b].map(() => 0));
  });
  return correspondenceContrastiveLoss(tf.concat(fa, 0), tf.concat(fb, 0), tf.tensor1d(s), UCN_MARGIN);
}

async function mine(net: UcnTensors, p: Prepared, pick: number[], o: UcnTrainOptions, rnd: () => number): Promise<Negative[]> {
  const xs = pick.map((k) => p.corr.xs[k]);
  const ys = pick.map((k) => p.corr.ys[k]);
  const [h, w] = p.cellsB.shape;
  if (o.variant === 'rn') return randomNegatives(xs, ys, h, w, UCN_STRIDE, o.marginPx, UCN_HARD_K, rnd);
  const f = tf.tidy(() => { const r = pairFeatures(net, p, pick); return [r.anchors, r.mapB]; });
  const out = await hardNegatives(f[0], f[1], xs, ys, w, UCN_STRIDE, o.marginPx, UCN_HARD_K);
  f.forEach((t) => t.dispose());
  return out;
}

/** Nearest-neighbour cell matches of every correspondence of the validation pairs: PCK at stride and 2·stride px. */
async function validationPck(net: UcnTensors, pairs: Prepared[]): Promise<[number, number]> {
  let near = 0, far = 0, n = 0;
  for (const p of pairs) {
    const all = p.corr.cells.map((_, k) => k);
    const idx = tf.tidy(() => { const f = pairFeatures(net, p, all); return tf.argMax(tf.matMul(f.anchors, f.mapB, false, true), 1); });
    const best = await idx.data();
    idx.dispose();
    const w = p.cellsB.shape[1];
    best.forEach((cell, k) => {
      const [cx, cy] = cellCentre(cell, w, UCN_STRIDE);
      const e = Math.hypot(cx - p.corr.xs[k], cy - p.corr.ys[k]);
      near += e <= UCN_STRIDE ? 1 : 0;
      far += e <= 2 * UCN_STRIDE ? 1 : 0;
    });
    n += best.length;
  }
  return [near / Math.max(1, n), far / Math.max(1, n)];
}

function sample<T>(items: readonly T[], k: number, rnd: () => number): T[] {
  const a = [...items];
  for (let i = 0; i < Math.min(k, a.length); i++) { const j = i + Math.floor(rnd() * (a.length - i)); [a[i], a[j]] = [a[j], a[i]]; }
  return a.slice(0, k);
}

async function readWeights(net: UcnTensors): Promise<UcnWeights> {
  const read = async (l: { kernel: tf.Tensor; bias: tf.Tensor }) => ({ kernel: (await l.kernel.data()) as Float32Array, bias: (await l.bias.data()) as Float32Array });
  return { variant: net.variant, conv1: await read(net.conv1), conv2: await read(net.conv2), theta: net.theta ? await read(net.theta) : undefined };
}

/**
 * Trains the head, from scratch or from `o.init`. `photos`: training images (unless `o.draw` draws the pairs);
 * `validationPhotos`: warped with seed + 1 for validation. Leaves no tensor behind; an abort throws and
 * discards the run.
 */
export async function trainUcn(backbone: MobileNetV2, photos: RgbImage[], validationPhotos: RgbImage[], o: UcnTrainOptions): Promise<UcnTrainResult> {
  if ((!photos.length && !o.draw) || !validationPhotos.length) throw new Error('trainUcn: needs training and validation photos');
  if (o.init && o.init.variant !== o.variant) throw new Error(`trainUcn: init weights are ${o.init.variant}, the run is ${o.variant}`);
  const rnd = mulberry32(o.seed);
  const draw = o.draw ?? ((r: () => number) => randomWarpPair(photos[Math.floor(r() * photos.length)], o.size, o.ranges, r));
  const net = ucnTensors(o.init ?? initUcn(o.variant, rnd), (t) => tf.variable(t));
  const vrnd = mulberry32(o.seed + 1);
  const val = Array.from({ length: o.validationPairs }, (_, i) => prepare(backbone, randomWarpPair(validationPhotos[i % validationPhotos.length], o.size, o.ranges, vrnd)));
  const optimizer = tf.train.adam(o.learningRate);
  const curve: UcnProgress[] = [];
  const t0 = tf.util.now();
  let step = 0, windowLoss = 0, negRatio = 0;
  const report = async (loss: number) => {
    const p: UcnProgress = { step, steps: o.steps, loss, negativesPerPositive: negRatio, validationPck: await validationPck(net, val), elapsedMs: 0 };
    if (o.evaluate) p.pairPck = await o.evaluate(net);
    p.elapsedMs = tf.util.now() - t0;
    curve.push(p);
    o.onProgress?.(p);
  };
  try {
    if (o.reportAtStart) await report(NaN);
    while (step < o.steps) {
      // A macrotask turn per step: on wasm every await above resolves as a microtask, and a worker would
      // otherwise never read the cancel message until the run ended.
      if (o.signal) await yieldToEvents();
      throwIfAborted(o.signal);
      const batch = Array.from({ length: o.pairsPerStep }, () => prepare(backbone, draw(rnd)));
      const picks = batch.map((p) => sample(p.corr.cells.map((_, k) => k), o.positives, rnd));
      const negatives: Negative[][] = [];
      for (let b = 0; b < batch.length; b++) negatives.push(await mine(net, batch[b], picks[b], o, rnd));
      negRatio = negatives.flat().length / Math.max(1, picks.flat().length);
      const loss = optimizer.minimize(() => stepLoss(net, batch, picks, negatives), true)!;
      windowLoss += (await loss.data())[0];
      loss.dispose();
      batch.forEach((p) => { p.cellsA.dispose(); p.cellsB.dispose(); });
      step++;
      const timeUp = o.maxMs !== undefined && tf.util.now() - t0 > o.maxMs;
      if (step % o.reportEvery === 0 || step === o.steps || timeUp) {
        await report(windowLoss / (step % o.reportEvery || o.reportEvery));
        windowLoss = 0;
      }
      if (timeUp) break;
    }
    return { weights: await readWeights(net), curve, stepsDone: step, ms: tf.util.now() - t0 };
  } finally {
    optimizer.dispose();
    disposeUcnTensors(net);
    val.forEach((p) => { p.cellsA.dispose(); p.cellsB.dispose(); });
  }
}
