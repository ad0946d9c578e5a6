/**
 * The spatial-transformer playground's state as plain data, and the warp it describes. Pure: the view
 * keeps a PlaygroundState and asks this module for the warp, its θ, and what went wrong.
 */
import { composeTheta, type AffineParts } from '../../../engine/stn/affine';
import { assertNoFold, homographyFromPoints, UNIT_CORNERS } from '../../../engine/stn/projective';
import { regularControls, solveTps, type Point } from '../../../engine/stn/tps';
import type { Warp } from '../../../engine/stn/warp';

export type PlaygroundMode = 'affine' | 'projective' | 'tps';

export interface PlaygroundState {
  mode: PlaygroundMode;
  affine: AffineParts;
  /** Projective: where the output's four corners land in the source (normalised), clockwise from top left. */
  corners: Point[];
  /** TPS: source positions of the 3×3 control points (normalised), row-major. */
  tpsSources: Point[];
  /** Side of the drawn k×k sampling grid. */
  k: number;
}

export const TPS_CONTROLS: readonly Point[] = regularControls(3);

export const INITIAL_PLAYGROUND: PlaygroundState = {
  mode: 'affine',
  affine: { scale: 1, rotation: 0, shear: 0, tx: 0, ty: 0 },
  corners: UNIT_CORNERS.map(([x, y]) => [x, y] as const),
  tpsSources: TPS_CONTROLS.map(([x, y]) => [x, y] as const),
  k: 8,
};

/** The warp of the current mode, or a message saying why there is none (degenerate corners or controls). */
export function playgroundWarp(s: PlaygroundState): { warp: Warp } | { problem: string } {
  try {
    switch (s.mode) {
      case 'affine':
        return { warp: { kind: 'affine', theta: composeTheta(s.affine) } };
      case 'projective': {
        const h = homographyFromPoints(UNIT_CORNERS, s.corners);
        assertNoFold(h);
        return { warp: { kind: 'projective', h } };
      }
      case 'tps':
        return { warp: { kind: 'tps', tps: solveTps(TPS_CONTROLS, s.tpsSources) } };
    }
  } catch (e) {
    return { problem: e instanceof Error ? e.message : String(e) };
  }
}

/** θ as rows of numbers for display: the 2×3 affine θ, the 3×3 homography, or the TPS affine part (a₀ a₁ a₂ per row). */
export function warpMatrix(w: Warp): number[][] {
  switch (w.kind) {
    case 'affine':
      return [w.theta.slice(0, 3), w.theta.slice(3, 6)];
    case 'projective':
      return [w.h.slice(0, 3), w.h.slice(3, 6), w.h.slice(6, 9)];
    case 'tps': {
      const a = w.tps.affine;
      return [[a[0], a[2], a[4]], [a[1], a[3], a[5]]];
    }
  }
}
