/**
 * MobileNetV2 blocks 0–10 as a fully convolutional feature extractor, written out with tfjs ops from the
 * decoded Keras weights (no tfjs-layers, no model loading from URLs).
 * Reference: M. Sandler, A. Howard, M. Zhu, A. Zhmoginov, L.-C. Chen, "MobileNetV2: Inverted residuals and
 * linear bottlenecks", CVPR 2018. Layer names, paddings and BN ε follow Keras' `applications.MobileNetV2`
 * (alpha 1.0), as saved in nsfwjs 4.4.0's model.json (see scripts/models/decode-mobilenet.mjs).
 *
 * Each block: 1×1 expansion (×6; none in block 0) → BN → ReLU6 → 3×3 depthwise (stride 1 or 2) → BN →
 * ReLU6 → 1×1 linear projection → BN, plus the input when stride is 1 and the width is unchanged.
 * BatchNorm is folded into the preceding convolution once, at load time: w' = w·γ/√(σ² + ε),
 * b' = β − μ·γ/√(σ² + ε). Stride-2 layers pad one zero row and column at the bottom and right only
 * (Keras' ZeroPadding2D ((0, 1), (0, 1)) saved with the model), so the centre of output cell k of a layer at
 * total stride s lies over input pixel s·k + s − 1, not s·k + (s − 1)/2.
 */
import { tf, type Tensor4D } from '../tf';
import { weightOf, type NamedWeights } from './modelFiles';

/** BN ε of every BatchNormalization layer in the saved model. */
const BN_EPSILON = 1e-3;
export const MOBILENET_V2_DIR = 'mobilenet_v2';

interface BlockSpec { expansion: number; out: number; stride: 1 | 2 }
/** Blocks 0–10 of MobileNetV2 (Sandler et al., Table 2, rows 2–5 of the bottleneck stack). */
const BLOCKS: readonly BlockSpec[] = [
  { expansion: 1, out: 16, stride: 1 },
  { expansion: 6, out: 24, stride: 2 }, { expansion: 6, out: 24, stride: 1 },
  { expansion: 6, out: 32, stride: 2 }, { expansion: 6, out: 32, stride: 1 }, { expansion: 6, out: 32, stride: 1 },
  { expansion: 6, out: 64, stride: 2 }, { expansion: 6, out: 64, stride: 1 }, { expansion: 6, out: 64, stride: 1 }, { expansion: 6, out: 64, stride: 1 },
  { expansion: 6, out: 96, stride: 1 },
];
const STEM_CHANNELS = 32;

/** The layers a feature map can be read from, named as in Keras, with their total stride and width. */
export const MOBILENET_LAYERS = {
  block_2_add: { lastBlock: 2, stride: 4, channels: 24 },
  block_5_add: { lastBlock: 5, stride: 8, channels: 32 },
  block_9_add: { lastBlock: 9, stride: 16, channels: 64 },
  block_10_project_BN: { lastBlock: 10, stride: 16, channels: 96 },
} as const;
export type MobileNetLayer = keyof typeof MOBILENET_LAYERS;

interface FoldedConv { kernel: Float32Array; shape: [number, number, number, number]; bias: Float32Array }
interface FoldedBlock { stride: 1 | 2; residual: boolean; expand?: FoldedConv; depthwise: FoldedConv; project: FoldedConv }
export interface MobileNetV2 { stem: FoldedConv; blocks: FoldedBlock[] }

function foldBatchNorm(w: NamedWeights, convName: string, bnName: string, shape: FoldedConv['shape'], isDepthwise = false): FoldedConv {
  const channels = isDepthwise ? shape[2] : shape[3];
  const raw = weightOf(w, `${convName}/${isDepthwise ? 'depthwise_kernel' : 'kernel'}`, shape);
  const get = (k: string) => weightOf(w, `${bnName}/${k}`, [channels]);
  const [gamma, beta, mean, variance] = [get('gamma'), get('beta'), get('moving_mean'), get('moving_variance')];
  const scale = gamma.map((g, c) => g / Math.sqrt(variance[c] + BN_EPSILON));
  // The output channel is the fastest-varying index of both layouts: [kh, kw, in, out] and [kh, kw, C, 1].
  const kernel = raw.map((v, i) => v * scale[i % channels]);
  const bias = beta.map((b, c) => b - mean[c] * scale[c]);
  return { kernel, shape, bias };
}

/** Folds the BN layers of blocks 0–10 into their convolutions. Throws on a missing or misshapen weight. */
export function foldMobileNetV2(w: NamedWeights): MobileNetV2 {
  const stem = foldBatchNorm(w, 'Conv1', 'bn_Conv1', [3, 3, 3, STEM_CHANNELS]);
  let inC = STEM_CHANNELS;
  const blocks = BLOCKS.map((b, i): FoldedBlock => {
    const prefix = i === 0 ? 'expanded_conv' : `block_${i}`;
    const mid = inC * b.expansion;
    const expand = b.expansion === 1 ? undefined : foldBatchNorm(w, `${prefix}_expand`, `${prefix}_expand_BN`, [1, 1, inC, mid]);
    const depthwise = foldBatchNorm(w, `${prefix}_depthwise`, `${prefix}_depthwise_BN`, [3, 3, mid, 1], true);
    const project = foldBatchNorm(w, `${prefix}_project`, `${prefix}_project_BN`, [1, 1, mid, b.out]);
    const residual = b.stride === 1 && inC === b.out;
    inC = b.out;
    return { stride: b.stride, residual, expand, depthwise, project };
  });
  return { stem, blocks };
}

type Activation = 'relu6' | 'linear';

/** Keras 'same' for stride 1; for stride 2 the saved ZeroPadding2D ((0, 1), (0, 1)) then 'valid'. */
function padFor(x: Tensor4D, stride: 1 | 2): { x: Tensor4D; pad: 'same' | 'valid' } {
  return stride === 1 ? { x, pad: 'same' } : { x: tf.pad(x, [[0, 0], [0, 1], [0, 1], [0, 0]]), pad: 'valid' };
}

function conv(x: Tensor4D, c: FoldedConv, stride: 1 | 2, activation: Activation): Tensor4D {
  const p = padFor(x, stride);
  return tf.fused.conv2d({ x: p.x, filter: tf.tensor4d(c.kernel, c.shape), strides: stride, pad: p.pad, bias: tf.tensor1d(c.bias), activation });
}

function depthwise(x: Tensor4D, c: FoldedConv, stride: 1 | 2): Tensor4D {
  const p = padFor(x, stride);
  return tf.fused.depthwiseConv2d({ x: p.x, filter: tf.tensor4d(c.kernel, c.shape), strides: stride, pad: p.pad, bias: tf.tensor1d(c.bias), activation: 'relu6' });
}

function block(x: Tensor4D, b: FoldedBlock): Tensor4D {
  const expanded = b.expand ? conv(x, b.expand, 1, 'relu6') : x;
  const projected = conv(depthwise(expanded, b.depthwise, b.stride), b.project, 1, 'linear');
  return b.residual ? tf.add(x, projected) : projected;
}

/**
 * The feature map at `layer`. In: (1, H, W, 3) float32 RGB in [0, 1] (what the shipped BN statistics fit).
 * Out: (1, h, w, C) float32 with h = ⌊H/2⌋ after each stride-2 layer (for H a multiple of the stride,
 * h = H/stride); cell (i, j) is centred over input pixel (s·j + s − 1, s·i + s − 1). Caller disposes.
 */
export function mobileNetFeatures(model: MobileNetV2, input: Tensor4D, layer: MobileNetLayer): Tensor4D {
  if (input.rank !== 4 || input.shape[3] !== 3) throw new Error(`mobileNetFeatures: expected (1, H, W, 3), got (${input.shape})`);
  const { lastBlock } = MOBILENET_LAYERS[layer];
  return tf.tidy(() => {
    let x = conv(input, model.stem, 2, 'relu6');
    for (let i = 0; i <= lastBlock; i++) x = block(x, model.blocks[i]);
    return x;
  });
}

/**
 * Half-width of the receptive field of `layer`, in input pixels: (RF − 1)/2 with RF grown by (k − 1)·jump
 * per 3×3 layer (1×1 layers add nothing).
 */
export function receptiveRadius(layer: MobileNetLayer): number {
  let rf = 3;
  let jump = 2;
  for (let i = 0; i <= MOBILENET_LAYERS[layer].lastBlock; i++) {
    rf += 2 * jump;
    jump *= BLOCKS[i].stride;
  }
  return (rf - 1) / 2;
}
