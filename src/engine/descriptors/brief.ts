/**
 * BRIEF: binary robust independent elementary features, computed densely.
 * Reference: M. Calonder, V. Lepetit, M. Özuysal, T. Trzcinski, C. Strecha and P. Fua, "BRIEF: Computing a
 * local binary descriptor very fast", IEEE Trans. Pattern Analysis and Machine Intelligence, 2012.
 *
 * The grey image is smoothed with a Gaussian (σ = 2); bit i of the descriptor of pixel p is the test
 * τ_i(p) = [J(p + x_i) < J(p + y_i)] on the smoothed image J. The pairs (x_i, y_i) are the paper's sampling
 * G II: both points i.i.d. Gaussian around the centre with σ² = S²/25 inside the S×S patch. They come from a
 * fixed seed, so every pixel of every image uses the same pattern, and the first 128 tests of BRIEF-256 are
 * BRIEF-128. Bits are stored as float 0/1 and compared by Hamming distance.
 *
 * Dense computation: all tests are one convolution whose kernel holds −1 at x_i and +1 at y_i for output i,
 * so out_i = J(p + y_i) − J(p + x_i) and the bit is step(out_i). A dense conv pays for every tap of its
 * kernel, so test points are snapped to a grid of `gridStep` pixels and the conv is dilated by that step:
 * a 48-px patch on a 4-px grid is a 13×13 kernel instead of 49×49 (≈14× less work). gridStep = 1 is the
 * paper's pixel-exact sampling.
 *
 * Layout: element i is test i of briefPattern(bits, patchSize, gridStep).
 */
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { padReplicate, toGray } from '../tf/padding';
import { gaussianBlur } from '../tf/filters';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';
import { mulberry32 } from '../core/random';

export interface BriefParams extends Record<string, number> {
  bits: number;
  patchSize: number;
  gridStep: number;
}

/** The seed of Matchscope's BRIEF pattern. Changing it changes every BRIEF descriptor. */
export const BRIEF_PATTERN_SEED = 0x42524945; // "BRIE"
/** Smoothing before the tests, as in the paper; the kernel is cut at ±2σ (9×9 taps). */
export const BRIEF_SIGMA = 2;
const SMOOTH_TRUNCATE = 2;
/** Widest kernel (in taps per side) the conv may use; 25×25×512 is already seconds on wasm. */
const MAX_TAPS = 25;

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'bits', label: 'Bits', help: 'Number of binary tests: 128, 256 or 512 (BRIEF-16, -32, -64 in bytes).', min: 128, max: 512, step: 128 },
  { kind: 'int', name: 'patchSize', label: 'Patch S', help: 'Side of the square patch the test points are drawn from, in pixels (paper: 48).', min: 8, max: 64 },
  { kind: 'int', name: 'gridStep', label: 'Grid step', help: 'Test points are snapped to multiples of this many pixels; 1 is exact but slow for large patches.', min: 1, max: 8 },
];
const defaults: BriefParams = { bits: 256, patchSize: 48, gridStep: 4 };

/** Taps on each side of the centre of the dilated kernel. */
const halfTaps = (p: Pick<BriefParams, 'patchSize' | 'gridStep'>) => Math.floor(p.patchSize / 2 / p.gridStep);

/**
 * The test pattern: Int32Array of 4·bits offsets in pixels, test i = (x_i = (dx, dy), y_i = (dx, dy)) at
 * [4i … 4i + 3] = [x_i.dx, x_i.dy, y_i.dx, y_i.dy]. Each coordinate is drawn from N(0, S²/25) (Box–Muller),
 * redrawn while it falls outside [−S/2, S/2], then rounded to the nearest multiple of `gridStep` within the
 * kernel; a pair whose two points coincide is redrawn (it would always be 0). Pure: same inputs, same pattern.
 */
export function briefPattern(bits: number, patchSize: number, gridStep: number, seed = BRIEF_PATTERN_SEED): Int32Array {
  const rnd = mulberry32(seed);
  const sigma = patchSize / 5;
  const m = halfTaps({ patchSize, gridStep });
  const coordinate = () => {
    for (;;) {
      const g = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()) * sigma;
      if (Math.abs(g) > patchSize / 2) continue;
      return gridStep * Math.max(-m, Math.min(m, Math.round(g / gridStep)));
    }
  };
  const out = new Int32Array(4 * bits);
  for (let i = 0; i < bits; ) {
    const t = [coordinate(), coordinate(), coordinate(), coordinate()];
    if (t[0] === t[2] && t[1] === t[3]) continue;
    out.set(t, 4 * i++);
  }
  return out;
}

/** Kernel (K, K, 1, bits), K = 2m + 1, taps gridStep apart: −1 at x_i, +1 at y_i for output i. */
function testKernel(pattern: Int32Array, m: number, step: number): Tensor4D {
  const k = 2 * m + 1;
  const n = pattern.length / 4;
  const w = new Float32Array(k * k * n);
  const tap = (dx: number, dy: number) => (dy / step + m) * k + (dx / step + m);
  for (let i = 0; i < n; i++) {
    w[tap(pattern[4 * i], pattern[4 * i + 1]) * n + i] = -1;
    w[tap(pattern[4 * i + 2], pattern[4 * i + 3]) * n + i] = 1;
  }
  return tf.tensor4d(w, [k, k, 1, n]);
}

/** The smoothed grey image J the tests read: (H, W, 3) RGB → (H, W, 1). Exposed for tests. */
export function briefSmoothed(image: Tensor3D): Tensor3D {
  return tf.tidy(() => gaussianBlur(toGray(image), BRIEF_SIGMA, SMOOTH_TRUNCATE));
}

export const brief: Descriptor<BriefParams> = {
  id: 'brief',
  label: 'BRIEF (dense)',
  family: 'hand-crafted',
  citation: 'M. Calonder, V. Lepetit, M. Özuysal, T. Trzcinski, C. Strecha and P. Fua, "BRIEF: Computing a local binary descriptor very fast", IEEE Trans. Pattern Analysis and Machine Intelligence, 2012.',
  summary: 'Bits [J(p + x_i) < J(p + y_i)] of random Gaussian point pairs on the smoothed grey image, the same pattern at every pixel; compared by Hamming distance.',
  deviations: [
    'Computed densely at every pixel rather than at detected keypoints.',
    'Test points are snapped to a grid of gridStep pixels (default 4, so within ±2 px of the Gaussian draw) so that one dilated convolution stays affordable; gridStep = 1 gives pixel-exact points.',
    'Sampling G II with each coordinate redrawn until it lies inside the S×S patch (a truncated Gaussian), and pairs whose two points coincide after snapping redrawn; the pattern is Matchscope\'s own draw (seeded), not the paper\'s.',
    'Smoothing: Gaussian σ = 2 cut at ±2σ (9×9 taps), applied to the BT.601 grey level (0.299R + 0.587G + 0.114B); the image border repeats the edge pixel, both for smoothing and for tests that fall outside the image.',
    'Bits are stored as float 0/1 rather than packed bytes, so Hamming distance is computed as ‖a − b‖².',
  ],
  invariances: ['translation', 'illumination'],
  metric: 'hamming',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) =>
    validateAgainstSpec('brief', specs, defaults, raw, (p) => {
      if (p.bits % 128 !== 0) return `bits must be 128, 256 or 512, got ${p.bits}`;
      const m = halfTaps(p);
      if (m < 1) return `patchSize ${p.patchSize} is smaller than two grid steps (${2 * p.gridStep})`;
      if (2 * m + 1 > MAX_TAPS) return `patchSize / gridStep = ${p.patchSize / p.gridStep} needs a ${2 * m + 1}×${2 * m + 1} kernel; at most ${MAX_TAPS} taps per side (raise gridStep)`;
      return undefined;
    }),
  dim: (p) => p.bits,
  radius: (p) => halfTaps(p) * p.gridStep,
  pattern: (p) => {
    const t = briefPattern(p.bits, p.patchSize, p.gridStep);
    const pairs = Array.from({ length: p.bits }, (_, i) => ({ x1: t[4 * i], y1: t[4 * i + 1], x2: t[4 * i + 2], y2: t[4 * i + 3] }));
    return { pairs, caption: `${p.bits} tests I(x) < I(y) on the σ = ${BRIEF_SIGMA} smoothed image, drawn from a Gaussian (σ = S/5) in a ${p.patchSize}-px patch, snapped to a ${p.gridStep}-px grid.` };
  },
  describe: (image, p) =>
    tf.tidy(() => {
      const m = halfTaps(p);
      const reach = m * p.gridStep;
      const smoothed = tf.expandDims(padReplicate(briefSmoothed(image), reach), 0) as Tensor4D;
      const kernel = testKernel(briefPattern(p.bits, p.patchSize, p.gridStep), m, p.gridStep);
      const diff = tf.conv2d(smoothed, kernel, 1, 'valid', 'NHWC', p.gridStep);
      // J(p + y) − J(p + x) > 0 ⇔ J(p + x) < J(p + y); ties give 0, as in the paper's strict test.
      return tf.squeeze(tf.step(diff), [0]) as Tensor3D;
    }),
};
