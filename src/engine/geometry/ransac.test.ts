import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/random';
import { applyHomography, meanCornerError, normaliseH } from './homography';
import { ransacHomography } from './ransac';

const H_TRUE = normaliseH([0.92, 0.11, 23.5, -0.07, 1.03, -14.2, 1.2e-4, -8e-5, 1]);

/** n matches in a 640×480 image: a fraction `outliers` of them random, the rest H_TRUE plus σ noise. */
function matches(n: number, outliers: number, sigma: number, seed: number) {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const m = { x0: new Float64Array(n), y0: new Float64Array(n), x1: new Float64Array(n), y1: new Float64Array(n), truth: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    m.x0[i] = rand() * 639;
    m.y0[i] = rand() * 479;
    if (i < n * outliers) {
      m.x1[i] = rand() * 639;
      m.y1[i] = rand() * 479;
    } else {
      const p = applyHomography(H_TRUE, m.x0[i], m.y0[i])!;
      m.x1[i] = p[0] + sigma * gauss();
      m.y1[i] = p[1] + sigma * gauss();
      m.truth[i] = 1;
    }
  }
  return m;
}

describe('RANSAC for a homography', () => {
  it('recovers a known H from matches with 50 % outliers to < 0.5 px mean corner error', () => {
    const m = matches(300, 0.5, 0.5, 3);
    const r = ransacHomography(m, { threshold: 3, iterations: 500, seed: 1 })!;
    expect(r).not.toBeNull();
    const err = meanCornerError(r.H, H_TRUE, 640, 480);
    expect(err).toBeLessThan(0.5);
    // Nearly every true match is an inlier; an outlier lands within 3 px of H by chance only rarely.
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < 300; i++) {
      if (r.inliers[i] && m.truth[i]) tp++;
      if (r.inliers[i] && !m.truth[i]) fp++;
    }
    expect(tp).toBeGreaterThanOrEqual(145);
    expect(fp).toBeLessThanOrEqual(3);
    expect(r.inlierCount).toBe(tp + fp);
  });

  it('is deterministic for a seed, and exact on noise-free matches', () => {
    const m = matches(100, 0.3, 0, 9);
    const a = ransacHomography(m, { threshold: 1, iterations: 200, seed: 5 })!;
    const b = ransacHomography(m, { threshold: 1, iterations: 200, seed: 5 })!;
    expect(Array.from(a.H)).toEqual(Array.from(b.H));
    expect(meanCornerError(a.H, H_TRUE, 640, 480)).toBeLessThan(1e-6);
    expect(a.inlierCount).toBe(70);
  });

  it('finds an integer shift among grid matches with outliers', () => {
    const m = { x0: [] as number[], y0: [] as number[], x1: [] as number[], y1: [] as number[] };
    const rand = mulberry32(4);
    for (let y = 4; y < 220; y += 8) {
      for (let x = 4; x < 300; x += 8) {
        const bad = rand() < 0.4;
        m.x0.push(x);
        m.y0.push(y);
        m.x1.push(bad ? Math.round(rand() * 300) : x - 23);
        m.y1.push(bad ? Math.round(rand() * 220) : y - 11);
      }
    }
    const r = ransacHomography(m, { threshold: 1, iterations: 300 })!;
    expect(Array.from(r.H).map((v) => +v.toFixed(6) + 0)).toEqual([1, 0, -23, 0, 1, -11, 0, 0, 1]);
  });

  it('says why it cannot run', () => {
    expect(() => ransacHomography({ x0: [1, 2, 3], y0: [1, 2, 4], x1: [1, 2, 3], y1: [1, 2, 3] }, { threshold: 3, iterations: 10 })).toThrow(/at least 4 matches/);
    const m = matches(10, 0, 0, 1);
    expect(() => ransacHomography(m, { threshold: 0, iterations: 10 })).toThrow(/threshold/);
    expect(() => ransacHomography(m, { threshold: 2, iterations: 0.5 })).toThrow(/iterations/);
    // All points on one line: every sample is degenerate, so there is no model.
    const line = { x0: [0, 1, 2, 3, 4], y0: [0, 1, 2, 3, 4], x1: [0, 1, 2, 3, 4], y1: [0, 1, 2, 3, 4] };
    expect(ransacHomography(line, { threshold: 2, iterations: 20 })).toBeNull();
  });
});
