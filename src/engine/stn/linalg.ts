/**
 * A small dense solver for the spatial transformer's systems (the 8×8 of a four-point homography, the
 * (n + 3)² thin-plate-spline system): Gaussian elimination with partial pivoting, in float64.
 */

export class SingularSystemError extends Error {}

/**
 * Solves A·X = B. `a`: (n, n) row-major, `b`: (n, m) row-major; neither is modified. Returns X, (n, m)
 * row-major float64. Throws SingularSystemError when a pivot is below 1e-12 of the largest entry of A
 * (the system has no unique solution, e.g. collinear control points).
 */
export function solveLinear(a: ArrayLike<number>, b: ArrayLike<number>, n: number, m: number): Float64Array {
  if (a.length !== n * n || b.length !== n * m) throw new RangeError(`solveLinear: expected (${n}, ${n}) and (${n}, ${m}), got ${a.length} and ${b.length} values`);
  const w = n + m;
  // Augmented matrix [A | B], one row per equation.
  const aug = new Float64Array(n * w);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      aug[i * w + j] = a[i * n + j];
      scale = Math.max(scale, Math.abs(a[i * n + j]));
    }
    for (let j = 0; j < m; j++) aug[i * w + n + j] = b[i * m + j];
  }
  const tiny = 1e-12 * Math.max(scale, 1e-300);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(aug[r * w + col]) > Math.abs(aug[piv * w + col])) piv = r;
    if (!(Math.abs(aug[piv * w + col]) > tiny)) throw new SingularSystemError('the system is singular (degenerate points)');
    if (piv !== col) {
      for (let j = 0; j < w; j++) {
        const t = aug[col * w + j];
        aug[col * w + j] = aug[piv * w + j];
        aug[piv * w + j] = t;
      }
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = aug[r * w + col] / aug[col * w + col];
      if (f === 0) continue;
      for (let j = col; j < w; j++) aug[r * w + j] -= f * aug[col * w + j];
    }
  }
  const x = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) x[i * m + j] = aug[i * w + n + j] / aug[i * w + i];
  return x;
}
