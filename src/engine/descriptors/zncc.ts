/**
 * Normalised cross-correlation as descriptors: NCC and zero-mean NCC (ZNCC).
 * References:
 *  - NCC: Y. S. Heo, K. M. Lee and S. U. Lee, "Robust stereo matching using adaptive normalized
 *    cross-correlation", IEEE Trans. Pattern Analysis and Machine Intelligence, 2011.
 *  - ZNCC: the lecture behind Matchscope (D. Min), as used by X. Shen, L. Xu, Q. Zhang and J. Jia,
 *    "Multi-modal and multi-spectral registration for natural images", ECCV 2014.
 *
 * Both are the k×k grey window around a pixel, written as one vector and scaled to unit length; ZNCC first
 * subtracts the window's mean. The dot product of two such vectors IS the (Z)NCC of the two windows:
 *   NCC(a, b)  = Σ a·b / (‖a‖ ‖b‖),    ZNCC(a, b) = Σ (a − ā)(b − b̄) / (‖a − ā‖ ‖b − b̄‖),
 * so nearest-neighbour search by cosine similarity is exactly window matching by (Z)NCC.
 * NCC is unchanged by a gain I' = a·I (a > 0); ZNCC also by an offset, I' = a·I + b.
 *
 * Layout: element dy·k + dx is the (centred) grey value of pixel (x + dx − r, y + dy − r), r = (k − 1)/2,
 * divided by the window's norm. A flat window (RMS below FLAT_RMS) has no defined correlation and gets the
 * zero vector, so its score against anything is 0.
 */
import { tf, type Tensor3D } from '../tf';
import { toGray, windowConv } from '../tf/padding';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';

export interface NccParams extends Record<string, number> {
  size: number;
}

/**
 * Windows whose RMS (about the mean for ZNCC, about 0 for NCC) is below this count as flat: 1e-4 is 1/40 of
 * an 8-bit grey level, far above float32 rounding of a constant window (~1e-7) and far below real texture.
 */
export const FLAT_RMS = 1e-4;

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'size', label: 'Window k', help: 'Side of the square grey window (odd). D = k².', min: 3, max: 11, odd: true },
];
const defaults: NccParams = { size: 7 };

/**
 * Kernel (k, k, 1, k²): output j reads the window pixel j (row-major); with `zeroMean`, every tap also
 * subtracts 1/k², so one conv yields the window minus its mean.
 */
function windowKernel(k: number, zeroMean: boolean) {
  const n = k * k;
  const w = new Float32Array(n * n).fill(zeroMean ? -1 / n : 0);
  for (let j = 0; j < n; j++) w[j * n + j] += 1;
  return tf.tensor4d(w, [k, k, 1, n]);
}

/**
 * The unit-length (optionally centred) k×k grey window of every pixel.
 * In: (H, W, 3) float32 RGB. Out: (H, W, k²) float32, each vector of norm 1 or exactly 0 (flat window).
 */
export function normalisedWindows(image: Tensor3D, k: number, zeroMean: boolean): Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`normalisedWindows: expected (H, W, 3), got (${image.shape})`);
  return tf.tidy(() => {
    const v = windowConv(toGray(image), k, windowKernel(k, zeroMean));
    const sq = tf.sum(tf.square(v), 2, true);
    const flat = tf.lessEqual(sq, k * k * FLAT_RMS * FLAT_RMS);
    const inv = tf.where(flat, tf.zerosLike(sq), tf.rsqrt(tf.maximum(sq, 1e-30)));
    return tf.mul(v, inv) as Tensor3D;
  });
}

const shared = {
  family: 'hand-crafted',
  metric: 'cosine',
  params: specs,
  defaultParams: defaults,
  dim: (p: NccParams) => p.size * p.size,
  radius: (p: NccParams) => (p.size - 1) / 2,
  pattern: (p: NccParams) => {
    const r = (p.size - 1) / 2;
    const cells = Array.from({ length: p.size * p.size }, (_, i) => ({ x: (i % p.size) - r, y: Math.floor(i / p.size) - r, size: 1 }));
    return { cells, caption: `${p.size}×${p.size} grey pixels, normalised so that a dot product is the correlation.` };
  },
} as const;

const commonDeviations = [
  'Computed on the BT.601 grey level (0.299R + 0.587G + 0.114B); colour is not used.',
  'Windows that cross the image border repeat the edge pixel (OpenCV BORDER_REPLICATE).',
  `A flat window (RMS below ${FLAT_RMS}, where the correlation is 0/0) gets the zero vector, so it scores 0 against everything instead of being undefined.`,
];

export const ncc: Descriptor<NccParams> = {
  ...shared,
  id: 'ncc',
  label: 'NCC window (k×k grey)',
  citation: 'Y. S. Heo, K. M. Lee and S. U. Lee, "Robust stereo matching using adaptive normalized cross-correlation", IEEE Trans. Pattern Analysis and Machine Intelligence, 2011.',
  summary: 'The k×k grey window divided by its norm: the dot product of two vectors is their normalised cross-correlation.',
  deviations: [
    'Plain NCC over a square window, the baseline of the paper; its adaptive support weights and log-chromaticity colour model (ANCC) are not implemented.',
    ...commonDeviations,
  ],
  invariances: ['translation', 'illumination'],
  validateParams: (raw) => validateAgainstSpec('ncc', specs, defaults, raw),
  describe: (image, p) => normalisedWindows(image, p.size, false),
};

export const zncc: Descriptor<NccParams> = {
  ...shared,
  id: 'zncc',
  label: 'ZNCC window (k×k grey)',
  citation: 'Zero-mean normalised cross-correlation, as in the lecture behind Matchscope (D. Min) and X. Shen, L. Xu, Q. Zhang and J. Jia, "Multi-modal and multi-spectral registration for natural images", ECCV 2014.',
  summary: 'The k×k grey window minus its mean, divided by its norm: the dot product of two vectors is their ZNCC, unchanged by gain and offset of brightness.',
  deviations: [
    'A fixed square window with uniform weights; ZNCC is a matching cost rather than one paper\'s descriptor, and the robust selective NCC (RSNCC) that Shen et al. build on it is not implemented.',
    ...commonDeviations,
  ],
  invariances: ['translation', 'illumination'],
  validateParams: (raw) => validateAgainstSpec('zncc', specs, defaults, raw),
  describe: (image, p) => normalisedWindows(image, p.size, true),
};
