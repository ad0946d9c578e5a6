import { describe, expect, it } from 'vitest';
import { affineGrid, composeTheta, IDENTITY_THETA, type Theta } from './affine';
import { applyHomography, assertNoFold, homographyFromPoints, IDENTITY_HOMOGRAPHY, ProjectiveFoldError, projectiveGrid, UNIT_CORNERS } from './projective';
import { applyTps, regularControls, solveTps, tpsGrid, type Point } from './tps';
import { bilinearSample, toNormalised, toPixel } from './sampler';
import { SingularSystemError, solveLinear } from './linalg';
import { gridLines } from './warp';
import type { RgbImage } from '../core/image';

const pairs = (g: Float32Array) => Array.from({ length: g.length / 2 }, (_, k) => [g[2 * k], g[2 * k + 1]]);

describe('affine grid generator (Jaderberg et al. 2015, eq. 1)', () => {
  it('θ = identity gives the regular grid over [−1, 1]²', () => {
    expect(pairs(affineGrid(IDENTITY_THETA, 3, 3))).toEqual([
      [-1, -1], [0, -1], [1, -1],
      [-1, 0], [0, 0], [1, 0],
      [-1, 1], [0, 1], [1, 1],
    ]);
    // Non-square output: 5 columns, 2 rows.
    const g = pairs(affineGrid(IDENTITY_THETA, 5, 2));
    expect(g.map((p) => p[0]).slice(0, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(g.map((p) => p[1])).toEqual([-1, -1, -1, -1, -1, 1, 1, 1, 1, 1]);
    expect(pairs(affineGrid(IDENTITY_THETA, 1, 1))).toEqual([[0, 0]]);
  });

  it('composes θ from scale, rotation, shear and translation', () => {
    expect(composeTheta({ scale: 1, rotation: 0, shear: 0, tx: 0, ty: 0 })).toEqual([1, 0, 0, 0, 1, 0]);
    // The lecture's attention model [[s, 0, tx], [0, s, ty]].
    expect(composeTheta({ scale: 0.5, rotation: 0, shear: 0, tx: 0.25, ty: -0.5 })).toEqual([0.5, 0, 0.25, 0, 0.5, -0.5]);
    const t = composeTheta({ scale: 2, rotation: 0, shear: 0.5, tx: 0, ty: 0 });
    expect(t).toEqual([2, 1, 0, 0, 2, 0]);
    expect(() => composeTheta({ scale: 0, rotation: 0, shear: 0, tx: 0, ty: 0 })).toThrow(/scale/);
    expect(() => composeTheta({ scale: 1, rotation: NaN, shear: 0, tx: 0, ty: 0 })).toThrow(/rotation/);
  });

  it('a rotation by 90° maps the corners one quarter turn clockwise on screen (y down)', () => {
    const t = composeTheta({ scale: 1, rotation: 90, shear: 0, tx: 0, ty: 0 });
    [0, -1, 0, 1, 0, 0].forEach((v, i) => expect(t[i]).toBeCloseTo(v, 15));
    const g = pairs(affineGrid(t, 2, 2)).map((p) => p.map((v) => Math.round(v * 1e6) / 1e6 + 0));
    // Target top-left (−1, −1) samples the source top-right (1, −1); top-right (1, −1) the bottom-right (1, 1).
    expect(g).toEqual([[1, -1], [1, 1], [-1, -1], [-1, 1]]);
  });

  it('translation and scale move the grid as θ says', () => {
    const t: Theta = [0.5, 0, 0.5, 0, 0.25, -0.25];
    expect(pairs(affineGrid(t, 2, 2))).toEqual([[0, -0.5], [1, -0.5], [0, 0], [1, 0]]);
  });
});

describe('projective grid generator', () => {
  it('recovers a known homography from four points and maps them exactly', () => {
    const h = [0.9, 0.1, 0.05, -0.08, 1.1, -0.1, 0.1, -0.05, 1] as const;
    const to = UNIT_CORNERS.map(([x, y]) => applyHomography(h, x, y).slice(0, 2) as [number, number]);
    const got = homographyFromPoints(UNIT_CORNERS, to);
    got.forEach((v, i) => expect(v).toBeCloseTo(h[i], 12));
    const g = pairs(projectiveGrid(got, 2, 2));
    g.forEach((p, k) => {
      const corner = [0, 1, 3, 2][k];
      expect(p[0]).toBeCloseTo(to[corner][0], 6);
      expect(p[1]).toBeCloseTo(to[corner][1], 6);
    });
  });

  it('the identity corners give the identity homography and the regular grid', () => {
    const h = homographyFromPoints(UNIT_CORNERS, UNIT_CORNERS);
    h.forEach((v, i) => expect(v).toBeCloseTo(IDENTITY_HOMOGRAPHY[i], 14));
    expect(pairs(projectiveGrid(IDENTITY_HOMOGRAPHY, 3, 2))).toEqual([[-1, -1], [0, -1], [1, -1], [-1, 1], [0, 1], [1, 1]]);
  });

  it('keeps the perspective division: the centre of a trapezoid is not the mean of its corners', () => {
    const to: [number, number][] = [[-0.5, -1], [0.5, -1], [1, 1], [-1, 1]];
    const h = homographyFromPoints(UNIT_CORNERS, to);
    const [, yc] = applyHomography(h, 0, 0);
    // The narrow (far) top edge pulls the image of the centre up: y_c = −1/3 for this trapezoid.
    expect(yc).toBeCloseTo(-1 / 3, 12);
  });

  it('refuses collinear corners and grids that fold through infinity', () => {
    expect(() => homographyFromPoints(UNIT_CORNERS, [[0, 0], [0.5, 0.5], [1, 1], [-1, -1]])).toThrow(SingularSystemError);
    expect(() => assertNoFold([1, 0, 0, 0, 1, 0, 2, 0, 1])).toThrow(ProjectiveFoldError);
    expect(() => projectiveGrid([1, 0, 0, 0, 1, 0, 2, 0, 1], 4, 4)).toThrow(/infinity/);
  });
});

describe('thin-plate-spline grid generator (Bookstein 1989)', () => {
  const controls = regularControls(3);

  it('control points left in place give the identity map', () => {
    const t = solveTps(controls, controls);
    for (const [x, y] of [[0.3, -0.7], [-1, 1], [0.91, 0.12]]) {
      const [u, v] = applyTps(t, x, y);
      expect(u).toBeCloseTo(x, 12);
      expect(v).toBeCloseTo(y, 12);
    }
    Array.from(t.weights).forEach((w) => expect(Math.abs(w)).toBeLessThan(1e-12));
    expect(pairs(tpsGrid(t, 3, 3)).flat().map((v) => Math.round(v * 1e9) / 1e9 + 0)).toEqual(controls.flat());
  });

  it('interpolates displaced control points exactly and bends in between', () => {
    const moved: Point[] = controls.map(([x, y], i) => (i === 4 ? [0.3, -0.2] : i === 0 ? [-0.8, -1.1] : [x, y]));
    const t = solveTps(controls, moved);
    moved.forEach(([u0, v0], i) => {
      const [u, v] = applyTps(t, controls[i][0], controls[i][1]);
      expect(u).toBeCloseTo(u0, 10);
      expect(v).toBeCloseTo(v0, 10);
    });
    // Between control points the map is not affine: the midpoint of (0,0)–(1,0) is not the midpoint of its ends' images.
    const [um] = applyTps(t, 0.5, 0);
    expect(Math.abs(um - (0.3 + 1) / 2)).toBeGreaterThan(1e-3);
  });

  it('reproduces an affine map of the controls exactly (no bending)', () => {
    const theta = composeTheta({ scale: 0.7, rotation: 30, shear: 0.2, tx: 0.1, ty: -0.3 });
    const moved = controls.map(([x, y]) => [theta[0] * x + theta[1] * y + theta[2], theta[3] * x + theta[4] * y + theta[5]] as const);
    const t = solveTps(controls, moved);
    const [u, v] = applyTps(t, 0.37, -0.55);
    expect(u).toBeCloseTo(theta[0] * 0.37 + theta[1] * -0.55 + theta[2], 10);
    expect(v).toBeCloseTo(theta[3] * 0.37 + theta[4] * -0.55 + theta[5], 10);
  });

  it('refuses collinear control points', () => {
    expect(() => solveTps([[0, 0], [0.5, 0], [1, 0]], [[0, 0], [0.5, 0], [1, 0]])).toThrow(SingularSystemError);
    expect(() => solveTps([[0, 0], [1, 1]], [[0, 0], [1, 1]])).toThrow(/≥ 3/);
  });
});

describe('bilinear sampler (eq. 5)', () => {
  /** 7×5 image: R = x/10, G = y/10, B = (x + 2y)/20, a linear ramp in each channel. */
  const ramp: RgbImage = (() => {
    const w = 7, h = 5;
    const data = new Float32Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x / 10, y / 10, (x + 2 * y) / 20], (y * w + x) * 3);
    return { width: w, height: h, data };
  })();

  it('converts between pixels and normalised coordinates (−1, +1 at the outer pixel centres)', () => {
    expect(toPixel(-1, 7)).toBe(0);
    expect(toPixel(1, 7)).toBe(6);
    expect(toPixel(0, 5)).toBe(2);
    expect(toNormalised(6, 7)).toBe(1);
    expect(toNormalised(0, 1)).toBe(0);
  });

  it('samples a linear ramp exactly at sub-pixel points inside the image', () => {
    const pts = [[1.25, 0.5], [3.7, 2.2], [5.99, 3.01], [0, 0], [6, 4]];
    const grid = Float32Array.from(pts.flatMap(([x, y]) => [toNormalised(x, 7), toNormalised(y, 5)]));
    const out = bilinearSample(ramp, grid, pts.length, 1);
    pts.forEach(([x, y], k) => {
      expect(out.data[3 * k]).toBeCloseTo(x / 10, 6);
      expect(out.data[3 * k + 1]).toBeCloseTo(y / 10, 6);
      expect(out.data[3 * k + 2]).toBeCloseTo((x + 2 * y) / 20, 6);
    });
  });

  it('the identity grid of the same size reproduces the image; outside it is black', () => {
    const same = bilinearSample(ramp, affineGrid(IDENTITY_THETA, 7, 5), 7, 5);
    Array.from(same.data).forEach((v, i) => expect(v).toBeCloseTo(ramp.data[i], 6));
    // Half a pixel beyond the right edge: only half of the last column's weight remains.
    const half = bilinearSample(ramp, Float32Array.from([toNormalised(6.5, 7), toNormalised(2, 5)]), 1, 1);
    expect(half.data[0]).toBeCloseTo(0.5 * 0.6, 6);
    const far = bilinearSample(ramp, Float32Array.from([3, 3, NaN, 0]), 2, 1);
    expect(Array.from(far.data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => bilinearSample(ramp, new Float32Array(3), 1, 1)).toThrow(/grid/);
  });

  it('a 90° θ samples the image turned a quarter', () => {
    // 2×2 image with four distinct red values; the rotated grid reads them in the order of θ's corners.
    const img: RgbImage = { width: 2, height: 2, data: Float32Array.from([0.1, 0, 0, 0.2, 0, 0, 0.3, 0, 0, 0.4, 0, 0]) };
    const out = bilinearSample(img, affineGrid(composeTheta({ scale: 1, rotation: 90, shear: 0, tx: 0, ty: 0 }), 2, 2), 2, 2);
    expect([0, 1, 2, 3].map((k) => Math.round(out.data[3 * k] * 10) / 10)).toEqual([0.2, 0.4, 0.1, 0.3]);
  });
});

describe('solver and grid lines', () => {
  it('solves a small system and traces grid lines through the warp', () => {
    const x = solveLinear([2, 1, 1, 3], [3, 5], 2, 1);
    expect(x[0]).toBeCloseTo(0.8, 12);
    expect(x[1]).toBeCloseTo(1.4, 12);
    const lines = gridLines({ kind: 'affine', theta: IDENTITY_THETA }, 3, 5);
    expect(lines).toHaveLength(6);
    expect(Array.from(lines[1])).toEqual([-1, 0, -0.5, 0, 0, 0, 0.5, 0, 1, 0]);
    expect(Array.from(lines[3])).toEqual([-1, -1, -1, -0.5, -1, 0, -1, 0.5, -1, 1]);
  });
});
