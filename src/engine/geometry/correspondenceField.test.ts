import { describe, expect, it } from 'vitest';
import { gridPoints } from '../core/grid';
import { randomTexture } from '../testing/images';
import { cellOwners, fieldMapFromMatches, flowFromMatches } from './correspondenceField';
import { warpRgb } from './warp';
import { cropImage } from '../core/image';

/** Grid matches of a pure shift: source grid point (x, y) → (x + dx, y + dy), inside the target only. */
function shiftMatches(w: number, h: number, stride: number, dx: number, dy: number) {
  const g = gridPoints(w, h, stride);
  const m = { x0: [] as number[], y0: [] as number[], x1: [] as number[], y1: [] as number[], score: [] as number[] };
  for (let i = 0; i < g.xs.length; i++) {
    const x1 = g.xs[i] + dx;
    const y1 = g.ys[i] + dy;
    if (x1 < 0 || y1 < 0 || x1 >= w || y1 >= h) continue;
    m.x0.push(g.xs[i]);
    m.y0.push(g.ys[i]);
    m.x1.push(x1);
    m.y1.push(y1);
    m.score.push(0);
  }
  return m;
}

const unit = (width: number, height: number) => ({ width, height, sx: 1, sy: 1 });

describe('dense field from grid matches', () => {
  it('cells of a regular grid tile the frame: each pixel belongs to its nearest grid point', () => {
    // Grid x = 1, 5, 9, 13, 17 and y = 1, 5, 9; cells [c − 2, c + 2) cover x < 19 and y < 11.
    const g = gridPoints(20, 12, 4);
    const owner = cellOwners(g.xs, g.ys, unit(20, 12), { cell: 4 });
    const at = (x: number, y: number) => owner[y * 20 + x];
    for (let y = 0; y < 12; y++) for (let x = 0; x < 20; x++) expect(at(x, y) >= 0).toBe(x < 19 && y < 11);
    expect(g.xs[at(2, 0)]).toBe(1);
    expect(g.xs[at(3, 0)]).toBe(5);
    expect(g.ys[at(0, 10)]).toBe(9);
  });

  it('the warp through the field of a shifted pair reproduces the target in the overlap', () => {
    const big = randomTexture(140, 100, 5);
    const src = cropImage(big, 0, 0, 120, 80);
    // Target pixel (x, y) = source pixel (x + 13, y + 6): source → target moves by (−13, −6).
    const tgt = cropImage(big, 13, 6, 120, 80);
    const m = shiftMatches(120, 80, 4, -13, -6);
    const map = fieldMapFromMatches(m, unit(120, 80), unit(120, 80), { cell: 4 });
    const w = warpRgb(src, map);
    let n = 0;
    let maxErr = 0;
    for (let i = 0; i < w.mask.length; i++) {
      if (!w.mask[i]) continue;
      n++;
      for (let c = 0; c < 3; c++) maxErr = Math.max(maxErr, Math.abs(w.image.data[i * 3 + c] - tgt.data[i * 3 + c]));
    }
    expect(maxErr).toBe(0);
    // The overlap is (120 − 13) × (80 − 6) target pixels; whole cells cover it up to the grid's margins.
    expect(n).toBeGreaterThan(0.9 * 107 * 74);
    expect(n).toBeLessThanOrEqual(107 * 74);
  });

  it('masks pixels whose match is not kept, and the better score owns overlapping cells', () => {
    const m = { x0: [10, 30], y0: [10, 10], x1: [10, 12], y1: [10, 10] };
    const keepBoth = fieldMapFromMatches(m, unit(40, 20), unit(40, 20), { cell: 8, priority: [1, 2] });
    // Target pixel (11, 10) is in both cells; match 1 (priority 2) wins: source x = 30 + (11 − 12) = 29.
    expect(keepBoth.owner[10 * 40 + 11]).toBe(1);
    expect(keepBoth.mapX[10 * 40 + 11]).toBe(29);
    const keepFirst = fieldMapFromMatches(m, unit(40, 20), unit(40, 20), { cell: 8, keep: Uint8Array.of(1, 0) });
    expect(keepFirst.mapX[10 * 40 + 11]).toBe(11);
    expect(Number.isNaN(keepFirst.mapX[10 * 40 + 15])).toBe(true);
  });

  it('works in original pixels when the images were computed at a smaller working size', () => {
    // Working size half the original: working pixel c covers original pixels 2c and 2c + 1.
    const frame = { width: 40, height: 20, sx: 0.5, sy: 0.5 };
    const m = { x0: [4], y0: [4], x1: [6], y1: [4] };
    const map = fieldMapFromMatches(m, frame, frame, { cell: 2 });
    // Working cell of x₁ = 6 is [5, 7): original pixels 11 … 14.
    const row = Array.from({ length: 40 }, (_, x) => map.owner[8 * 40 + x]);
    expect(row.map((k, x) => (k === 0 ? x : -1)).filter((x) => x >= 0)).toEqual([11, 12, 13, 14]);
    // A shift of 2 working pixels is 4 original pixels.
    expect(map.mapX[8 * 40 + 12]).toBeCloseTo(8, 5);
    const flow = flowFromMatches(m, frame, frame, { cell: 2 });
    expect(flow.u[8 * 40 + 8]).toBeCloseTo(4, 5);
    expect(flow.v[8 * 40 + 8]).toBeCloseTo(0, 5);
    expect(Number.isNaN(flow.u[0])).toBe(true);
  });
});
