/**
 * DeepDesc: a siamese patch descriptor compared by L2 distance.
 * Reference: E. Simo-Serra, E. Trulls, L. Ferraz, I. Kokkinos, P. Fua, F. Moreno-Noguer, "Discriminative
 * learning of deep convolutional feature point descriptors", ICCV 2015.
 *
 * The paper's tower (64×64 grey patch → 128-D): three convolutions (7×7·32, 6×6·64, 5×5·128), each with
 * tanh and L2 pooling (2×2, 3×3, 4×4). Shrunk here to 31×31 patches, so that it trains on a shared CPU:
 * 4×4·32 → tanh → L2 pool 2×2 → 5×5·64 → tanh → L2 pool 2×2 → 5×5·128 → tanh (31 → 28 → 14 → 10 → 5 → 1).
 * Every convolution and pool is "valid", so run over a whole image the tower gives, at cell (i, j), exactly
 * its output on the 31×31 patch whose top-left is (4j, 4i) of the padded image: a dense map at stride 4,
 * which is then upsampled bilinearly to every pixel, as the cnn descriptor does.
 */
import { tf, type Tensor3D, type Tensor4D } from '../../tf';
import { standardisedGray } from '../mccnn/model';
import { upsampleCells } from '../upsample';
import { constTensors, forwardConv, receptiveField, type ConvNetSpec, type ConvNetWeights } from './convNet';

export const DEEPDESC_DIR = 'deepdesc';

export const DEEPDESC_SPEC: ConvNetSpec = [
  { k: 4, cin: 1, cout: 32, activation: 'tanh', pool: 'l2' },
  { k: 5, cin: 32, cout: 64, activation: 'tanh', pool: 'l2' },
  { k: 5, cin: 64, cout: 128, activation: 'tanh', pool: null },
];

export const DEEPDESC_PATCH = receptiveField(DEEPDESC_SPEC).size;
export const DEEPDESC_STRIDE = receptiveField(DEEPDESC_SPEC).stride;
/** The patch's centre pixel, from its top-left: the patch is odd, so the centre is a pixel. */
export const DEEPDESC_RADIUS = (DEEPDESC_PATCH - 1) / 2;
export const DEEPDESC_DIM = DEEPDESC_SPEC[DEEPDESC_SPEC.length - 1].cout;
/** The hinge margin C of the loss max(0, C − ‖D(x₁) − D(x₂)‖) for non-matching pairs (the paper: 4). */
export const DEEPDESC_MARGIN = 4;

/**
 * The tower's cells over an image, before upsampling. In: (H, W, 3) RGB in [0, 1]. Out: (h, w, 128) with
 * h = ⌊(H − 1)/4⌋ + 1: cell (i, j) describes the 31×31 patch centred on pixel (4j, 4i), the standardised grey
 * image being zero (its mean) outside.
 */
export function deepDescCells(w: ConvNetWeights, image: Tensor3D): Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`deepdesc: expected (H, W, 3), got (${image.shape})`);
  return tf.tidy(() => {
    const r = DEEPDESC_RADIUS;
    const x = tf.expandDims(tf.pad(standardisedGray(image), [[r, r], [r, r], [0, 0]]), 0) as Tensor4D;
    return tf.squeeze(forwardConv(DEEPDESC_SPEC, constTensors(DEEPDESC_SPEC, w), x), [0]) as Tensor3D;
  });
}

/** Every pixel's descriptor. In: (H, W, 3) RGB in [0, 1]. Out: (H, W, 128) float32, each entry in (−1, 1). */
export function denseDeepDesc(w: ConvNetWeights, image: Tensor3D): Tensor3D {
  const [h, wd] = image.shape;
  return tf.tidy(() => upsampleCells(deepDescCells(w, image), h, wd, DEEPDESC_STRIDE, 0));
}
