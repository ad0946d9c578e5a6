/**
 * Mutual information as a matching cost, after H. Hirschmüller, "Stereo processing by semiglobal matching
 * and mutual information", IEEE PAMI 2008, section 3.1.2.
 *
 * MI needs a correspondence to estimate the joint distribution of intensities; Hirschmüller takes it from
 * the previous (coarser) disparity map. Here it comes from the current dense matches: every matched pixel
 * pair, and each pixel of a w×w window around it displaced by the same amount, adds one sample to the joint
 * histogram P(i, k) of quantised grey levels. Then (eqs. 5–8, with a Gaussian Parzen window g of σ = 1 bin)
 *   h₁₂(i, k) = −(1/n) log(P ⊗ g)(i, k) ⊗ g,   h₁(i) = −(1/n) log(P₁ ⊗ g)(i) ⊗ g,   h₂ likewise,
 *   mi(i, k) = h₁(i) + h₂(k) − h₁₂(i, k),
 * so that Σ over the n samples of mi(I₁p, I₂q) is the mutual information of the sampled pairs. Matchscope
 * drops the 1/n factors (it scales every score alike): mi(i, k) is then the Parzen-smoothed pointwise mutual
 * information log P₁₂(i, k) / (P₁(i) P₂(k)) in nats, and its mean over the samples is the MI. The score of a
 * candidate pixel p for a query pixel q is the sum of mi over the w×w window: Σ_d mi(I₁(q + d), I₂(p + d)).
 * Higher is more similar. Because it only asks how often grey levels co-occur, MI tolerates any consistent
 * remapping of intensities between the images (contrast inversion, other sensors), which is its point.
 */
import type { RgbImage } from '../core/image';

export interface MiParams {
  /** Grey levels after quantisation (Hirschmüller uses 256; fewer suit the few thousand samples here). */
  bins: number;
  /** Side of the window summed for the query score, and of the window around each match sampled for P. */
  window: number;
}

export const DEFAULT_MI_PARAMS: MiParams = { bins: 32, window: 9 };

/** BT.601 grey levels, rounded to 8 bits as in the file, quantised to 0…bins − 1 (bins divides 256 evenly or not). */
export function quantiseGrey(img: RgbImage, bins: number): Uint16Array {
  const n = img.width * img.height;
  const out = new Uint16Array(n);
  const d = img.data;
  for (let i = 0; i < n; i++) {
    const g8 = Math.round(255 * (0.299 * d[i * 3] + 0.587 * d[i * 3 + 1] + 0.114 * d[i * 3 + 2]));
    out[i] = Math.min(bins - 1, Math.max(0, Math.floor((g8 * bins) / 256)));
  }
  return out;
}

export interface Correspondences {
  x0: ArrayLike<number>;
  y0: ArrayLike<number>;
  x1: ArrayLike<number>;
  y1: ArrayLike<number>;
}

/** Joint histogram (bins × bins, row = source level) of the windows around each correspondence; returns n too. */
export function jointHistogram(a: Uint16Array, aw: number, ah: number, b: Uint16Array, bw: number, bh: number, c: Correspondences, bins: number, window: number): { counts: Float64Array; n: number } {
  const counts = new Float64Array(bins * bins);
  const r = (window - 1) >> 1;
  let n = 0;
  for (let m = 0; m < c.x0.length; m++) {
    const xa = Math.round(c.x0[m]);
    const ya = Math.round(c.y0[m]);
    const xb = Math.round(c.x1[m]);
    const yb = Math.round(c.y1[m]);
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const pa = ya + dy, qa = xa + dx, pb = yb + dy, qb = xb + dx;
        // Only pixels that exist in both images: a window past the border has nothing to pair.
        if (pa < 0 || qa < 0 || pa >= ah || qa >= aw || pb < 0 || qb < 0 || pb >= bh || qb >= bw) continue;
        counts[a[pa * aw + qa] * bins + b[pb * bw + qb]]++;
        n++;
      }
    }
  }
  return { counts, n };
}

/** 1-D Gaussian of σ = 1 bin over ±3 (Hirschmüller's 7×7 Parzen window is its outer product). */
const PARZEN = (() => {
  const k = Array.from({ length: 7 }, (_, i) => Math.exp(-((i - 3) ** 2) / 2));
  const s = k.reduce((p, q) => p + q);
  return k.map((v) => v / s);
})();

/**
 * Convolves a rows × cols array with the Parzen Gaussian along both axes. Near the ends of the grey range the
 * weights that fall outside are dropped and the rest renormalised, so no mass leaks out of the histogram
 * (and a 1 × cols marginal is smoothed along its one axis only).
 */
function parzen2d(x: Float64Array, rows: number, cols: number): Float64Array {
  const pass = (src: Float64Array, along: 'row' | 'col') => {
    const out = new Float64Array(src.length);
    const len = along === 'row' ? cols : rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const at = along === 'row' ? j : i;
        let s = 0;
        let w = 0;
        for (let t = -3; t <= 3; t++) {
          if (at + t < 0 || at + t >= len) continue;
          s += PARZEN[t + 3] * (along === 'row' ? src[i * cols + j + t] : src[(i + t) * cols + j]);
          w += PARZEN[t + 3];
        }
        out[i * cols + j] = s / w;
      }
    }
    return out;
  };
  return pass(pass(x, 'row'), 'col');
}

/** Smallest probability taken into a logarithm: the Parzen-smoothed P is zero only far from every sample. */
const EPS = 1e-12;

function entropyTerm(p: Float64Array, rows: number, cols: number): Float64Array {
  const smooth = parzen2d(p, rows, cols);
  const logs = smooth.map((v) => -Math.log(Math.max(v, EPS)));
  return parzen2d(logs, rows, cols);
}

/**
 * The table mi(i, k) = h₁(i) + h₂(k) − h₁₂(i, k) (× n) from a joint histogram of counts, in nats: the mean
 * of mi over the n sampled pairs is the mutual information of their (smoothed) joint distribution.
 */
export function miTable(counts: Float64Array, n: number, bins: number): Float64Array {
  if (n <= 0) throw new RangeError('mutual information needs at least one sampled pair');
  const p = counts.map((v) => v / n);
  const p1 = new Float64Array(bins);
  const p2 = new Float64Array(bins);
  for (let i = 0; i < bins; i++) for (let k = 0; k < bins; k++) { p1[i] += p[i * bins + k]; p2[k] += p[i * bins + k]; }
  const h12 = entropyTerm(p, bins, bins);
  const h1 = entropyTerm(p1, 1, bins);
  const h2 = entropyTerm(p2, 1, bins);
  const mi = new Float64Array(bins * bins);
  for (let i = 0; i < bins; i++) for (let k = 0; k < bins; k++) mi[i * bins + k] = h1[i] + h2[k] - h12[i * bins + k];
  return mi;
}

export interface MiQuery {
  x: number;
  y: number;
  bestX: number;
  bestY: number;
  bestScore: number;
  /** (H·W) window sums of mi over the other image, higher = more similar. */
  scores: Float32Array;
  width: number;
  height: number;
  ties: number;
  min: number;
  max: number;
  /** Samples the joint histogram was estimated from. */
  samples: number;
}

/**
 * Scores every pixel p of image b against pixel (x, y) of image a: Σ_d mi(a(q + d), b(p + d)) over the
 * w×w window, the edge pixel repeated past the border. a and b are quantised grey levels.
 */
export function miQuery(a: Uint16Array, aw: number, ah: number, x: number, y: number, b: Uint16Array, bw: number, bh: number, mi: Float64Array, bins: number, window: number, samples: number): MiQuery {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= aw || y >= ah) throw new RangeError(`query (${x}, ${y}) is outside the ${aw}×${ah} image`);
  const r = (window - 1) >> 1;
  const acc = new Float64Array(bw * bh);
  const clamp = (v: number, hi: number) => (v < 0 ? 0 : v > hi ? hi : v);
  const cols = new Int32Array(bw);
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const row = mi.subarray(a[clamp(y + dy, ah - 1) * aw + clamp(x + dx, aw - 1)] * bins, (a[clamp(y + dy, ah - 1) * aw + clamp(x + dx, aw - 1)] + 1) * bins);
      for (let px = 0; px < bw; px++) cols[px] = clamp(px + dx, bw - 1);
      for (let py = 0; py < bh; py++) {
        const base = clamp(py + dy, bh - 1) * bw;
        const o = py * bw;
        for (let px = 0; px < bw; px++) acc[o + px] += row[b[base + cols[px]]];
      }
    }
  }
  const scores = Float32Array.from(acc);
  let best = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s > scores[best]) best = i;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  let ties = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] === scores[best]) ties++;
  return { x, y, bestX: best % bw, bestY: Math.floor(best / bw), bestScore: scores[best], scores, width: bw, height: bh, ties, min, max, samples };
}
