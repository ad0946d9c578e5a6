import { describe, expect, it } from 'vitest';
import { refine1D, subpixel2D } from './refine';

describe('BRISK refinement', () => {
  it('recovers the peak of a sampled concave quadratic exactly', () => {
    const [x0, y0] = [0.3, -0.4];
    const f = (x: number, y: number) => 50 - 8 * (x - x0) ** 2 - 5 * (y - y0) ** 2 + 2 * (x - x0) * (y - y0);
    const s = [];
    for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) s.push(f(i, j));
    const p = subpixel2D(s);
    expect(p.dx).toBeCloseTo(x0, 10);
    expect(p.dy).toBeCloseTo(y0, 10);
    expect(p.max).toBeCloseTo(50, 10);
  });

  it('keeps the peak inside the patch: a ramp peaks on the border, a bowl at a corner', () => {
    // Steep in x, gently concave in y around y = 0.2: the stationary point is at x = 5, so x is clamped to 1.
    const ramp = subpixel2D([0, 1, 2, 0, 1, 2, 0, 1, 2].map((v, k) => v * 10 - ((k % 3) - 1) ** 2 - (Math.floor(k / 3) - 1.2) ** 2));
    expect(ramp.dx).toBe(1);
    expect(ramp.dy).toBeCloseTo(0.2, 10);
    const bowl = subpixel2D([2, 1, 2, 1, 0, 1, 2, 1, 3]);
    expect([bowl.dx, bowl.dy]).toEqual([1, 1]);
  });

  it('fits the scale parabola through the three layers and clamps it', () => {
    // s(t) = 40 − 100 (t − 1.1)² sampled at 0.75, 1, 1.5 (an octave between its intra-octaves).
    const s = (t: number) => 40 - 100 * (t - 1.1) ** 2;
    const r = refine1D(s(0.75), s(1), s(1.5), 0.75, 1.5);
    expect(r.scale).toBeCloseTo(1.1, 10);
    expect(r.max).toBeCloseTo(40, 10);
    // Rising towards the layer above: clamped to its scale.
    expect(refine1D(10, 20, 30.1, 2 / 3, 4 / 3).scale).toBeCloseTo(4 / 3, 10);
    // Not concave: the best sample wins; c_0's lower end is 0.7, not its 0.5 sample.
    expect(refine1D(30, 10, 20, 0.5, 1.5, 0.7)).toEqual({ scale: 0.7, max: 30 });
  });
});
