/**
 * The thin-plate-spline spatial transformer.
 * References: F. L. Bookstein, "Principal warps: thin-plate splines and the decomposition of
 * deformations", IEEE TPAMI 11(6), 1989; used as a grid generator in M. Jaderberg et al., "Spatial
 * Transformer Networks", NIPS 2015, §3.4 (the network regresses where the control points land in the source).
 *
 * With control points c_i in the target (output) frame and their source positions s_i, the map is
 *   T(p) = a₀ + a₁ x + a₂ y + Σ_i w_i U(‖p − c_i‖),   U(r) = r² log r²   (Bookstein's U; U(0) = 0),
 * whose coefficients solve Bookstein's system [[K, P], [Pᵀ, 0]] · [w; a] = [s; 0], K_ij = U(‖c_i − c_j‖),
 * P_i = (1, x_i, y_i), one right-hand side per coordinate. T interpolates every control point exactly and
 * is affine when the s_i are an affine image of the c_i. Coordinates are normalised (see affine.ts).
 */
import { assertGridSize, gridCoordinate } from './affine';
import { solveLinear } from './linalg';

export type Point = readonly [number, number];

export interface ThinPlateSpline {
  /** Control points c_i in the target frame. */
  readonly controls: readonly Point[];
  /** (n, 2) row-major: w_i for x_s and for y_s. */
  readonly weights: Float64Array;
  /** (3, 2) row-major: (a₀, a₁, a₂) for x_s and for y_s. */
  readonly affine: Float64Array;
}

/** Bookstein's radial basis U(r) = r² log r², taken as 0 at r = 0. Argument: r². */
export function tpsKernel(r2: number): number {
  return r2 === 0 ? 0 : r2 * Math.log(r2);
}

/**
 * Solves Bookstein's system for control points `controls` (target frame, n ≥ 3, not all on one line)
 * moved to the source positions `sources`. Throws SingularSystemError for collinear or repeated controls.
 */
export function solveTps(controls: readonly Point[], sources: readonly Point[]): ThinPlateSpline {
  const n = controls.length;
  if (n < 3 || sources.length !== n) throw new RangeError(`solveTps: need ≥ 3 control points and one source position each, got ${n} and ${sources.length}`);
  const m = n + 3;
  const l = new Float64Array(m * m);
  const rhs = new Float64Array(m * 2);
  for (let i = 0; i < n; i++) {
    const [xi, yi] = controls[i];
    for (let j = 0; j < n; j++) {
      const [xj, yj] = controls[j];
      l[i * m + j] = tpsKernel((xi - xj) ** 2 + (yi - yj) ** 2);
    }
    l.set([1, xi, yi], i * m + n);
    l[n * m + i] = 1;
    l[(n + 1) * m + i] = xi;
    l[(n + 2) * m + i] = yi;
    rhs[i * 2] = sources[i][0];
    rhs[i * 2 + 1] = sources[i][1];
  }
  const x = solveLinear(l, rhs, m, 2);
  return { controls: controls.map((c) => [c[0], c[1]] as const), weights: x.slice(0, 2 * n), affine: x.slice(2 * n) };
}

/** T(p): the source point of target point (x, y). */
export function applyTps(t: ThinPlateSpline, x: number, y: number): [number, number] {
  const a = t.affine;
  let u = a[0] + a[2] * x + a[4] * y;
  let v = a[1] + a[3] * x + a[5] * y;
  t.controls.forEach(([cx, cy], i) => {
    const k = tpsKernel((x - cx) ** 2 + (y - cy) ** 2);
    u += t.weights[2 * i] * k;
    v += t.weights[2 * i + 1] * k;
  });
  return [u, v];
}

/** Control points on an n×n regular grid over [−1, 1]², row-major (n ≥ 2). */
export function regularControls(n: number): Point[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`regularControls: n must be an integer ≥ 2, got ${n}`);
  return Array.from({ length: n * n }, (_, k) => [gridCoordinate(k % n, n), gridCoordinate(Math.floor(k / n), n)] as const);
}

/** The sampling grid of a `width`×`height` output, (height, width, 2) normalised source points (see affineGrid). */
export function tpsGrid(t: ThinPlateSpline, width: number, height: number): Float32Array {
  assertGridSize(width, height);
  const out = new Float32Array(width * height * 2);
  for (let j = 0; j < height; j++) {
    const y = gridCoordinate(j, height);
    for (let i = 0; i < width; i++) {
      const [xs, ys] = applyTps(t, gridCoordinate(i, width), y);
      out[(j * width + i) * 2] = xs;
      out[(j * width + i) * 2 + 1] = ys;
    }
  }
  return out;
}
