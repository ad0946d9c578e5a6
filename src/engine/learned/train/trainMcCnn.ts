/**
 * Training MC-CNN fast (Žbontar and LeCun, JMLR 2016, Section 3.2.1): each example is a left patch with
 * a positive and a negative right patch; the loss is the hinge max(0, m + s₋ − s₊) on the cosine
 * similarities of their normalised tower outputs, m = 0.2. Deterministic for a seed: initial weights and
 * every batch come from mulberry32.
 */
import { tf, type Tensor4D } from '../../tf';
import '../../tf/gradients';
import { mulberry32 } from '../../core/random';
import { throwIfAborted, type AbortSignalLike } from '../../core/abort';
import { initMcCnn, layerShape, MCCNN_PATCH, towerOnPatches, type McCnnTensors, type McCnnWeights } from '../mccnn/model';
import { candidatePixels, sampleTriples, type OffsetSampling, type PatchTriples, type RowRange, type StereoPair } from './stereoPatches';

export interface TrainOptions {
  steps: number;
  seed: number;
  /** Examples per step (the paper: 128). */
  batch: number;
  learningRate: number;
  /** Hinge margin m (the paper: 0.2). */
  margin: number;
  sampling: OffsetSampling;
  train: RowRange;
  validation: RowRange;
  /** Validation triples, drawn once with seed + 1. */
  validationSize: number;
  /** Steps between progress reports (and points of the loss curve). */
  reportEvery: number;
  /** Stop early after this long (ms), keeping what was learnt. */
  maxMs?: number;
  signal?: AbortSignalLike;
  onProgress?(p: TrainProgress): void;
}

export interface TrainProgress {
  step: number;
  steps: number;
  /** Mean training loss over the last `reportEvery` steps. */
  loss: number;
  validationLoss: number;
  /** Fraction of validation triples with s₊ > s₋. */
  validationAccuracy: number;
  elapsedMs: number;
}

export interface TrainResult {
  weights: McCnnWeights;
  curve: TrainProgress[];
  stepsDone: number;
  ms: number;
  trainPixels: number;
  validationPixels: number;
}

function patchTensors(t: PatchTriples): [Tensor4D, Tensor4D, Tensor4D] {
  const shape: [number, number, number, number] = [t.n, MCCNN_PATCH, MCCNN_PATCH, 1];
  return [tf.tensor4d(t.left, shape), tf.tensor4d(t.positive, shape), tf.tensor4d(t.negative, shape)];
}

/** Hinge loss and the similarities of a batch of triples: scalar loss, (N) s₊ and s₋. */
function tripleLoss(net: McCnnTensors, t: [Tensor4D, Tensor4D, Tensor4D], margin: number) {
  const [l, p, n] = t.map((x) => towerOnPatches(net, x));
  const sPos = tf.sum(tf.mul(l, p), 1);
  const sNeg = tf.sum(tf.mul(l, n), 1);
  return { loss: tf.mean(tf.relu(tf.add(tf.sub(sNeg, sPos), margin))) as tf.Scalar, sPos, sNeg };
}

async function evaluate(net: McCnnTensors, t: [Tensor4D, Tensor4D, Tensor4D], margin: number): Promise<{ loss: number; accuracy: number }> {
  const [loss, acc] = tf.tidy(() => {
    const r = tripleLoss(net, t, margin);
    return [r.loss, tf.mean(tf.cast(tf.greater(r.sPos, r.sNeg), 'float32'))];
  });
  const out = { loss: (await loss.data())[0], accuracy: (await acc.data())[0] };
  loss.dispose();
  acc.dispose();
  return out;
}

/** Trains from scratch on `pair`. Resolves to the weights and the loss curve; leaves no tensor behind. */
export async function trainMcCnn(pair: StereoPair, o: TrainOptions): Promise<TrainResult> {
  const rnd = mulberry32(o.seed);
  const init = initMcCnn(rnd);
  const trainPixels = candidatePixels(pair, o.train, o.sampling);
  const valPixels = candidatePixels(pair, o.validation, o.sampling);
  const val = patchTensors(sampleTriples(pair, valPixels, o.sampling, o.validationSize, mulberry32(o.seed + 1)));
  const net: McCnnTensors = {
    // tidy disposes the initial values; the variables (copies) are kept.
    kernels: init.kernels.map((k, i) => tf.tidy(() => tf.variable(tf.tensor4d(k, layerShape(i))))) as unknown as Tensor4D[],
    biases: init.biases.map((b) => tf.tidy(() => tf.variable(tf.tensor1d(b)))) as unknown as tf.Tensor1D[],
  };
  // Adam rather than the paper's SGD with momentum: it converges within a CPU budget of minutes.
  const optimizer = tf.train.adam(o.learningRate);
  const curve: TrainProgress[] = [];
  const t0 = tf.util.now();
  let step = 0;
  try {
    let windowLoss = 0;
    while (step < o.steps) {
      throwIfAborted(o.signal);
      const batch = patchTensors(sampleTriples(pair, trainPixels, o.sampling, o.batch, rnd));
      const loss = optimizer.minimize(() => tripleLoss(net, batch, o.margin).loss, true)!;
      windowLoss += (await loss.data())[0];
      loss.dispose();
      batch.forEach((b) => b.dispose());
      step++;
      const timeUp = o.maxMs !== undefined && tf.util.now() - t0 > o.maxMs;
      if (step % o.reportEvery === 0 || step === o.steps || timeUp) {
        const v = await evaluate(net, val, o.margin);
        const done = step % o.reportEvery || o.reportEvery;
        const p = { step, steps: o.steps, loss: windowLoss / done, validationLoss: v.loss, validationAccuracy: v.accuracy, elapsedMs: tf.util.now() - t0 };
        curve.push(p);
        o.onProgress?.(p);
        windowLoss = 0;
      }
      if (timeUp) break;
    }
    const weights: McCnnWeights = {
      kernels: await Promise.all(net.kernels.map(async (k) => (await k.data()) as Float32Array)),
      biases: await Promise.all(net.biases.map(async (b) => (await b.data()) as Float32Array)),
    };
    return { weights, curve, stepsDone: step, ms: tf.util.now() - t0, trainPixels: trainPixels.length, validationPixels: valPixels.length };
  } finally {
    optimizer.dispose();
    [...net.kernels, ...net.biases, ...val].forEach((t) => t.dispose());
  }
}
