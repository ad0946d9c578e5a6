import { describe, expect, it } from 'vitest';
import { keypointPattern, largestKeypoints, patternExtent, patternMarks, placePattern } from './placePattern';
import { geometryNote } from './geometryNote';
import { getDescriptor } from '../../../engine/descriptors/registry';

const round = (a: number[]) => a.map((v) => Math.round(v * 1e9) / 1e9 + 0);

describe('placing sampling patterns', () => {
  it('places, scales and turns cells, points and pairs', () => {
    const pattern = { cells: [{ x: 2, y: 0, size: 2 }], points: [{ x: 0, y: 1, r: 3 }], pairs: [{ x1: 0, y1: 0, x2: 1, y2: 0 }], caption: '' };
    const up = placePattern(pattern, 10, 20, 0, 2);
    expect(up.quads).toEqual([12, 18, 16, 18, 16, 22, 12, 22]);
    expect(up.circles).toEqual([10, 22, 6]);
    expect(up.segments).toEqual([10, 20, 12, 20]);
    // A quarter turn clockwise on screen: +x goes to +y (down), +y to −x.
    const turned = placePattern(pattern, 0, 0, Math.PI / 2, 1);
    expect(round(turned.quads.slice(0, 2))).toEqual([1, 1]);
    expect(round(turned.circles)).toEqual([-1, 0, 3]);
    expect(round(turned.segments)).toEqual([0, 0, 0, 1]);
  });

  it('SIFT\'s pattern turned by θ₀ puts its cells where oriented SIFT reads them', () => {
    const p = getDescriptor('sift').validateParams({ oriented: true, binSize: 4 });
    const pattern = getDescriptor('sift').pattern!(p);
    const placed = placePattern(pattern, 0, 0, Math.PI / 2, 1);
    // Cell (i = 3, j = 0) is centred at (6, −6) upright; oriented.ts reads it at oᵢ(cos, sin) + oⱼ(−sin, cos) = (6, 6).
    const q = placed.quads.slice(3 * 8, 4 * 8);
    const cx = (q[0] + q[2] + q[4] + q[6]) / 4;
    const cy = (q[1] + q[3] + q[5] + q[7]) / 4;
    expect([Math.round(cx), Math.round(cy)]).toEqual([6, 6]);
    expect(patternMarks(pattern)).toBe(17);
  });

  it('DAISY\'s pattern turned by θ puts its petals where the "dominant" mode reads them', () => {
    const daisy = getDescriptor('daisy');
    const pattern = daisy.pattern!(daisy.validateParams({ orientation: 'dominant' }));
    const placed = placePattern(pattern, 0, 0, Math.PI / 6, 1);
    // Point 17 is ring 3, petal 0: upright at (15, 0); oriented.ts reads (dx·cos − dy·sin, dx·sin + dy·cos).
    expect(placed.circles[17 * 3]).toBeCloseTo(15 * Math.cos(Math.PI / 6), 9);
    expect(placed.circles[17 * 3 + 1]).toBeCloseTo(15 * Math.sin(Math.PI / 6), 9);
    expect(pattern.caption).toMatch(/dominant orientation/);
  });

  it('measures how far a pattern reaches, circles and turned cells included', () => {
    // DAISY R = 15, Q = 3: the outer petals sit 15 px out with Σ₃ = 7.5.
    const daisy = getDescriptor('daisy');
    expect(patternExtent(daisy.pattern!(daisy.validateParams({})))).toBeCloseTo(22.5, 9);
    expect(patternExtent({ cells: [{ x: 3, y: 4, size: 2 }], caption: '' })).toBeCloseTo(5 + Math.SQRT2, 12);
    expect(largestKeypoints([1, 5, 3, 5], 2)).toEqual([1, 3]);
  });

  it('a keypoint\'s grid has 4×4 bins of 3σ', () => {
    const k = keypointPattern(2);
    expect(k.cells).toHaveLength(16);
    expect(k.cells![0]).toEqual({ x: -9, y: -9, size: 6 });
  });
});

describe('geometry notes', () => {
  it('says which descriptors turn their pattern, from their params', () => {
    expect(geometryNote('sift', { oriented: true }).handling).toBe('per-pixel-orientation');
    expect(geometryNote('sift', { oriented: false }).handling).toBe('none');
    expect(geometryNote('daisy', { orientation: 'fixed', offset: 30 }).handling).toBe('fixed-offset');
    expect(geometryNote('daisy', { orientation: 'fixed', offset: 0 }).handling).toBe('none');
    expect(geometryNote('daisy', { orientation: 'none', offset: 30 }).handling).toBe('none');
    expect(geometryNote('daisy', { orientation: 'dominant', offset: 0 }).handling).toBe('per-pixel-orientation');
    expect(geometryNote('lss', {}).handling).toBe('none');
  });
});
