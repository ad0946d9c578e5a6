import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../core/random';
import { applyHomography, fitHomographyDLT, HomographyError, invertHomography, meanCornerError, multiply3, normaliseH } from './homography';

/** A mild perspective warp of a 640×480 image, like a camera turning a little. */
const H_TRUE = normaliseH([0.92, 0.11, 23.5, -0.07, 1.03, -14.2, 1.2e-4, -8e-5, 1]);

function project(H: Float64Array, xs: number[], ys: number[]) {
  const p = xs.map((x, i) => applyHomography(H, x, ys[i])!);
  return { x1: p.map((q) => q[0]), y1: p.map((q) => q[1]) };
}

describe('normalised DLT (Hartley & Zisserman, Algorithm 4.2)', () => {
  it('is exact on 4 points in general position', () => {
    const xs = [10, 600, 580, 40];
    const ys = [20, 15, 470, 450];
    const { x1, y1 } = project(H_TRUE, xs, ys);
    const H = fitHomographyDLT(xs, ys, x1, y1);
    for (let k = 0; k < 9; k++) expect(H[k]).toBeCloseTo(H_TRUE[k], 9);
    expect(meanCornerError(H, H_TRUE, 640, 480)).toBeLessThan(1e-8);
  });

  it('recovers H from 200 points with σ = 0.5 px noise to < 0.3 px mean corner error', () => {
    const rand = mulberry32(7);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    const xs = Array.from({ length: 200 }, () => rand() * 639);
    const ys = Array.from({ length: 200 }, () => rand() * 479);
    const { x1, y1 } = project(H_TRUE, xs, ys);
    const H = fitHomographyDLT(xs, ys, x1.map((x) => x + 0.5 * gauss()), y1.map((y) => y + 0.5 * gauss()));
    const err = meanCornerError(H, H_TRUE, 640, 480);
    // Least squares over 200 points: the corner error (extrapolated to the image corners) stays below
    // the per-point noise (0.20 px on this draw).
    expect(err).toBeLessThan(0.3);
    expect(err).toBeGreaterThan(0);
  });

  it("matches NumPy's SVD solution of the same normalised DLT on 60 noisy points (fixture)", () => {
    const f = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/dlt_noisy.json'), 'utf8'));
    const H = fitHomographyDLT(f.x0, f.y0, f.x1, f.y1);
    // The same minimiser: agreement to float64 round-off, far below a pixel (corner error < 1e-6 px).
    expect(meanCornerError(H, Float64Array.from(f.H_svd), 640, 480)).toBeLessThan(1e-6);
    // OpenCV's method 0 refines the geometric error afterwards, so it differs a little (here 0.01 px).
    expect(meanCornerError(H, Float64Array.from(f.H_opencv_lsq), 640, 480)).toBeLessThan(0.05);
  });

  it('handles a pure translation and the identity at pixel scale', () => {
    const xs = [0, 100, 100, 0, 50];
    const ys = [0, 0, 80, 80, 40];
    const H = fitHomographyDLT(xs, ys, xs.map((x) => x - 23), ys.map((y) => y - 11));
    expect(Array.from(H).map((v) => +v.toFixed(9) + 0)).toEqual([1, 0, -23, 0, 1, -11, 0, 0, 1]);
  });

  it('rejects fewer than 4 points, coincident points and collinear configurations', () => {
    expect(() => fitHomographyDLT([0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 1, 2])).toThrow(/at least 4/);
    expect(() => fitHomographyDLT([5, 5, 5, 5], [5, 5, 5, 5], [0, 1, 2, 3], [0, 1, 0, 1])).toThrow(HomographyError);
    expect(() => fitHomographyDLT([0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 5], [0, 2, 1, 3])).toThrow(/degenerate/);
  });

  it('inverts: H⁻¹·H = I, and the inverse maps targets back', () => {
    const inv = invertHomography(H_TRUE);
    const I = normaliseH(multiply3(inv, H_TRUE));
    [1, 0, 0, 0, 1, 0, 0, 0, 1].forEach((v, k) => expect(Math.abs(I[k] - v)).toBeLessThan(1e-12));
    const p = applyHomography(H_TRUE, 300, 200)!;
    const q = applyHomography(inv, p[0], p[1])!;
    expect(q[0]).toBeCloseTo(300, 9);
    expect(q[1]).toBeCloseTo(200, 9);
    expect(() => invertHomography([1, 2, 3, 2, 4, 6, 0, 0, 1])).toThrow(/singular/);
  });
});
