/**
 * RANSAC for a homography from putative matches.
 *
 * Ref: M. A. Fischler and R. C. Bolles, "Random sample consensus: a paradigm for model fitting with
 * applications to image analysis and automated cartography", Comm. ACM 1981; Hartley and Zisserman,
 * "Multiple View Geometry", 2nd ed. 2004, Algorithm 4.6 (RANSAC for a 2-D homography).
 *
 * Each iteration fits the normalised DLT to 4 random matches and counts the matches whose transfer error
 * ‖x₁ − H x₀‖ is within the threshold (OpenCV's `findHomography` measures the same one-sided error).
 * Ties in the count go to the smaller sum of squared errors of the inliers. The winner is refit by DLT on
 * all its inliers, and the inliers recounted with the refit H (repeated while the set changes, ≤ 5 times),
 * as Algorithm 4.6 ends with an estimate from all inliers.
 *
 * Deviations: a fixed number of iterations (a parameter), no adaptive stopping, so a run is reproducible
 * and its cost predictable; samples with three collinear points are skipped before fitting (they count as
 * iterations). The generator is seeded (mulberry32), so the same input gives the same H.
 */
import { mulberry32 } from '../core/random';
import { fitHomographyDLT, HomographyError, type Homography } from './homography';

export interface RansacParams {
  /** Inlier threshold on the transfer error, pixels (> 0). */
  threshold: number;
  /** Random 4-point samples drawn (≥ 1). */
  iterations: number;
  seed?: number;
}

export interface RansacResult {
  /** Source → target, refit on all inliers. */
  H: Homography;
  /** 1 where the match is an inlier of H. Length N. */
  inliers: Uint8Array;
  inlierCount: number;
  /** Transfer error ‖x₁ − H x₀‖ per match, pixels (Infinity where H sends x₀ to infinity). */
  errors: Float64Array;
  /** Samples that gave a model (the rest were degenerate). */
  modelsTried: number;
}

export interface PointMatches {
  x0: ArrayLike<number>;
  y0: ArrayLike<number>;
  x1: ArrayLike<number>;
  y1: ArrayLike<number>;
}

export function validateRansacParams(p: RansacParams): void {
  if (!(p.threshold > 0) || !Number.isFinite(p.threshold)) throw new RangeError(`the inlier threshold must be a positive number of pixels, got ${p.threshold}`);
  if (!Number.isInteger(p.iterations) || p.iterations < 1 || p.iterations > 1e6) throw new RangeError(`iterations must be an integer in [1, 1e6], got ${p.iterations}`);
}

/** Transfer errors ‖x₁ − H x₀‖ of every match, written into `out` (inlined: this is RANSAC's inner loop). */
export function transferErrors(H: Homography, m: PointMatches, out = new Float64Array(m.x0.length)): Float64Array {
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = H;
  const { x0, y0, x1, y1 } = m;
  for (let i = 0; i < out.length; i++) {
    const x = x0[i];
    const y = y0[i];
    const w = h6 * x + h7 * y + h8;
    if (!(Math.abs(w) > 1e-12)) {
      out[i] = Infinity;
      continue;
    }
    const dx = (h0 * x + h1 * y + h2) / w - x1[i];
    const dy = (h3 * x + h4 * y + h5) / w - y1[i];
    out[i] = Math.sqrt(dx * dx + dy * dy);
  }
  return out;
}

/**
 * Fits a homography to N ≥ 4 matches (pixels, any frame as long as both sides agree with the threshold).
 * Returns null when no sample gave a model with 4 or more inliers; throws RangeError for bad parameters or
 * fewer than 4 matches.
 */
export function ransacHomography(m: PointMatches, params: RansacParams): RansacResult | null {
  validateRansacParams(params);
  const n = m.x0.length;
  if (n < 4) throw new RangeError(`RANSAC needs at least 4 matches, got ${n}`);
  const rand = mulberry32(params.seed ?? 1);
  let best: { H: Homography; count: number; sse: number } | null = null;
  let modelsTried = 0;
  const sample = new Int32Array(4);
  for (let it = 0; it < params.iterations; it++) {
    drawSample(rand, n, sample);
    if (hasCollinearTriple(m, sample)) continue;
    let H: Homography;
    try {
      H = fitHomographyDLT(m.x0, m.y0, m.x1, m.y1, sample);
    } catch (e) {
      if (e instanceof HomographyError) continue;
      throw e;
    }
    modelsTried++;
    const { count, sse } = support(H, m, params.threshold);
    if (!best || count > best.count || (count === best.count && sse < best.sse)) best = { H, count, sse };
  }
  if (!best || best.count < 4) return null;
  return refit(best.H, m, params.threshold, modelsTried);
}

/** Inlier count and their sum of squared transfer errors (squared distances: no sqrt in the inner loop). */
function support(H: Homography, m: PointMatches, threshold: number): { count: number; sse: number } {
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = H;
  const { x0, y0, x1, y1 } = m;
  const t2 = threshold * threshold;
  let count = 0;
  let sse = 0;
  for (let i = 0; i < x0.length; i++) {
    const x = x0[i];
    const y = y0[i];
    const w = h6 * x + h7 * y + h8;
    const dx = (h0 * x + h1 * y + h2) / w - x1[i];
    const dy = (h3 * x + h4 * y + h5) / w - y1[i];
    const e2 = dx * dx + dy * dy;
    // w = 0 gives NaN or Infinity, which fails the test.
    if (e2 <= t2) {
      count++;
      sse += e2;
    }
  }
  return { count, sse };
}

function refit(H0: Homography, m: PointMatches, threshold: number, modelsTried: number): RansacResult {
  const n = m.x0.length;
  let H = H0;
  const errors = transferErrors(H, m);
  let inliers = mask(errors, threshold);
  for (let round = 0; round < 5; round++) {
    const idx = indicesOf(inliers);
    if (idx.length < 4) break;
    let H2: Homography;
    try {
      H2 = fitHomographyDLT(m.x0, m.y0, m.x1, m.y1, idx);
    } catch {
      break;
    }
    const e2 = transferErrors(H2, m);
    const next = mask(e2, threshold);
    // Keep the refit only when it does not lose support (a refit on a contaminated set can).
    if (count(next) < idx.length) break;
    H = H2;
    errors.set(e2);
    const same = next.every((v, i) => v === inliers[i]);
    inliers = next;
    if (same) break;
  }
  return { H, inliers, inlierCount: count(inliers), errors: errors.subarray(0, n), modelsTried };
}

function mask(errors: Float64Array, threshold: number): Uint8Array {
  return Uint8Array.from(errors, (e) => (e <= threshold ? 1 : 0));
}

function count(m: Uint8Array): number {
  let c = 0;
  for (const v of m) c += v;
  return c;
}

function indicesOf(m: Uint8Array): Int32Array {
  const out = new Int32Array(count(m));
  let k = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) out[k++] = i;
  return out;
}

/** Four distinct indices in [0, n), uniformly. */
function drawSample(rand: () => number, n: number, out: Int32Array) {
  for (let k = 0; k < 4; k++) {
    let i: number;
    do i = Math.floor(rand() * n);
    while (out.subarray(0, k).includes(i));
    out[k] = i;
  }
}

/** True when three of the four source or target points are (nearly) collinear: no homography is determined. */
function hasCollinearTriple(m: PointMatches, s: Int32Array): boolean {
  const triples = [[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]];
  for (const [xs, ys] of [[m.x0, m.y0], [m.x1, m.y1]] as const) {
    for (const [a, b, c] of triples) {
      const i = s[a];
      const j = s[b];
      const k = s[c];
      const cross = (xs[j] - xs[i]) * (ys[k] - ys[i]) - (ys[j] - ys[i]) * (xs[k] - xs[i]);
      if (Math.abs(cross) < 1e-6) return true;
    }
  }
  return false;
}
