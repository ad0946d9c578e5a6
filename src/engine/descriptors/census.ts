/**
 * Census transform.
 * Reference: R. Zabih and J. Woodfill, "Non-parametric local transforms for computing visual
 * correspondence", ECCV 1994.
 *
 * Each bit says whether a neighbour in the k×k window is darker than the centre: bit = [I(n) < I(c)].
 * The k² − 1 bits (48 for 7×7) are compared by Hamming distance. Only the order of intensities matters,
 * so the code survives any monotonic change of brightness, and an outlier pixel flips one bit at most.
 *
 * Layout: bit i follows the window in row-major order (dy, dx) with the centre skipped.
 * Bits are stored as float32 0/1 so that ‖a − b‖² equals the Hamming distance and one matrix product
 * serves every descriptor.
 */
import { tf, type Tensor3D } from '../tf';
import { toGray, windowConv } from '../tf/padding';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';

export interface CensusParams extends Record<string, number> {
  size: number;
}

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'size', label: 'Window k', help: 'Side of the square window (odd). D = k² − 1 bits.', min: 3, max: 11, odd: true },
];
const defaults: CensusParams = { size: 7 };

/** Grey levels are quantised to 8 bits first so that float noise cannot flip a bit between equal pixels. */
function quantisedGray(image: Tensor3D): Tensor3D {
  return tf.tidy(() => tf.round(tf.mul(toGray(image), 255)) as Tensor3D);
}

/** Kernel (k, k, 1, k² − 1): output j is +1 at neighbour j (row-major, centre skipped), −1 at the centre. */
function differenceKernel(k: number) {
  const n = k * k - 1;
  const centre = (k * k - 1) / 2;
  const w = new Float32Array(k * k * n);
  for (let j = 0; j < n; j++) {
    const pos = j < centre ? j : j + 1;
    w[pos * n + j] = 1;
    w[centre * n + j] = -1;
  }
  return tf.tensor4d(w, [k, k, 1, n]);
}

/**
 * The census bits of every pixel: (H, W, 3) RGB → (H, W, k² − 1) float 0/1, bit j = [I(n_j) < I(c)] for the
 * neighbours n_j in row-major order, centre skipped. The rank transform is their sum.
 */
export function censusBits(image: Tensor3D, k: number): Tensor3D {
  return tf.tidy(() => {
    // One conv gives I(n) − I(c) for every neighbour n; on integer grey levels, I(n) < I(c) ⇔ step(I(c) − I(n)) = 1.
    const diff = windowConv(quantisedGray(image), k, differenceKernel(k));
    return tf.step(tf.neg(diff)) as Tensor3D;
  });
}

export const census: Descriptor<CensusParams> = {
  id: 'census',
  label: 'Census transform',
  family: 'hand-crafted',
  citation: 'R. Zabih and J. Woodfill, "Non-parametric local transforms for computing visual correspondence", ECCV 1994.',
  summary: 'One bit per neighbour in the k×k window: is it darker than the centre? Compared by Hamming distance.',
  deviations: [
    'Computed on the BT.601 grey level (0.299R + 0.587G + 0.114B) rounded to 8 bits; the paper assumes a grey image.',
    'Windows that cross the image border repeat the edge pixel.',
    'Bits are stored as float 0/1 rather than packed words, so Hamming distance is computed as ‖a − b‖².',
  ],
  invariances: ['translation', 'illumination'],
  metric: 'hamming',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('census', specs, defaults, raw),
  dim: (p) => p.size * p.size - 1,
  radius: (p) => (p.size - 1) / 2,
  pattern: (p) => {
    const r = (p.size - 1) / 2;
    const pairs = [];
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx || dy) pairs.push({ x1: 0, y1: 0, x2: dx, y2: dy });
    return { pairs, caption: `${pairs.length} comparisons of the centre with each neighbour: one bit each.` };
  },
  describe: (image, p) => censusBits(image, p.size),
};
