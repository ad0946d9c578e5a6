/**
 * Training the patch networks on photo patches with exact correspondences (patchPairs.ts), deterministic for
 * a seed (initial weights and every batch from mulberry32), with a held-out validation set drawn from other
 * photos.
 *  - DeepDesc (Simo-Serra et al., ICCV 2015): loss ‖D(x₁) − D(x₂)‖ for matching pairs and
 *    max(0, C − ‖D(x₁) − D(x₂)‖) for non-matching ones; hard mining of both: each step forwards
 *    `mining`× the batch of positives and of negatives and backpropagates only the `batch` hardest of each
 *    (largest positive distance, smallest negative distance), the paper's "mining ratio".
 *  - 2-channel (Zagoruyko & Komodakis, CVPR 2015): hinge max(0, 1 − y·o) over a batch of positives
 *    (y = 1) and negatives (y = −1), plus λ/2‖w‖² weight decay.
 */
import { tf, type Tensor4D } from '../../tf';
import '../../tf/gradients';
import { mulberry32 } from '../../core/random';
import { throwIfAborted, type AbortSignalLike } from '../../core/abort';
import { forwardConv, initConvNet, readWeights, sumSquaredWeights, variableTensors, type ConvNetSpec, type ConvNetTensors, type ConvNetWeights } from './convNet';
import { DEEPDESC_DIM, DEEPDESC_MARGIN, DEEPDESC_PATCH, DEEPDESC_SPEC } from './deepdesc';
import { scorePairsWith, stackPair, TWO_CHANNEL_PATCH, TWO_CHANNEL_SPEC } from './twoChannel';
import { DEFAULT_SAMPLING, sampleTriples, type GreyPhoto, type PatchTriples, type SamplingOptions } from './patchPairs';

export type PatchNetModel = 'deepdesc' | '2ch';

export interface PatchTrainOptions {
  model: PatchNetModel;
  steps: number;
  seed: number;
  /** Positives and negatives backpropagated per step (each). */
  batch: number;
  /** DeepDesc: forward this many times the batch and keep the hardest (1 = no mining). */
  mining: number;
  learningRate: number;
  /** 2-channel: λ of the weight decay λ/2‖w‖². */
  weightDecay: number;
  train: readonly GreyPhoto[];
  validation: readonly GreyPhoto[];
  validationSize: number;
  reportEvery: number;
  sampling?: Partial<Omit<SamplingOptions, 'size'>>;
  maxMs?: number;
  signal?: AbortSignalLike;
  onProgress?(p: PatchTrainProgress): void;
}

export interface PatchTrainProgress {
  step: number;
  steps: number;
  /** Mean training loss (on the mined examples) over the last `reportEvery` steps. */
  loss: number;
  validationLoss: number;
  /** Fraction of validation triples ranked right: d₊ < d₋ (DeepDesc) or o₊ > o₋ (2-channel). */
  validationAccuracy: number;
  elapsedMs: number;
}

export interface PatchTrainResult {
  weights: ConvNetWeights;
  curve: PatchTrainProgress[];
  stepsDone: number;
  ms: number;
}

const specOf = (m: PatchNetModel): ConvNetSpec => (m === 'deepdesc' ? DEEPDESC_SPEC : TWO_CHANNEL_SPEC);
const sizeOf = (m: PatchNetModel) => (m === 'deepdesc' ? DEEPDESC_PATCH : TWO_CHANNEL_PATCH);

interface Batch { anchor: Tensor4D; positive: Tensor4D; negative: Tensor4D }

function toTensors(t: PatchTriples, pick?: { pos: number[]; neg: number[] }): Batch & { negAnchor: Tensor4D } {
  const P = t.size * t.size;
  const take = (src: Float32Array, idx: number[] | undefined) => {
    if (!idx) return tf.tensor4d(src, [t.n, t.size, t.size, 1]);
    const out = new Float32Array(idx.length * P);
    idx.forEach((k, j) => out.set(src.subarray(k * P, (k + 1) * P), j * P));
    return tf.tensor4d(out, [idx.length, t.size, t.size, 1]);
  };
  return { anchor: take(t.anchor, pick?.pos), positive: take(t.positive, pick?.pos), negAnchor: take(t.anchor, pick?.neg), negative: take(t.negative, pick?.neg) };
}

const l2 = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(a, b)), 1), 1e-8));
const embed = (net: ConvNetTensors, x: Tensor4D) => tf.reshape(forwardConv(DEEPDESC_SPEC, net, x), [x.shape[0], DEEPDESC_DIM]) as tf.Tensor2D;

/** DeepDesc distances of anchor–positive and anchor–negative pairs, (N) each. */
function deepDescDistances(net: ConvNetTensors, b: Batch & { negAnchor: Tensor4D }) {
  const dPos = l2(embed(net, b.anchor), embed(net, b.positive));
  const dNeg = l2(embed(net, b.negAnchor), embed(net, b.negative));
  return { dPos, dNeg, loss: tf.add(tf.mean(dPos), tf.mean(tf.relu(tf.sub(DEEPDESC_MARGIN, dNeg)))) as tf.Scalar };
}

/** 2-channel scores of anchor–positive and anchor–negative pairs, (N) each, and the hinge loss. */
function twoChannelScores(net: ConvNetTensors, b: Batch & { negAnchor: Tensor4D }) {
  const oPos = scorePairsWith(net, stackPair(b.anchor, b.positive));
  const oNeg = scorePairsWith(net, stackPair(b.negAnchor, b.negative));
  const hinge = tf.mean(tf.concat([tf.relu(tf.sub(1, oPos)), tf.relu(tf.add(1, oNeg))]));
  return { oPos, oNeg, hinge: hinge as tf.Scalar };
}

async function validate(model: PatchNetModel, net: ConvNetTensors, v: Batch & { negAnchor: Tensor4D }): Promise<{ loss: number; accuracy: number }> {
  const [loss, acc] = tf.tidy(() => {
    if (model === 'deepdesc') {
      const r = deepDescDistances(net, v);
      return [r.loss, tf.mean(tf.cast(tf.less(r.dPos, r.dNeg), 'float32'))];
    }
    const r = twoChannelScores(net, v);
    return [r.hinge, tf.mean(tf.cast(tf.greater(r.oPos, r.oNeg), 'float32'))];
  });
  const out = { loss: (await loss.data())[0], accuracy: (await acc.data())[0] };
  tf.dispose([loss, acc]);
  return out;
}

/** The mined indices: the `keep` positives farthest apart and the `keep` negatives closest together. */
async function mine(net: ConvNetTensors, t: PatchTriples, keep: number): Promise<{ pos: number[]; neg: number[] }> {
  const all = toTensors(t);
  const [dPos, dNeg] = tf.tidy(() => {
    const r = deepDescDistances(net, all);
    return [r.dPos, r.dNeg];
  });
  const [p, n] = [await dPos.data(), await dNeg.data()];
  tf.dispose([dPos, dNeg, all.anchor, all.positive, all.negAnchor, all.negative]);
  const order = (v: ArrayLike<number>, sign: number) => Array.from({ length: t.n }, (_, i) => i).sort((a, b) => sign * (v[b] - v[a]) || a - b);
  return { pos: order(p, 1).slice(0, keep), neg: order(n, -1).slice(0, keep) };
}

/** One optimiser step; resolves to the loss of the examples it learnt from. */
async function step(o: PatchTrainOptions, net: ConvNetTensors, opt: tf.Optimizer, rnd: () => number, sampling: SamplingOptions): Promise<number> {
  const mining = o.model === 'deepdesc' ? o.mining : 1;
  const triples = sampleTriples(o.train, sampling, o.batch * mining, rnd);
  const pick = mining > 1 ? await mine(net, triples, o.batch) : undefined;
  const b = toTensors(triples, pick);
  const loss = opt.minimize(() => {
    if (o.model === 'deepdesc') return deepDescDistances(net, b).loss;
    return tf.add(twoChannelScores(net, b).hinge, tf.mul(o.weightDecay / 2, sumSquaredWeights(net))) as tf.Scalar;
  }, true)!;
  const value = (await loss.data())[0];
  tf.dispose([loss, b.anchor, b.positive, b.negAnchor, b.negative]);
  return value;
}

/** Trains `o.model` from scratch. Resolves to the weights and the loss curve; leaves no tensor behind. */
export async function trainPatchNet(o: PatchTrainOptions): Promise<PatchTrainResult> {
  const spec = specOf(o.model);
  const sampling: SamplingOptions = { ...DEFAULT_SAMPLING, ...o.sampling, size: sizeOf(o.model) };
  const rnd = mulberry32(o.seed);
  const net = variableTensors(spec, initConvNet(spec, rnd));
  const val = toTensors(sampleTriples(o.validation, sampling, o.validationSize, mulberry32(o.seed + 1)));
  // Adam rather than the papers' SGD: it converges within a CPU budget of minutes.
  const optimizer = tf.train.adam(o.learningRate);
  const curve: PatchTrainProgress[] = [];
  const t0 = tf.util.now();
  let done = 0;
  try {
    let windowLoss = 0;
    while (done < o.steps) {
      throwIfAborted(o.signal);
      windowLoss += await step(o, net, optimizer, rnd, sampling);
      done++;
      const timeUp = o.maxMs !== undefined && tf.util.now() - t0 > o.maxMs;
      if (done % o.reportEvery === 0 || done === o.steps || timeUp) {
        const v = await validate(o.model, net, val);
        const p = { step: done, steps: o.steps, loss: windowLoss / (done % o.reportEvery || o.reportEvery), validationLoss: v.loss, validationAccuracy: v.accuracy, elapsedMs: tf.util.now() - t0 };
        curve.push(p);
        o.onProgress?.(p);
        windowLoss = 0;
      }
      if (timeUp) break;
    }
    return { weights: await readWeights(net), curve, stepsDone: done, ms: tf.util.now() - t0 };
  } finally {
    optimizer.dispose();
    tf.dispose([...net.kernels, ...net.biases, val.anchor, val.positive, val.negAnchor, val.negative]);
  }
}

