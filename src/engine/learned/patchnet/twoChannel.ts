/**
 * The 2-channel patch-pair network: a pair scorer, not a descriptor.
 * Reference: S. Zagoruyko and N. Komodakis, "Learning to compare image patches via convolutional neural
 * networks", CVPR 2015 (the "2ch" architecture).
 *
 * The two grey patches are stacked as the two channels of one input, and the network outputs one number,
 * o > 0 for "same point", trained with the hinge loss max(0, 1 − y·o), y = ±1. The paper's 2ch takes 64×64
 * patches through conv 7×7·96, pool, conv 5×5·192, pool, conv 3×3·256, then a fully connected decision
 * layer. Shrunk here to 31×31 patches (as DeepDesc here): 4×4·32 → ReLU → max pool 2 → 5×5·32 → ReLU →
 * max pool 2 → 5×5·64 → ReLU → 1×1·1 (the decision layer as a 1×1 convolution over the 1×1×64 map).
 *
 * Because the two patches meet in the first layer, nothing can be computed per image and reused: scoring
 * one patch against n candidates takes n forward passes, all-pairs matching of n against n takes n².
 */
import { tf, type Tensor4D } from '../../tf';
import { constTensors, forwardConv, receptiveField, type ConvNetSpec, type ConvNetTensors, type ConvNetWeights } from './convNet';

export const TWO_CHANNEL_DIR = '2ch';

export const TWO_CHANNEL_SPEC: ConvNetSpec = [
  { k: 4, cin: 2, cout: 32, activation: 'relu', pool: 'max' },
  { k: 5, cin: 32, cout: 32, activation: 'relu', pool: 'max' },
  { k: 5, cin: 32, cout: 64, activation: 'relu', pool: null },
  { k: 1, cin: 64, cout: 1, activation: 'linear', pool: null },
];

export const TWO_CHANNEL_PATCH = receptiveField(TWO_CHANNEL_SPEC).size;

/** (N, P, P, 1) first patches and (N, P, P, 1) second patches → the (N, P, P, 2) network input. */
export function stackPair(a: Tensor4D, b: Tensor4D): Tensor4D {
  return tf.concat([a, b], 3);
}

/** Scores of N pairs with constant weights. In: (N, P, P, 2) standardised grey. Out: (N) float32, higher = more alike. */
export function scorePairs(w: ConvNetWeights, pairs: Tensor4D): tf.Tensor1D {
  if (pairs.rank !== 4 || pairs.shape[1] !== TWO_CHANNEL_PATCH || pairs.shape[2] !== TWO_CHANNEL_PATCH || pairs.shape[3] !== 2) {
    throw new Error(`2ch: expected (N, ${TWO_CHANNEL_PATCH}, ${TWO_CHANNEL_PATCH}, 2), got (${pairs.shape})`);
  }
  return tf.tidy(() => scorePairsWith(constTensors(TWO_CHANNEL_SPEC, w), pairs));
}

/** The same with the weights as tensors (variables while training: differentiable on every backend). */
export function scorePairsWith(t: ConvNetTensors, pairs: Tensor4D): tf.Tensor1D {
  return tf.tidy(() => tf.reshape(forwardConv(TWO_CHANNEL_SPEC, t, pairs), [-1]) as tf.Tensor1D);
}
