/**
 * FAST corner scores for BRISK's scale space: the 9-16 mask on every layer and the 5-8 mask for the virtual
 * intra-octave d_−1 below c_0.
 * Reference: E. Rosten and T. Drummond, "Machine learning for high-speed corner detection", ECCV 2006;
 * BRISK (Leutenegger et al., ICCV 2011, §2.1) uses AGAST's OAST 9-16 (E. Mair et al., ECCV 2010), whose
 * corner test and score are FAST 9-16's: a pixel is a corner at threshold t when 9 contiguous pixels of
 * the 16-pixel circle are all brighter than I_c + t or all darker than I_c − t, and its score s is the
 * largest such t. Scores are computed on demand and cached, as most pixels are never asked.
 */
import type { Grey8 } from './grey';

const CIRCLE_16: readonly (readonly [number, number])[] = [
  [0, -3], [1, -3], [2, -2], [3, -1], [3, 0], [3, 1], [2, 2], [1, 3], [0, 3], [-1, 3], [-2, 2], [-3, 1], [-3, 0], [-3, -1], [-2, -2], [-1, -3],
];
const CIRCLE_8: readonly (readonly [number, number])[] = [[0, -1], [1, -1], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1]];

export interface FastScorer {
  /** FAST 9-16 score (0…254) at integer (x, y); 0 within 3 px of the border. */
  score(x: number, y: number): number;
  /** FAST 5-8 score at (x, y); 0 within 2 px of the border. */
  score58(x: number, y: number): number;
  /** (x, y, score) of all pixels with score ≥ threshold, in raster order. */
  corners(threshold: number): { x: Int32Array; y: Int32Array };
}

/** max over arcs of `arc` contiguous circle pixels of min(±(I_k − I_c)), minus one (strict inequality), ≥ 0. */
function arcScore(d: Int32Array, n: number, arc: number): number {
  let best = 0;
  for (let k = 0; k < n; k++) {
    // Bright arcs and dark arcs separately, each abandoned once it cannot beat the best so far.
    let lo = 255;
    for (let m = 0; m < arc && lo > best; m++) { const v = d[(k + m) % n]; if (v < lo) lo = v; }
    if (lo > best) best = lo;
    let hi = 255;
    for (let m = 0; m < arc && hi > best; m++) { const v = -d[(k + m) % n]; if (v < hi) hi = v; }
    if (hi > best) best = hi;
  }
  return Math.max(0, best - 1);
}

export function fastScorer(g: Grey8): FastScorer {
  const { width: w, height: h, data } = g;
  const cache = new Int16Array(w * h).fill(-1);
  const off16 = Int32Array.from(CIRCLE_16, ([dx, dy]) => dy * w + dx);
  const off8 = Int32Array.from(CIRCLE_8, ([dx, dy]) => dy * w + dx);
  const d = new Int32Array(16);
  const score = (x: number, y: number): number => {
    if (x < 3 || y < 3 || x >= w - 3 || y >= h - 3) return 0;
    const p = y * w + x;
    if (cache[p] >= 0) return cache[p];
    const c = data[p];
    for (let k = 0; k < 16; k++) d[k] = data[p + off16[k]] - c;
    return (cache[p] = arcScore(d, 16, 9));
  };
  const score58 = (x: number, y: number): number => {
    if (x < 2 || y < 2 || x >= w - 2 || y >= h - 2) return 0;
    const p = y * w + x;
    const c = data[p];
    for (let k = 0; k < 8; k++) d[k] = data[p + off8[k]] - c;
    return arcScore(d, 8, 5);
  };
  const corners = (t: number) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const [n, e, s, wst] = [off16[0], off16[4], off16[8], off16[12]];
    for (let y = 3; y < h - 3; y++) {
      for (let x = 3; x < w - 3; x++) {
        const p = y * w + x;
        const hiT = data[p] + t, loT = data[p] - t;
        // Any 9-arc holds two neighbouring compass pixels (N–E, E–S, S–W or W–N): both bright or both dark.
        const b0 = data[p + n] > hiT, b1 = data[p + e] > hiT, b2 = data[p + s] > hiT, b3 = data[p + wst] > hiT;
        const k0 = data[p + n] < loT, k1 = data[p + e] < loT, k2 = data[p + s] < loT, k3 = data[p + wst] < loT;
        if (!((b0 && b1) || (b1 && b2) || (b2 && b3) || (b3 && b0) || (k0 && k1) || (k1 && k2) || (k2 && k3) || (k3 && k0))) continue;
        if (score(x, y) >= t) { xs.push(x); ys.push(y); }
      }
    }
    return { x: Int32Array.from(xs), y: Int32Array.from(ys) };
  };
  return { score, score58, corners };
}
