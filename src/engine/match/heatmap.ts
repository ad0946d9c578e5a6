/**
 * A query's score map as colours: the range it spans and the RGBA pixels through a colour-map LUT. Pure, so
 * the worker colours a click's heatmap next to the scores it just computed (the page then only draws a
 * bitmap), and the page recolours the same scores when the user changes the colour map or range.
 */

export interface ScoreRange {
  lo: number;
  hi: number;
  higherIsBetter: boolean;
}

/**
 * Maps a score to [0, 1] where 1 is the best end of the range (bright in the colour map), whatever the
 * metric's direction. A degenerate range maps to 1.
 */
export function goodness(score: number, r: ScoreRange): number {
  if (!(r.hi > r.lo)) return 1;
  const t = (score - r.lo) / (r.hi - r.lo);
  const c = Math.max(0, Math.min(1, t));
  return r.higherIsBetter ? c : 1 - c;
}

export type HeatmapRange = 'full' | 'best-half' | 'best-10';

export const HEATMAP_RANGES: Record<HeatmapRange, string> = {
  full: 'whole map (min … max)',
  'best-half': 'best half (best … median; worse clipped)',
  'best-10': 'best 10 % (best … 10th percentile; worse clipped)',
};

/** The scored (non-NaN) values at every `by`-th pixel, in a typed array so the sort is native and numeric. */
function scoredSample(scores: Float32Array, by: number): Float32Array {
  const out = new Float32Array(Math.ceil(scores.length / by));
  let n = 0;
  for (let i = 0; i < scores.length; i += by) if (!Number.isNaN(scores[i])) out[n++] = scores[i];
  return out.subarray(0, n);
}

/**
 * The score range a heatmap spans. 'full' is min…max; the others end at the score that the best 50 % or
 * 10 % of pixels reach (a quantile, from an evenly spaced sample of ≤ 20 000 pixels), so the few likely
 * matches are not drowned by the many poor ones. NaN marks pixels a query did not score (outside a pair
 * network's search window).
 */
export function heatmapRange(scores: Float32Array, min: number, max: number, higherIsBetter: boolean, mode: HeatmapRange): ScoreRange {
  if (mode === 'full') return { lo: min, hi: max, higherIsBetter };
  let sample = scoredSample(scores, Math.max(1, Math.floor(scores.length / 20_000)));
  // A small scored region is sampled whole.
  if (sample.length < 256) sample = scoredSample(scores, 1);
  const n = sample.length;
  if (n === 0) return { lo: min, hi: max, higherIsBetter };
  sample.sort();
  // The k-th best of n: counted from the top of the ascending order when higher is better.
  const k = Math.min(n - 1, Math.floor(n * (mode === 'best-half' ? 0.5 : 0.1)));
  const edge = sample[higherIsBetter ? n - 1 - k : k];
  return higherIsBetter ? { lo: edge, hi: max, higherIsBetter } : { lo: min, hi: edge, higherIsBetter };
}

/** Each LUT as 256 packed RGBA words (built through bytes, so endianness does not matter). */
const packedLuts = new WeakMap<Uint8Array, Uint32Array>();

function packedLut(lut: Uint8Array): Uint32Array {
  let p = packedLuts.get(lut);
  if (!p) {
    const bytes = new Uint8Array(256 * 4);
    for (let k = 0; k < 256; k++) bytes.set([lut[k * 3], lut[k * 3 + 1], lut[k * 3 + 2], 255], k * 4);
    p = new Uint32Array(bytes.buffer);
    packedLuts.set(lut, p);
  }
  return p;
}

/** Heatmap pixels: (H·W) scores → (H, W, 4) RGBA through a (256 × 3) LUT, one 32-bit write per pixel; NaN → transparent. */
export function colorizeScores(scores: Float32Array, r: ScoreRange, lut: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(scores.length * 4);
  const words = new Uint32Array(out.buffer);
  const packed = packedLut(lut);
  // t = a·score + b maps the range onto 0…255 with the best end at 255, whatever the metric's direction;
  // a degenerate range maps every score to 255. (t + 0.5) | 0 is Math.round for t ≥ 0, at a fraction of the cost.
  const span = r.hi > r.lo ? 255 / (r.hi - r.lo) : 0;
  const a = r.higherIsBetter ? span : -span;
  const b = r.higherIsBetter ? -r.lo * span : span ? 255 + r.lo * span : 255;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    if (v !== v) continue; // NaN: not scored, left transparent
    const t = a * v + b;
    words[i] = packed[t <= 0 ? 0 : t >= 255 ? 255 : (t + 0.5) | 0];
  }
  return out;
}
