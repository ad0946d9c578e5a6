/**
 * Pretrained CNN features as a dense descriptor ("conv4"-style features for correspondence).
 * Reference: J. Long, N. Zhang, T. Darrell, "Do convnets learn correspondence?", NIPS 2014.
 * Network: the ImageNet MobileNetV2 (Sandler et al., CVPR 2018) that ships in the npm package nsfwjs 4.4.0
 * (MIT); its blocks 0–10 are the frozen ImageNet weights (see src/engine/learned/mobilenetV2.ts).
 *
 * The image (RGB in [0, 1], as nsfwjs feeds the network: its BN statistics fit that range, not Keras' [−1, 1];
 * see scripts/oracles/mobilenet.py) is zero-padded at the bottom and right
 * to a multiple of the stride, run to the chosen layer, the coarse map is upsampled bilinearly to every pixel
 * (cell centres where the network puts them), then each vector is L2-normalised, so vectors compare by cosine.
 */
import { tf, type Tensor3D, type Tensor4D } from '../../tf';
import { loadModelWeights, type NamedWeights } from '../../learned/modelFiles';
import { foldMobileNetV2, MOBILENET_LAYERS, MOBILENET_V2_DIR, mobileNetFeatures, receptiveRadius, type MobileNetLayer, type MobileNetV2 } from '../../learned/mobilenetV2';
import { l2NormaliseLast, upsampleCells } from '../../learned/upsample';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from '../contract';

export interface CnnParams extends Record<string, string> {
  layer: MobileNetLayer;
}

const LAYERS = Object.keys(MOBILENET_LAYERS) as MobileNetLayer[];
const specs: readonly ParamSpec[] = [
  {
    kind: 'choice', name: 'layer', label: 'Layer',
    help: 'Where the features are read: block_2_add (stride 4, D 24), block_5_add (stride 8, D 32), block_9_add (stride 16, D 64), block_10_project_BN (stride 16, D 96). Deeper layers see more context and are coarser.',
    options: LAYERS,
  },
];
const defaults: CnnParams = { layer: 'block_5_add' };

let folded: { from: NamedWeights; model: MobileNetV2 } | undefined;

/** Loads and folds the weights once per reader (see learned/modelFiles.ts). */
async function prepareMobileNet(): Promise<void> {
  const weights = await loadModelWeights(MOBILENET_V2_DIR);
  if (folded?.from !== weights) folded = { from: weights, model: foldMobileNetV2(weights) };
}

/**
 * Dense CNN features. In: (H, W, 3) float32 RGB in [0, 1]. Out: (H, W, C) float32, unit length per pixel
 * (C = the layer's width). Needs `prepareMobileNet` to have resolved.
 */
export function denseCnnFeatures(image: Tensor3D, p: CnnParams): Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`cnn: expected (H, W, 3), got (${image.shape})`);
  if (!folded) throw new Error('cnn: the MobileNetV2 weights are not loaded; await descriptor.prepare() before describe');
  const model = folded.model;
  const [h, w] = image.shape;
  const { stride } = MOBILENET_LAYERS[p.layer];
  return tf.tidy(() => {
    // Padding with 0 (black) to a multiple of the stride keeps every pixel under a cell, even in a 1×1 image.
    const padded = tf.pad(image, [[0, Math.ceil(h / stride) * stride - h], [0, Math.ceil(w / stride) * stride - w], [0, 0]]);
    const cells = tf.squeeze(mobileNetFeatures(model, tf.expandDims(padded, 0) as Tensor4D, p.layer), [0]) as Tensor3D;
    return l2NormaliseLast(upsampleCells(cells, h, w, stride, stride - 1));
  });
}

export const cnn: Descriptor<CnnParams> = {
  id: 'cnn',
  label: 'CNN features (MobileNetV2)',
  family: 'learned',
  citation: 'J. Long, N. Zhang, T. Darrell, "Do convnets learn correspondence?", NIPS 2014; network: M. Sandler et al., "MobileNetV2: Inverted residuals and linear bottlenecks", CVPR 2018.',
  summary: 'The activations of an ImageNet-trained MobileNetV2 at one layer, upsampled bilinearly to every pixel and L2-normalised, compared by cosine similarity.',
  deviations: [
    'MobileNetV2 (ImageNet weights of blocks 0–10 from nsfwjs 4.4.0, uint8-quantised) instead of the AlexNet conv4 of Long et al.; its layers at strides 4, 8 and 16 stand for conv2–conv4.',
    'Dense: the coarse map is upsampled bilinearly to every pixel (Long et al. match features of keypoints and of patches at the feature resolution).',
    'Inputs in [0, 1], not the [−1, 1] of Keras\' ImageNet training: the shipped BatchNorm statistics were re-estimated on nsfwjs\' [0, 1] inputs (the mean Conv1 response of two photographs correlates 0.997 with bn_Conv1\'s moving mean for [0, 1], −0.66 for [−1, 1]; the same through every block).',
    'The image is zero-padded (black) at the bottom and right to a multiple of the stride; near those borders the features see the padding.',
  ],
  invariances: ['translation', 'illumination'],
  metric: 'cosine',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('cnn', specs, defaults, raw),
  dim: (p) => MOBILENET_LAYERS[p.layer].channels,
  radius: (p) => receptiveRadius(p.layer),
  pattern: (p) => {
    const { stride } = MOBILENET_LAYERS[p.layer];
    const r = receptiveRadius(p.layer);
    const points = [-1, 0, 1].flatMap((i) => [-1, 0, 1].map((j) => ({ x: j * stride, y: i * stride })));
    return { cells: [{ x: 0, y: 0, size: 2 * r + 1 }], points, caption: `Receptive field ${2 * r + 1}×${2 * r + 1} px; feature cells every ${stride} px (dots), interpolated bilinearly between the four around a pixel.` };
  },
  prepare: () => prepareMobileNet(),
  describe: (image, p) => denseCnnFeatures(image, p),
};
