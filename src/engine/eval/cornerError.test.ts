import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/random';
import { applyHomography, normaliseH } from '../geometry/homography';
import { CORNER_RANSAC, cornerErrorOfFit } from './cornerError';

const W = 320;
const H = 240;
const H_TRUE = normaliseH([0.95, 0.08, 12.5, -0.05, 1.02, -7.25, 1e-4, -6e-5, 1]);

/** `good` exact correspondences of H_TRUE on a jittered grid, then `bad` random targets; all flagged mutual. */
function exactPlusOutliers(good: number, bad: number, seed = 7) {
  const rand = mulberry32(seed);
  const m = { x0: [] as number[], y0: [] as number[], x1: [] as number[], y1: [] as number[], mutual: [] as number[] };
  for (let i = 0; i < good + bad; i++) {
    const x = rand() * (W - 1);
    const y = rand() * (H - 1);
    const t = applyHomography(H_TRUE, x, y)!;
    const outlier = i >= good;
    m.x0.push(x);
    m.y0.push(y);
    m.x1.push(outlier ? rand() * (W - 1) : t[0]);
    m.y1.push(outlier ? rand() * (H - 1) : t[1]);
    m.mutual.push(1);
  }
  return m;
}

describe('mean corner error of a RANSAC fit', () => {
  it('exact correspondences plus 40 % outliers: the fit lands the corners within 0.5 px, inliers = the exact ones', () => {
    const m = exactPlusOutliers(60, 40);
    // Precondition: no outlier happens to lie within the threshold of the truth.
    for (let i = 60; i < 100; i++) {
      const t = applyHomography(H_TRUE, m.x0[i], m.y0[i])!;
      expect(Math.hypot(t[0] - m.x1[i], t[1] - m.y1[i])).toBeGreaterThan(CORNER_RANSAC.threshold);
    }
    const r = cornerErrorOfFit(m, H_TRUE, W, H);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.error).toBeLessThan(0.5);
    expect(r.error).toBeLessThan(1e-6);
    expect(r.inliers).toBe(60);
    expect(r.matches).toBe(100);
  });

  it('a truth that differs from the matches by a (3, 4) px shift gives exactly 5 px', () => {
    const m = exactPlusOutliers(50, 0);
    const shifted = Float64Array.from(H_TRUE);
    // [1 0 3; 0 1 4; 0 0 1] · H_TRUE moves every mapped point by (3, 4): each corner is 5 px off.
    for (let c = 0; c < 3; c++) {
      shifted[c] += 3 * H_TRUE[6 + c];
      shifted[3 + c] += 4 * H_TRUE[6 + c];
    }
    const r = cornerErrorOfFit(m, shifted, W, H);
    expect(r.ok && r.error).toBeCloseTo(5, 6);
    expect(r.ok && r.inliers).toBe(50);
  });

  it('only mutual matches count; fewer than 4 is reported with the reason, never NaN', () => {
    const m = exactPlusOutliers(30, 0);
    m.mutual = m.mutual.map((_, i) => (i < 3 ? 1 : 0));
    expect(cornerErrorOfFit(m, H_TRUE, W, H)).toEqual({ ok: false, reason: 'RANSAC needs at least 4 mutual matches, there are 3', matches: 3 });
    m.mutual.fill(0);
    expect(cornerErrorOfFit(m, H_TRUE, W, H)).toMatchObject({ ok: false, matches: 0 });
  });

  it('degenerate matches (all on one line) and a corner at infinity are failures with reasons', () => {
    const line = { x0: [0, 10, 20, 30, 40, 50], y0: [5, 5, 5, 5, 5, 5], x1: [1, 11, 21, 31, 41, 51], y1: [6, 6, 6, 6, 6, 6], mutual: [1, 1, 1, 1, 1, 1] };
    expect(cornerErrorOfFit(line, H_TRUE, W, H)).toEqual({ ok: false, reason: 'RANSAC found no homography with 4 or more inliers (degenerate samples)', matches: 6 });
    // w = 1 − x/(W − 1) vanishes at the right-hand corners.
    const atInfinity = Float64Array.of(1, 0, 0, 0, 1, 0, -1 / (W - 1), 0, 1);
    const r = cornerErrorOfFit(exactPlusOutliers(40, 0), atInfinity, W, H);
    expect(r).toMatchObject({ ok: false, reason: 'the fitted or the true homography sends an image corner to infinity' });
  });

  it('is reproducible (seeded) and refuses malformed input', () => {
    const m = exactPlusOutliers(40, 60, 3);
    expect(cornerErrorOfFit(m, H_TRUE, W, H)).toEqual(cornerErrorOfFit(m, H_TRUE, W, H));
    expect(() => cornerErrorOfFit(m, Float64Array.of(1, 0, 0), W, H)).toThrow(/9 entries/);
    expect(() => cornerErrorOfFit(m, H_TRUE, 0, H)).toThrow(/size must be positive/);
  });
});
