/**
 * The three grid generators of the spatial-transformer playground behind one type, so the view can draw
 * and sample any of them the same way.
 */
import { affineGrid, applyTheta, type Theta } from './affine';
import { applyHomography, projectiveGrid, type Homography } from './projective';
import { applyTps, tpsGrid, type ThinPlateSpline } from './tps';

export type Warp =
  | { kind: 'affine'; theta: Theta }
  | { kind: 'projective'; h: Homography }
  | { kind: 'tps'; tps: ThinPlateSpline };

/** Source point (normalised) of target point (x, y). */
export function warpPoint(w: Warp, x: number, y: number): [number, number] {
  switch (w.kind) {
    case 'affine':
      return applyTheta(w.theta, x, y);
    case 'projective': {
      const [u, v] = applyHomography(w.h, x, y);
      return [u, v];
    }
    case 'tps':
      return applyTps(w.tps, x, y);
  }
}

/** The (height, width, 2) sampling grid of a warp (see affineGrid). */
export function warpGrid(w: Warp, width: number, height: number): Float32Array {
  switch (w.kind) {
    case 'affine':
      return affineGrid(w.theta, width, height);
    case 'projective':
      return projectiveGrid(w.h, width, height);
    case 'tps':
      return tpsGrid(w.tps, width, height);
  }
}

/**
 * The grid lines of a k×k sampling grid as polylines in normalised source coordinates, each line traced
 * at `steps` points so a TPS grid shows its curves: k rows then k columns, each Float32Array (steps, 2).
 */
export function gridLines(w: Warp, k: number, steps = 32): Float32Array[] {
  const lines: Float32Array[] = [];
  const at = (i: number, n: number) => (n === 1 ? 0 : -1 + (2 * i) / (n - 1));
  for (const rows of [true, false]) {
    for (let a = 0; a < k; a++) {
      const line = new Float32Array(steps * 2);
      for (let s = 0; s < steps; s++) {
        const [u, v] = rows ? warpPoint(w, at(s, steps), at(a, k)) : warpPoint(w, at(a, k), at(s, steps));
        line[2 * s] = u;
        line[2 * s + 1] = v;
      }
      lines.push(line);
    }
  }
  return lines;
}
