/**
 * The projective spatial transformer: 8 parameters (Jaderberg et al., "Spatial Transformer Networks",
 * NIPS 2015, §3.4 "projective transformation"), a 3×3 homography with h33 = 1 acting on normalised
 * coordinates (see affine.ts for the conventions):
 *   x_s = (h11 x_t + h12 y_t + h13) / (h31 x_t + h32 y_t + 1),   y_s = (h21 x_t + h22 y_t + h23) / (same).
 * The four-point form (where the output's corners land in the source) is solved as the 8×8 DLT system.
 */
import { assertGridSize, gridCoordinate } from './affine';
import { solveLinear } from './linalg';

/** Row-major [h11, h12, h13, h21, h22, h23, h31, h32, h33]. */
export type Homography = readonly [number, number, number, number, number, number, number, number, number];

export const IDENTITY_HOMOGRAPHY: Homography = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** The output's corners in normalised target coordinates, clockwise on screen from the top left. */
export const UNIT_CORNERS: readonly (readonly [number, number])[] = [[-1, -1], [1, -1], [1, 1], [-1, 1]];

export class ProjectiveFoldError extends Error {}

/** (x_s, y_s) of (x_t, y_t); the denominator is returned too (≤ 0 means the point went through infinity). */
export function applyHomography(h: Homography, x: number, y: number): [number, number, number] {
  const d = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / d, (h[3] * x + h[4] * y + h[5]) / d, d];
}

/**
 * The homography taking the four target points `from` to the four source points `to` (each [x, y],
 * normalised), h33 = 1, from the DLT equations
 *   h11 x + h12 y + h13 − h31 x x' − h32 y x' = x',   h21 x + h22 y + h23 − h31 x y' − h32 y y' = y'.
 * Throws SingularSystemError when three of the points are collinear.
 */
export function homographyFromPoints(from: readonly (readonly [number, number])[], to: readonly (readonly [number, number])[]): Homography {
  if (from.length !== 4 || to.length !== 4) throw new RangeError(`homographyFromPoints: need 4 point pairs, got ${from.length} and ${to.length}`);
  const a = new Float64Array(64);
  const b = new Float64Array(8);
  for (let k = 0; k < 4; k++) {
    const [x, y] = from[k];
    const [u, v] = to[k];
    a.set([x, y, 1, 0, 0, 0, -x * u, -y * u], 16 * k);
    a.set([0, 0, 0, x, y, 1, -x * v, -y * v], 16 * k + 8);
    b[2 * k] = u;
    b[2 * k + 1] = v;
  }
  const h = solveLinear(a, b, 8, 1);
  return [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1];
}

/**
 * Throws ProjectiveFoldError unless the denominator stays positive over the whole output square
 * [−1, 1]² (it is affine in (x, y), so checking the four corners suffices): otherwise part of the output
 * would be sampled from "behind the camera" and the grid folds through infinity.
 */
export function assertNoFold(h: Homography): void {
  for (const [x, y] of UNIT_CORNERS) {
    if (!(h[6] * x + h[7] * y + h[8] > 1e-6)) throw new ProjectiveFoldError('the projective grid passes through infinity: move the corners back towards a convex quadrilateral');
  }
}

/** The sampling grid of a `width`×`height` output, (height, width, 2) normalised source points (see affineGrid). */
export function projectiveGrid(h: Homography, width: number, height: number): Float32Array {
  assertGridSize(width, height);
  assertNoFold(h);
  const out = new Float32Array(width * height * 2);
  for (let j = 0; j < height; j++) {
    const y = gridCoordinate(j, height);
    for (let i = 0; i < width; i++) {
      const [xs, ys] = applyHomography(h, gridCoordinate(i, width), y);
      out[(j * width + i) * 2] = xs;
      out[(j * width + i) * 2 + 1] = ys;
    }
  }
  return out;
}
