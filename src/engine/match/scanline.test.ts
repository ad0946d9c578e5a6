import { beforeAll, describe, expect, it } from 'vitest';
import { describeDense, disposeMap } from './descriptorMap';
import { matchMaps, validateMatchOptions } from './matchPair';
import { restrictToScanline } from './scanline';
import { getDescriptor } from '../descriptors/registry';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { randomTexture } from '../testing/images';
import type { RgbImage } from '../core/image';

/** Right (x, y) = left (x + d, y): left (x, y) ↔ right (x − d, y), the PFM convention. */
function shiftedPair(w: number, h: number, d: number): [RgbImage, RgbImage] {
  const tex = randomTexture(w + d, h, 31);
  const crop = (x0: number): RgbImage => {
    const data = new Float32Array(w * h * 3);
    for (let y = 0; y < h; y++) data.set(tex.data.subarray((y * (w + d) + x0) * 3, (y * (w + d) + x0 + w) * 3), y * w * 3);
    return { width: w, height: h, data };
  };
  return [crop(0), crop(d)];
}

const D = 7;
const patch = getDescriptor('patch');
const P = patch.validateParams({});
const base = { stride: 4, mutual: false, ratio: null, refine: false } as const;

describe.each(NODE_BACKENDS)('scanline search on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('finds x − d on the same row for every pixel the range covers, and nothing beyond the range', async () => {
    const [l, r] = shiftedPair(48, 20, D);
    const [a, b] = [describeDense(l, patch, P), describeDense(r, patch, P)];
    const m = await matchMaps(a, b, 'l2', { ...base, search: 'scanline', dmin: 0, dmax: 12 });
    expect(m.candidates).toBe(12 * 5);
    let exact = 0;
    let covered = 0;
    for (let i = 0; i < m.x0.length; i++) {
      expect(m.y1[i]).toBe(m.y0[i]);
      const d = m.x0[i] - m.x1[i];
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(12);
      // The 5×5 window of the right image's last D columns sees clamped borders the left does not.
      if (m.x0[i] >= D + 2 && m.x0[i] < 48 - 2) {
        covered++;
        if (d === D) exact++;
      }
    }
    expect(exact).toBe(covered);
    // A range that excludes D can never return it; the winners lie inside the range.
    const narrow = await matchMaps(a, b, 'l2', { ...base, search: 'scanline', dmin: 0, dmax: 3 });
    expect(Array.from(narrow.x0, (x, i) => x - narrow.x1[i]).every((d) => d >= 0 && d <= 3)).toBe(true);
    // Negative disparities search to the right.
    const right = await matchMaps(a, b, 'l2', { ...base, search: 'scanline', dmin: -5, dmax: -2 });
    expect(Array.from(right.x0, (x, i) => x - right.x1[i]).every((d) => d >= -5 && d <= -2)).toBe(true);
    disposeMap(a);
    disposeMap(b);
  });

  it('left-right check keeps the consistent matches; a source pixel with no candidate in the image is skipped', async () => {
    const [l, r] = shiftedPair(40, 12, D);
    const [a, b] = [describeDense(l, patch, P), describeDense(r, patch, P)];
    const all = await matchMaps(a, b, 'l2', { ...base, search: 'scanline', dmin: 0, dmax: 10 });
    const mutual = await matchMaps(a, b, 'l2', { ...base, mutual: true, search: 'scanline', dmin: 0, dmax: 10 });
    expect(mutual.x0.length).toBe(all.mutual.reduce((s, v) => s + v, 0));
    // Every pixel whose true match is inside the right image passes the check.
    for (let i = 0; i < all.x0.length; i++) if (all.x0[i] >= D + 2 && all.x0[i] < 40 - 2) expect(all.mutual[i]).toBe(1);
    expect(mutual.x0.length).toBeLessThan(all.x0.length);
    // d ≥ 41 puts every candidate left of x = 0 for a 40-px row: no match at all.
    expect((await matchMaps(a, b, 'l2', { ...base, search: 'scanline', dmin: 41, dmax: 60 })).x0.length).toBe(0);
    disposeMap(a);
    disposeMap(b);
  });

  it('leaves no tensor behind', async () => {
    const [l, r] = shiftedPair(30, 10, D);
    const leaked = await leakedTensors(async () => {
      const [a, b] = [describeDense(l, patch, P), describeDense(r, patch, P)];
      await matchMaps(a, b, 'l2', { ...base, search: 'scanline', dmin: 0, dmax: 8 });
      disposeMap(a);
      disposeMap(b);
    });
    expect(leaked).toBe(0);
  });
});

describe('scanline options', () => {
  it('refuses an empty or non-integer disparity range and an unknown mode', () => {
    expect(() => validateMatchOptions({ ...base, search: 'scanline', dmin: 5, dmax: 2 })).toThrow(/empty/);
    expect(() => validateMatchOptions({ ...base, search: 'scanline', dmin: 0.5, dmax: 2 })).toThrow(/dmin must be an integer/);
    expect(() => validateMatchOptions({ ...base, search: 'diagonal' as 'global' })).toThrow(/search must be/);
  });
});

describe('restrictToScanline (the click query in scanline mode)', () => {
  // A 6×3 map of distances (lower is better) whose global best (0) lies off the row.
  const r = { x: 4, y: 1, width: 6, height: 3, bestX: 0, bestY: 0, bestScore: 0, ties: 1, min: 0, max: 9,
    scores: Float32Array.from([0, 9, 9, 9, 9, 9, 5, 2, 7, 2, 8, 9, 9, 9, 9, 9, 9, 9]) };

  it('keeps row y at x − d for d in the range, NaN elsewhere, and takes the best again (ties to the lower x)', () => {
    const q = restrictToScanline(r, 1, 3, true, false);
    expect(Array.from(q.scores.subarray(6, 12))).toEqual([NaN, 2, 7, 2, NaN, NaN]);
    expect(Number.isNaN(q.scores[0])).toBe(true);
    expect([q.bestX, q.bestY, q.bestScore, q.ties, q.min, q.max]).toEqual([1, 1, 2, 2, 2, 7]);
    // From the right image, candidates are x + d: x = 0 with d 1…3 → x 1…3.
    expect(restrictToScanline({ ...r, x: 0 }, 1, 3, false, false).bestX).toBe(1);
    expect(() => restrictToScanline(r, 10, 12, true, false)).toThrow(/no pixel of row 1/);
  });
});
