/**
 * The UCN network as built here: frozen ImageNet MobileNetV2 blocks 0–2 (stride 4) and a small trainable head.
 * Reference: C. B. Choy, J. Gwak, S. Savarese, M. Chandraker, "Universal Correspondence Network", NIPS 2016
 * (§3: fully convolutional, channel-wise L2 normalisation; §3.3: the convolutional spatial transformer).
 * The paper starts from GoogLeNet's first layers; here MobileNetV2 (Sandler et al., CVPR 2018) up to
 * block_2_add (24 channels, stride 4) stands for them and stays frozen, so training only updates
 *
 *   conv1: 3×3, 24 → 32, ReLU
 *   θ head (HN-ST only): 3×3, 32 → 2 (rotation, log₂ scale), ×THETA_GAIN; weights and bias 0 → the identity
 *   conv2: 3×3, 32 → 64, combining either the plain 3×3 neighbourhood (RN, HN) or the CST's transformed
 *          3×3 patch (HN-ST); then channel-wise L2 normalisation.
 *
 * The trainable convolutions run as one matMul over the nine shifted copies of the map (im2col), because
 * the wasm backend has no Conv2DBackpropFilter; with θ = 0 the HN-ST head computes exactly what the HN
 * head does. The cell map is upsampled to pixels as the cnn descriptor's is (learned/upsample.ts).
 */
import { tf, type Tensor2D, type Tensor3D, type Tensor4D } from '../../tf';
import { foldMobileNetV2, MOBILENET_LAYERS, MOBILENET_V2_DIR, mobileNetFeatures, type MobileNetV2 } from '../mobilenetV2';
import { loadModelWeights, weightOf, type NamedWeights, type WeightsManifest } from '../modelFiles';
import { l2NormaliseLast, upsampleCells } from '../upsample';
import { convolutionalSpatialTransformer, transformFromRaw, type CstTransform } from './cst';

export type UcnVariant = 'rn' | 'hn' | 'hn-st';
export const UCN_VARIANTS: readonly UcnVariant[] = ['rn', 'hn', 'hn-st'];
export const UCN_BACKBONE = 'block_2_add' as const;
export const UCN_STRIDE = MOBILENET_LAYERS[UCN_BACKBONE].stride;
const BACKBONE_CHANNELS = MOBILENET_LAYERS[UCN_BACKBONE].channels;
export const UCN_HIDDEN = 32;
export const UCN_DIM = 64;
export const ucnDir = (v: UcnVariant) => `ucn-${v}`;
/**
 * The θ head's output is multiplied by this before tanh. Adam moves every weight by about the learning rate
 * whatever its gradient's size, and at full gain the first training run drove φ and σ into tanh's
 * saturation (φ = ±180°, σ = 2 at every cell) within 145 steps; a gain of 0.1 makes θ move ten times slower.
 */
export const THETA_GAIN = 0.1;

/** Kernels (3, 3, in, out) and biases of the trainable head, row-major. `theta` only for HN-ST. */
export interface UcnWeights {
  variant: UcnVariant;
  conv1: { kernel: Float32Array; bias: Float32Array };
  conv2: { kernel: Float32Array; bias: Float32Array };
  theta?: { kernel: Float32Array; bias: Float32Array };
}

const SHAPES = {
  conv1: [3, 3, BACKBONE_CHANNELS, UCN_HIDDEN],
  conv2: [3, 3, UCN_HIDDEN, UCN_DIM],
  theta: [3, 3, UCN_HIDDEN, 2],
} as const satisfies Record<string, [number, number, number, number]>;
type LayerName = keyof typeof SHAPES;
const layersOf = (v: UcnVariant): LayerName[] => (v === 'hn-st' ? ['conv1', 'theta', 'conv2'] : ['conv1', 'conv2']);

/** He-uniform kernels from a seeded PRNG, zero biases; the θ head all zeros (identity transform). */
export function initUcn(variant: UcnVariant, rnd: () => number): UcnWeights {
  const layer = (name: LayerName) => {
    const [kh, kw, cin, cout] = SHAPES[name];
    const limit = Math.sqrt(6 / (kh * kw * cin));
    const kernel = name === 'theta' ? new Float32Array(kh * kw * cin * cout) : Float32Array.from({ length: kh * kw * cin * cout }, () => (2 * rnd() - 1) * limit);
    return { kernel, bias: new Float32Array(cout) };
  };
  return { variant, conv1: layer('conv1'), conv2: layer('conv2'), theta: variant === 'hn-st' ? layer('theta') : undefined };
}

/** The weights as a model folder: float32 manifest and the bytes of weights.bin. */
export function serialiseUcn(w: UcnWeights): { manifest: WeightsManifest; bytes: Uint8Array } {
  const names = layersOf(w.variant);
  const specs = names.flatMap((n) => [
    { name: `${n}/kernel`, shape: [...SHAPES[n]], dtype: 'float32' as const },
    { name: `${n}/bias`, shape: [SHAPES[n][3]], dtype: 'float32' as const },
  ]);
  const arrays = names.flatMap((n) => [w[n]!.kernel, w[n]!.bias]);
  const bytes = new Uint8Array(arrays.reduce((s, a) => s + a.byteLength, 0));
  arrays.reduce((at, a) => (bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at), at + a.byteLength), 0);
  return { manifest: { weightsManifest: [{ paths: ['weights.bin'], weights: specs }] }, bytes };
}

/** Reads a decoded model folder back; throws on a missing or misshapen weight. */
export function ucnFromNamed(variant: UcnVariant, named: NamedWeights): UcnWeights {
  const layer = (n: LayerName) => ({ kernel: weightOf(named, `${n}/kernel`, SHAPES[n]), bias: weightOf(named, `${n}/bias`, [SHAPES[n][3]]) });
  return { variant, conv1: layer('conv1'), conv2: layer('conv2'), theta: variant === 'hn-st' ? layer('theta') : undefined };
}

/** What one pass reads: variables while training, constants when describing. */
export interface UcnTensors {
  variant: UcnVariant;
  conv1: { kernel: Tensor4D; bias: tf.Tensor1D };
  conv2: { kernel: Tensor4D; bias: tf.Tensor1D };
  theta?: { kernel: Tensor4D; bias: tf.Tensor1D };
}

export function ucnTensors(w: UcnWeights, make: (t: tf.Tensor) => tf.Tensor = (t) => t): UcnTensors {
  const layer = (n: LayerName) => ({
    kernel: tf.tidy(() => make(tf.tensor4d(w[n]!.kernel, [...SHAPES[n]]))) as Tensor4D,
    bias: tf.tidy(() => make(tf.tensor1d(w[n]!.bias))) as tf.Tensor1D,
  });
  return { variant: w.variant, conv1: layer('conv1'), conv2: layer('conv2'), theta: w.theta ? layer('theta') : undefined };
}

export function disposeUcnTensors(t: UcnTensors): void {
  for (const l of [t.conv1, t.conv2, t.theta]) if (l) { l.kernel.dispose(); l.bias.dispose(); }
}

/** 3×3 'same' convolution as im2col + matMul. In (h, w, C); kernel (3, 3, C, C'). Out (h, w, C'). */
export function conv3x3(x: Tensor3D, kernel: Tensor4D, bias: tf.Tensor1D): Tensor3D {
  const [h, w, c] = x.shape;
  return tf.tidy(() => {
    const p = tf.pad(x, [[1, 1], [1, 1], [0, 0]]);
    const views: Tensor3D[] = [];
    for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 3; kx++) views.push(tf.slice(p, [ky, kx, 0], [h, w, c]));
    const cols = tf.reshape(tf.concat(views, 2), [h * w, 9 * c]) as Tensor2D;
    const out = tf.add(tf.matMul(cols, tf.reshape(kernel, [9 * c, kernel.shape[3]])), bias);
    return tf.reshape(out, [h, w, kernel.shape[3]]) as Tensor3D;
  });
}

/**
 * The trainable head on backbone cells. In: (h, w, 24). Out: unit vectors (h, w, 64) and, for HN-ST, the
 * per-cell transform (caller disposes both).
 */
export function ucnHead(net: UcnTensors, cells: Tensor3D): { features: Tensor3D; transform?: CstTransform } {
  if (cells.rank !== 3 || cells.shape[2] !== BACKBONE_CHANNELS) throw new Error(`ucnHead: expected (h, w, ${BACKBONE_CHANNELS}), got (${cells.shape})`);
  let transform: CstTransform | undefined;
  const features = tf.tidy(() => {
    const hidden = tf.relu(conv3x3(cells, net.conv1.kernel, net.conv1.bias)) as Tensor3D;
    let out: Tensor3D;
    if (net.theta) {
      const t = transformFromRaw(tf.mul(conv3x3(hidden, net.theta.kernel, net.theta.bias), THETA_GAIN) as Tensor3D);
      tf.keep(t.angle);
      tf.keep(t.scale);
      transform = t;
      out = convolutionalSpatialTransformer(hidden, t, net.conv2.kernel, net.conv2.bias);
    } else {
      out = conv3x3(hidden, net.conv2.kernel, net.conv2.bias);
    }
    return l2NormaliseLast(out);
  });
  return { features, transform };
}

let backbone: { from: NamedWeights; model: MobileNetV2 } | undefined;

/** Loads and folds the frozen MobileNetV2 once per model reader. */
export async function prepareUcnBackbone(): Promise<MobileNetV2> {
  const weights = await loadModelWeights(MOBILENET_V2_DIR);
  if (backbone?.from !== weights) backbone = { from: weights, model: foldMobileNetV2(weights) };
  return backbone.model;
}

/**
 * Backbone cells of an image. In: (H, W, 3) RGB in [0, 1], zero-padded at the bottom and right to a
 * multiple of the stride. Out: (⌈H/4⌉, ⌈W/4⌉, 24); cell (i, j) is centred over pixel (4j + 3, 4i + 3).
 */
export function ucnBackbone(model: MobileNetV2, image: Tensor3D): Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`ucn: expected (H, W, 3), got (${image.shape})`);
  const [h, w] = image.shape;
  const s = UCN_STRIDE;
  return tf.tidy(() => {
    const padded = tf.pad(image, [[0, Math.ceil(h / s) * s - h], [0, Math.ceil(w / s) * s - w], [0, 0]]);
    return tf.squeeze(mobileNetFeatures(model, tf.expandDims(padded, 0) as Tensor4D, UCN_BACKBONE), [0]) as Tensor3D;
  });
}

/** Dense UCN descriptors. In: (H, W, 3) RGB in [0, 1]. Out: (H, W, 64) unit vectors. */
export function denseUcn(model: MobileNetV2, net: UcnTensors, image: Tensor3D): Tensor3D {
  const [h, w] = image.shape;
  return tf.tidy(() => {
    const { features, transform } = ucnHead(net, ucnBackbone(model, image));
    if (transform) { transform.angle.dispose(); transform.scale.dispose(); }
    return l2NormaliseLast(upsampleCells(features, h, w, UCN_STRIDE, UCN_STRIDE - 1));
  });
}
