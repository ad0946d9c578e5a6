/**
 * Shared-scale int16 quantisation of two descriptor sets for the int16 kernel (int16Module.ts).
 *
 * One scale s for both sets, so that q·q' / s² estimates a·b with the same unit on both sides. s is the largest
 * power of two with s·max‖x‖ + √D/2 ≤ R_MAX (rounding moves each entry by at most ½, a row by at most √D/2):
 * then every ‖q‖ ≤ R_MAX and, by Cauchy–Schwarz, every partial dot |Σ_k∈S qa_k qb_k| ≤ ‖qa‖‖qb‖ ≤ R_MAX², every
 * d² = ‖qa − qb‖² ≤ 4R_MAX² < 2³¹: no int32 accumulator can overflow, whatever the order of the sums.
 * A power of two makes integer-valued descriptors quantise losslessly (q = x·s exactly), so there the search
 * equals float32's bit for bit, and rescaling by 1/s² is exact.
 * For unit vectors (SIFT, DAISY, patch after normalisation: max‖x‖ = 1): 128-D gives s = 2¹⁴ (R_MAX − √128/2 =
 * 23164 ≥ 16384), 200-D also 2¹⁴: a step of 2⁻¹⁴ ≈ 6·10⁻⁵ on entries in [−1, 1], i.e. 15 bits with the sign; a
 * typical entry (1/√D: 0.088 for 128-D, 0.071 for 200-D) keeps ≈ 10.5 and 10.2 significant bits. Larger norms
 * cost bits: this app's DAISY normalises each of its 25 histograms (max‖x‖ = 5) and gets s = 2¹², its patch
 * descriptor (raw RGB in [0, 1], max‖x‖ ≤ √75 ≈ 8.7) s = 2¹¹ (scripts/int16-timing.ts prints the scale).
 */

/** The largest row norm allowed after quantisation: 4·R_MAX² = 2 147 395 600 < 2³¹ − 1. */
export const R_MAX = 23170;

/** Source rows as int16 pairs, targets interleaved by 4, and the squared norms the kernel adds back. */
export interface QuantizedPair {
  /** Scale: q = round(x·s); d² in float units = d²_q / s². */
  readonly scale: number;
  /** ⌈D/2⌉: int16 pairs per row (an odd D gets a zero last dim). */
  readonly pairs: number;
  readonly n: number;
  readonly m: number;
  /** (N, 2·pairs) int16 row-major. */
  readonly src: Int16Array;
  /** (groups, pairs, 4, 2) int16: group g, pair p, target lane t, dim 2p or 2p+1; groups ≥ ⌈M/4⌉, padded with zeros. */
  readonly tgt: Int16Array;
  /** (N) ‖qa‖², exact integers. */
  readonly na: Int32Array;
  /** (groups·4) ‖qb‖²; padding targets get `padNorm`. */
  readonly nb: Int32Array;
}

/** Largest Euclidean row norm of (rows, dim) float32; throws on a NaN or infinite entry. */
function maxRowNorm(x: Float32Array, rows: number, dim: number, which: string): number {
  let best = 0;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += x[i * dim + k] * x[i * dim + k];
    if (!Number.isFinite(s)) throw new RangeError(`int16 search: ${which} row ${i} has a NaN or infinite entry`);
    if (s > best) best = s;
  }
  return Math.sqrt(best);
}

/** The shared power-of-two scale for rows of dimension `dim` whose largest norm is `maxNorm`. */
export function int16Scale(maxNorm: number, dim: number): number {
  if (maxNorm === 0) return 1;
  return 2 ** Math.floor(Math.log2((R_MAX - Math.sqrt(dim) / 2) / maxNorm));
}

/**
 * In: `a` (N, D) and `b` (M, D) float32, finite; N, M ≥ 1. `padNorm`: ‖qb‖² stored for the padding targets
 * (the kernel passes NONE so that they never win); `groupMultiple`: pad the target groups of 4 to a multiple of
 * this (the kernel's WIDE). Out: QuantizedPair.
 */
export function quantizePair(a: Float32Array, n: number, b: Float32Array, m: number, dim: number, padNorm: number, groupMultiple = 1): QuantizedPair {
  if (a.length !== n * dim || b.length !== m * dim) throw new RangeError(`int16 search: expected ${n}×${dim} and ${m}×${dim} values, got ${a.length} and ${b.length}`);
  const scale = int16Scale(Math.max(maxRowNorm(a, n, dim, 'source'), maxRowNorm(b, m, dim, 'target')), dim);
  const pairs = Math.ceil(dim / 2);
  const width = 2 * pairs;
  const src = new Int16Array(n * width);
  const na = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) {
      const q = Math.round(a[i * dim + k] * scale);
      src[i * width + k] = q;
      s += q * q;
    }
    na[i] = s;
  }
  const groups = Math.ceil(m / (4 * groupMultiple)) * groupMultiple;
  const tgt = new Int16Array(groups * pairs * 8);
  const nb = new Int32Array(groups * 4).fill(padNorm);
  for (let j = 0; j < m; j++) {
    const base = (j >> 2) * pairs * 8 + (j & 3) * 2;
    let s = 0;
    for (let k = 0; k < dim; k++) {
      const q = Math.round(b[j * dim + k] * scale);
      tgt[base + (k >> 1) * 8 + (k & 1)] = q;
      s += q * q;
    }
    nb[j] = s;
  }
  const worst = Math.max(...[na, nb.subarray(0, m)].map((x) => x.reduce((p, c) => Math.max(p, c), 0)));
  // By construction unreachable; a guard, because an overflow here would silently return wrong matches.
  if (worst > R_MAX * R_MAX) throw new RangeError(`int16 search: a quantised row norm² ${worst} exceeds ${R_MAX}²`);
  return { scale, pairs, n, m, src, tgt, na, nb };
}
