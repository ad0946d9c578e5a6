/**
 * Training examples for MC-CNN from a rectified stereo pair with ground-truth disparity, sampled as in
 * Žbontar and LeCun (JMLR 2016, Section 4.1): for a left pixel p = (x, y) with disparity d, a positive
 * right patch at (x − d + o_pos, y) with o_pos drawn from [−dataset_pos, dataset_pos] and a negative at
 * (x − d + o_neg, y) with |o_neg| drawn from [dataset_neg_low, dataset_neg_high] and a random sign.
 * Offsets are whole pixels; x − d is rounded to the nearest pixel.
 */
import { MCCNN_PATCH, MCCNN_RADIUS } from '../mccnn/model';

export interface StereoPair {
  width: number;
  height: number;
  /** Standardised grey levels (see standardisedGray), row-major H×W. */
  left: Float32Array;
  right: Float32Array;
  /** Left-image disparity, row-major; non-finite where unknown. Left (x, y) ↔ right (x − d, y). */
  disparity: Float32Array;
}

/** The paper's dataset_pos, dataset_neg_low, dataset_neg_high, in pixels. */
export interface OffsetSampling {
  pos: number;
  negLow: number;
  negHigh: number;
}

/** Rows [from, to) of the left image that a split draws its pixels from. */
export interface RowRange {
  from: number;
  to: number;
}

/** N triples of (N, P, P, 1) patches, flat: left, positive right, negative right. */
export interface PatchTriples {
  n: number;
  left: Float32Array;
  positive: Float32Array;
  negative: Float32Array;
}

/**
 * Left pixels usable as examples: known disparity, inside `rows`, and with every patch the offsets can ask
 * for inside both images. Returned as flat indices y·W + x.
 */
export function candidatePixels(pair: StereoPair, rows: RowRange, s: OffsetSampling): Int32Array {
  const r = MCCNN_RADIUS;
  const out: number[] = [];
  for (let y = Math.max(rows.from, r); y < Math.min(rows.to, pair.height - r); y++) {
    for (let x = r; x < pair.width - r; x++) {
      const d = pair.disparity[y * pair.width + x];
      if (!Number.isFinite(d)) continue;
      const q = Math.round(x - d);
      if (q - s.negHigh - r < 0 || q + s.negHigh + r >= pair.width) continue;
      out.push(y * pair.width + x);
    }
  }
  return Int32Array.from(out);
}

function copyPatch(img: Float32Array, width: number, cx: number, cy: number, out: Float32Array, at: number): void {
  const r = MCCNN_RADIUS;
  for (let dy = -r; dy <= r; dy++) {
    const row = (cy + dy) * width + cx - r;
    out.set(img.subarray(row, row + MCCNN_PATCH), at + (dy + r) * MCCNN_PATCH);
  }
}

/** Draws n triples from `candidates` with the PRNG `rnd` (uniform in [0, 1)). */
export function sampleTriples(pair: StereoPair, candidates: Int32Array, s: OffsetSampling, n: number, rnd: () => number): PatchTriples {
  if (candidates.length === 0) throw new Error('no usable pixels: the split has no known disparities far enough from the borders');
  const size = MCCNN_PATCH * MCCNN_PATCH;
  const t: PatchTriples = { n, left: new Float32Array(n * size), positive: new Float32Array(n * size), negative: new Float32Array(n * size) };
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  for (let i = 0; i < n; i++) {
    const p = candidates[Math.floor(rnd() * candidates.length)];
    const x = p % pair.width;
    const y = (p - x) / pair.width;
    const q = Math.round(x - pair.disparity[p]);
    const oPos = int(-s.pos, s.pos);
    const oNeg = int(s.negLow, s.negHigh) * (rnd() < 0.5 ? -1 : 1);
    copyPatch(pair.left, pair.width, x, y, t.left, i * size);
    copyPatch(pair.right, pair.width, q + oPos, y, t.positive, i * size);
    copyPatch(pair.right, pair.width, q + oNeg, y, t.negative, i * size);
  }
  return t;
}
