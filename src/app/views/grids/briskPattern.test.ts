import { describe, expect, it } from 'vitest';
import { briskKeypointPattern, briskReach, separatedKeypoints } from './briskPattern';

describe('BRISK keypoint patterns in the Grids view', () => {
  it('has 60 points with their σ, reaching ~1.3 × the keypoint size', () => {
    const p = briskKeypointPattern(12);
    expect(p.points).toHaveLength(60);
    const far = Math.max(...p.points!.map((q) => Math.hypot(q.x, q.y)));
    // Size 12 is look-up scale 12 / 7.2 ≈ 1.67: outer ring 0.85 · 10.8 · 1.67 ≈ 15.3 px.
    expect(far).toBeGreaterThan(14);
    expect(far).toBeLessThan(16.5);
    expect(briskReach(12)).toBeGreaterThan(far);
  });

  it('keeps only keypoints whose patterns do not overlap, largest first', () => {
    // Two big keypoints 10 px apart and a small one far away: the big one and the far one are kept.
    const x = [100, 110, 400], y = [100, 100, 100], scale = [30, 20, 6];
    expect(separatedKeypoints(x, y, scale, 10)).toEqual([0, 2]);
    expect(separatedKeypoints(x, y, scale, 1)).toEqual([0]);
  });
});
