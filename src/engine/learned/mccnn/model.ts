/**
 * MC-CNN fast: the siamese tower of Žbontar and LeCun's fast architecture.
 * Reference: J. Žbontar and Y. LeCun, "Stereo matching by training a convolutional neural network to
 * compare image patches", JMLR 17, 2016 (fast architecture, Section 3.2.1; first in CVPR 2015).
 *
 * A tower of L 3×3 convolutions with F feature maps (ReLU after all but the last) turns a (2L+1)² grey
 * patch into an F-vector, which is L2-normalised; two patches are compared by the cosine of their vectors.
 * The paper's KITTI fast network has L = 4, F = 64 (9×9 patches); this one has L = 4 and F = 32, a quarter
 * of the multiply-adds, so that it trains on a shared CPU in minutes.
 *
 * Two forward passes share the weights: `towerOnPatches` (training: N patches, each conv as one matMul over
 * the nine shifted copies, because the wasm backend has no Conv2DBackpropFilter) and `denseMcCnn` (every
 * pixel of an image with conv2d, for the descriptor). A test checks they agree.
 */
import { tf, type Tensor2D, type Tensor3D, type Tensor4D } from '../../tf';
import { toGray } from '../../tf/padding';
import { weightOf, type NamedWeights, type WeightsManifest } from '../modelFiles';

export const MCCNN_LAYERS = 4;
export const MCCNN_MAPS = 32;
/** Half-width of the input patch: each valid 3×3 layer eats one pixel on every side. */
export const MCCNN_RADIUS = MCCNN_LAYERS;
export const MCCNN_PATCH = 2 * MCCNN_RADIUS + 1;
export const MCCNN_DIR = 'mccnn';

/** Kernels [3, 3, in, out] and biases [out] of each layer, row-major. */
export interface McCnnWeights {
  kernels: Float32Array[];
  biases: Float32Array[];
}

export function layerShape(i: number): [number, number, number, number] {
  return [3, 3, i === 0 ? 1 : MCCNN_MAPS, MCCNN_MAPS];
}

/** He-uniform initial weights from a seeded PRNG (deterministic on every backend); biases 0. */
export function initMcCnn(rnd: () => number): McCnnWeights {
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let i = 0; i < MCCNN_LAYERS; i++) {
    const s = layerShape(i);
    const fanIn = s[0] * s[1] * s[2];
    const limit = Math.sqrt(6 / fanIn);
    kernels.push(Float32Array.from({ length: fanIn * s[3] }, () => (2 * rnd() - 1) * limit));
    biases.push(new Float32Array(s[3]));
  }
  return { kernels, biases };
}

const kernelName = (i: number) => `conv${i + 1}/kernel`;
const biasName = (i: number) => `conv${i + 1}/bias`;

/** The weights as a model folder: manifest (float32, no quantisation) and the bytes of `weights.bin`. */
export function serialiseMcCnn(w: McCnnWeights): { manifest: WeightsManifest; bytes: Uint8Array } {
  const specs = w.kernels.flatMap((_, i) => [
    { name: kernelName(i), shape: layerShape(i), dtype: 'float32' as const },
    { name: biasName(i), shape: [MCCNN_MAPS], dtype: 'float32' as const },
  ]);
  const arrays = w.kernels.flatMap((k, i) => [k, w.biases[i]]);
  const bytes = new Uint8Array(arrays.reduce((s, a) => s + a.byteLength, 0));
  arrays.reduce((at, a) => (bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at), at + a.byteLength), 0);
  return { manifest: { weightsManifest: [{ paths: ['weights.bin'], weights: specs }] }, bytes };
}

/** Reads the weights back from a decoded model folder; throws on a missing or misshapen tensor. */
export function mcCnnFromNamed(named: NamedWeights): McCnnWeights {
  const kernels: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let i = 0; i < MCCNN_LAYERS; i++) {
    kernels.push(weightOf(named, kernelName(i), layerShape(i)));
    biases.push(weightOf(named, biasName(i), [MCCNN_MAPS]));
  }
  return { kernels, biases };
}

/** The tensors one pass reads: variables while training, constants when describing. */
export interface McCnnTensors {
  kernels: Tensor4D[];
  biases: tf.Tensor1D[];
}

/**
 * Training tower. In: (N, P, P, 1) standardised grey patches, P = 9. Out: (N, F) unit vectors.
 * Layer: concat the nine shifted (N, h − 2, w − 2, C) views along channels, in the kernel's [ky, kx, c]
 * order, then one matMul by the kernel reshaped to (9C, F).
 */
export function towerOnPatches(t: McCnnTensors, patches: Tensor4D): Tensor2D {
  return tf.tidy(() => {
    let x = patches;
    for (let i = 0; i < MCCNN_LAYERS; i++) {
      const [n, h, w, c] = x.shape;
      const views: Tensor4D[] = [];
      for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) views.push(tf.slice(x, [0, ky, kx, 0], [n, h - 2, w - 2, c]));
      const cols = tf.reshape(tf.concat(views, 3), [n * (h - 2) * (w - 2), 9 * c]);
      let y = tf.add(tf.matMul(cols, tf.reshape(t.kernels[i], [9 * c, MCCNN_MAPS])), t.biases[i]);
      if (i < MCCNN_LAYERS - 1) y = tf.relu(y);
      x = tf.reshape(y, [n, h - 2, w - 2, MCCNN_MAPS]);
    }
    const v = tf.reshape(x, [x.shape[0], MCCNN_MAPS]);
    return tf.mul(v, tf.rsqrt(tf.maximum(tf.sum(tf.square(v), 1, true), 1e-12))) as Tensor2D;
  });
}

/**
 * The paper's input normalisation: grey level (BT.601) minus the image's mean, over its standard deviation.
 * In (H, W, 3) RGB in [0, 1] → (H, W, 1). A flat image gives zeros.
 */
export function standardisedGray(image: Tensor3D): Tensor3D {
  return tf.tidy(() => {
    const g = toGray(image);
    const { mean, variance } = tf.moments(g);
    return tf.div(tf.sub(g, mean), tf.sqrt(tf.add(variance, 1e-6))) as Tensor3D;
  });
}

/**
 * Every pixel's MC-CNN vector. In: (H, W, 3) RGB in [0, 1]. Out: (H, W, F) unit vectors. The standardised
 * image is zero-padded by the patch radius (0 = the image mean), so border pixels see mean grey outside.
 */
export function denseMcCnn(w: McCnnWeights, image: Tensor3D): Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`mccnn: expected (H, W, 3), got (${image.shape})`);
  return tf.tidy(() => {
    const r = MCCNN_RADIUS;
    let x = tf.expandDims(tf.pad(standardisedGray(image), [[r, r], [r, r], [0, 0]]), 0) as Tensor4D;
    for (let i = 0; i < MCCNN_LAYERS; i++) {
      x = tf.fused.conv2d({
        x, filter: tf.tensor4d(w.kernels[i], layerShape(i)), strides: 1, pad: 'valid',
        bias: tf.tensor1d(w.biases[i]), activation: i < MCCNN_LAYERS - 1 ? 'relu' : 'linear',
      });
    }
    const v = tf.squeeze(x, [0]) as Tensor3D;
    return tf.mul(v, tf.rsqrt(tf.maximum(tf.sum(tf.square(v), 2, true), 1e-12))) as Tensor3D;
  });
}
