/**
 * Planar homographies: the normalised direct linear transform and the maps built on it.
 *
 * Ref: R. Hartley, "In defense of the eight-point algorithm", TPAMI 1997 (the normalisation);
 * R. Hartley and A. Zisserman, "Multiple View Geometry in Computer Vision", 2nd ed. 2004, Algorithm 4.2
 * (normalised DLT for a 2-D homography).
 *
 * Conventions: a homography is a Float64Array of 9 numbers, row-major, mapping [x' y' w]ᵀ = H [x y 1]ᵀ,
 * then x'/w, y'/w. Pixel centres at integers. Returned matrices are scaled so that H[8] = 1 when that is
 * possible (|H[8]| > 1e-12), otherwise to unit Frobenius norm.
 *
 * Deviation from Algorithm 4.2: the null vector of A (2n × 9) is taken as the eigenvector of AᵀA with the
 * smallest eigenvalue (cyclic Jacobi), not from an SVD of A. With Hartley's normalisation AᵀA is well
 * conditioned, and in float64 the two agree to ~1e-12 on the tests' data; it keeps the file dependency-free.
 */

export type Homography = Float64Array;

export class HomographyError extends Error {}

export const IDENTITY_H: Homography = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);

/** H·(x, y, 1) with the perspective divide, or null where w ≈ 0 (the point maps to infinity). */
export function applyHomography(H: Homography, x: number, y: number): [number, number] | null {
  const w = H[6] * x + H[7] * y + H[8];
  if (!(Math.abs(w) > 1e-12)) return null;
  return [(H[0] * x + H[1] * y + H[2]) / w, (H[3] * x + H[4] * y + H[5]) / w];
}

/** 3×3 product A·B, row-major. */
export function multiply3(A: ArrayLike<number>, B: ArrayLike<number>): Float64Array {
  const C = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) C[r * 3 + c] = A[r * 3] * B[c] + A[r * 3 + 1] * B[3 + c] + A[r * 3 + 2] * B[6 + c];
  return C;
}

/** The inverse of a 3×3 matrix (adjugate / determinant), normalised; throws when it is singular. */
export function invertHomography(H: ArrayLike<number>): Homography {
  const [a, b, c, d, e, f, g, h, i] = Array.from(H);
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const scale = Math.max(...Array.from(H, Math.abs));
  if (!(Math.abs(det) > 1e-14 * scale * scale * scale)) throw new HomographyError('the homography is singular (determinant ≈ 0)');
  const inv = Float64Array.of(A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d);
  return normaliseH(inv);
}

/** Scales H so H[8] = 1, or to unit Frobenius norm when H[8] ≈ 0. */
export function normaliseH(H: ArrayLike<number>): Homography {
  const out = Float64Array.from(H);
  const norm = Math.hypot(...out);
  const s = Math.abs(out[8]) > 1e-12 * norm ? out[8] : norm;
  for (let k = 0; k < 9; k++) out[k] /= s;
  return out;
}

/**
 * Hartley's similarity T for a point set: centroid to the origin, mean distance from it √2.
 * Throws when all points coincide (no scale can be chosen).
 */
export function normalisingTransform(xs: ArrayLike<number>, ys: ArrayLike<number>, idx?: ArrayLike<number>): Float64Array {
  const n = idx ? idx.length : xs.length;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let md = 0;
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    md += Math.hypot(xs[i] - mx, ys[i] - my);
  }
  md /= n;
  if (!(md > 1e-12)) throw new HomographyError('the points all coincide; a homography needs 4 points in general position');
  const s = Math.SQRT2 / md;
  return Float64Array.of(s, 0, -s * mx, 0, s, -s * my, 0, 0, 1);
}

/**
 * The homography mapping (xs0, ys0) to (xs1, ys1), least squares in the algebraic error after Hartley's
 * normalisation (exact for 4 points in general position). `idx` picks a subset (default: all points).
 * Shape: four arrays of length N ≥ 4, pixels. Returns H (source → target), or throws HomographyError
 * for fewer than 4 points, coincident points or a degenerate (e.g. collinear) configuration.
 */
export function fitHomographyDLT(
  xs0: ArrayLike<number>, ys0: ArrayLike<number>, xs1: ArrayLike<number>, ys1: ArrayLike<number>, idx?: ArrayLike<number>,
): Homography {
  const n = idx ? idx.length : xs0.length;
  if (xs0.length !== ys0.length || xs1.length !== ys1.length || xs0.length !== xs1.length) throw new HomographyError('point arrays differ in length');
  if (n < 4) throw new HomographyError(`a homography needs at least 4 correspondences, got ${n}`);
  const T0 = normalisingTransform(xs0, ys0, idx);
  const T1 = normalisingTransform(xs1, ys1, idx);
  // AᵀA accumulated row pair by row pair (Hartley & Zisserman eq. 4.3, the two independent rows).
  const M = new Float64Array(81);
  const r1 = new Float64Array(9);
  const r2 = new Float64Array(9);
  for (let k = 0; k < n; k++) {
    const i = idx ? idx[k] : k;
    const x = T0[0] * xs0[i] + T0[2];
    const y = T0[4] * ys0[i] + T0[5];
    const u = T1[0] * xs1[i] + T1[2];
    const v = T1[4] * ys1[i] + T1[5];
    r1.set([0, 0, 0, -x, -y, -1, v * x, v * y, v]);
    r2.set([x, y, 1, 0, 0, 0, -u * x, -u * y, -u]);
    for (let a = 0; a < 9; a++) {
      for (let b = a; b < 9; b++) M[a * 9 + b] += r1[a] * r1[b] + r2[a] * r2[b];
    }
  }
  for (let a = 0; a < 9; a++) for (let b = 0; b < a; b++) M[a * 9 + b] = M[b * 9 + a];
  const { values, vectors } = jacobiEigen(M, 9);
  let best = 0;
  for (let k = 1; k < 9; k++) if (values[k] < values[best]) best = k;
  // A 1-D null space is what makes H unique; a second near-zero eigenvalue means a degenerate configuration.
  const sorted = Array.from(values).sort((p, q) => p - q);
  if (sorted[1] <= 1e-10 * Math.max(sorted[8], 1e-300)) throw new HomographyError('the correspondences are degenerate (e.g. three of four points collinear)');
  const Hn = new Float64Array(9);
  for (let k = 0; k < 9; k++) Hn[k] = vectors[k * 9 + best];
  // Undo the normalisation: H = T1⁻¹ · Hn · T0.
  return normaliseH(multiply3(multiply3(invertSimilarity(T1), Hn), T0));
}

function invertSimilarity(T: Float64Array): Float64Array {
  const s = T[0];
  return Float64Array.of(1 / s, 0, -T[2] / s, 0, 1 / s, -T[5] / s, 0, 0, 1);
}

/**
 * Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations. Returns the eigenvalues and
 * the eigenvectors as the columns of `vectors` (row-major n×n).
 */
export function jacobiEigen(S: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(S);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p] * a[p * n + p];
      for (let q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, v, n, p, q, c, s);
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
}

/** Applies the Jacobi rotation (p, q, c, s): a ← Jᵀ a J, v ← v J. */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number, c: number, s: number) {
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p];
    const akq = a[k * n + q];
    a[k * n + p] = c * akp - s * akq;
    a[k * n + q] = s * akp + c * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k];
    const aqk = a[q * n + k];
    a[p * n + k] = c * apk - s * aqk;
    a[q * n + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p];
    const vkq = v[k * n + q];
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
}

/** Mean distance between where two homographies send the four corners of a width × height image. */
export function meanCornerError(Ha: Homography, Hb: Homography, width: number, height: number): number {
  const corners = [[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]];
  let sum = 0;
  for (const [x, y] of corners) {
    const a = applyHomography(Ha, x, y);
    const b = applyHomography(Hb, x, y);
    if (!a || !b) return Infinity;
    sum += Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
  return sum / 4;
}
