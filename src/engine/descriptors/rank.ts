/**
 * Rank transform.
 * Reference: R. Zabih and J. Woodfill, "Non-parametric local transforms for computing visual
 * correspondence", ECCV 1994 (the paper that also introduces the census transform).
 *
 * The rank of a pixel is the number of pixels in its k×k window that are darker than it:
 * R(c) = #{n ∈ window : I(n) < I(c)}, an integer in 0…k² − 1. Only the order of intensities matters, so the
 * rank survives any monotonic change of brightness. The paper then matches by summing |R₁ − R₂| (L1) over a
 * correlation window; to fit Matchscope's nearest-neighbour matching, the descriptor is that m×m window of
 * ranks, and two descriptors are compared by ‖a − b‖, the square root of the SSD of ranks.
 *
 * Layout: element dy·m + dx is the rank of pixel (x + dx − s, y + dy − s), s = (m − 1)/2, as a float
 * holding an exact integer.
 */
import { tf, type Tensor3D } from '../tf';
import { windowStack } from '../tf/padding';
import { censusBits } from './census';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';

export interface RankParams extends Record<string, number> {
  /** Side of the window over which a pixel's rank is counted. */
  size: number;
  /** Side of the correlation window of ranks that forms the descriptor. */
  window: number;
}

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'size', label: 'Rank window k', help: 'Side of the window in which darker pixels are counted (odd). Ranks run 0…k² − 1.', min: 3, max: 11, odd: true },
  { kind: 'int', name: 'window', label: 'Correlation window m', help: 'Side of the window of ranks that is compared (odd). D = m².', min: 1, max: 11, odd: true },
];
const defaults: RankParams = { size: 7, window: 5 };

/**
 * The rank transform of an image: (H, W, 3) float32 RGB → (H, W, 1) float32 integer counts in 0…k² − 1.
 * Borders repeat the edge pixel.
 */
export function rankTransform(image: Tensor3D, k: number): Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`rankTransform: expected (H, W, 3), got (${image.shape})`);
  return tf.tidy(() => {
    // The rank is the number of darker neighbours: the sum of the census bits (same paper, same window).
    return tf.sum(censusBits(image, k), 2, true) as Tensor3D;
  });
}

export const rank: Descriptor<RankParams> = {
  id: 'rank',
  label: 'Rank transform',
  family: 'hand-crafted',
  citation: 'R. Zabih and J. Woodfill, "Non-parametric local transforms for computing visual correspondence", ECCV 1994.',
  summary: 'Each pixel\'s rank (how many pixels of its k×k window are darker) over an m×m window; windows of ranks are compared by their sum of squared differences.',
  deviations: [
    'Windows of ranks are compared by the Euclidean distance (√SSD) instead of the paper\'s L1 sum of absolute differences, because Matchscope\'s matcher works on squared distances.',
    'The descriptor is the m×m window of ranks; the paper keeps one rank per pixel and sums differences over the correlation window at matching time, which is the same comparison (up to L1 vs L2).',
    'Computed on the BT.601 grey level (0.299R + 0.587G + 0.114B) rounded to 8 bits; the paper assumes a grey image.',
    'Windows that cross the image border repeat the edge pixel, both for the ranks and for the window of ranks.',
  ],
  invariances: ['translation', 'illumination'],
  metric: 'l2',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('rank', specs, defaults, raw),
  dim: (p) => p.window * p.window,
  radius: (p) => (p.size - 1) / 2 + (p.window - 1) / 2,
  pattern: (p) => {
    const r = (p.window - 1) / 2;
    const cells = Array.from({ length: p.window * p.window }, (_, i) => ({ x: (i % p.window) - r, y: Math.floor(i / p.window) - r, size: 1 }));
    const q = (p.size - 1) / 2;
    return { cells, points: [{ x: 0, y: 0, r: q * Math.SQRT2 }], caption: `${p.window}×${p.window} rank values; each counts the darker pixels in its own ${p.size}×${p.size} window (circle: the centre's window).` };
  },
  describe: (image, p) =>
    tf.tidy(() => {
      const ranks = rankTransform(image, p.size);
      return p.window === 1 ? ranks : windowStack(ranks, p.window);
    }),
};
