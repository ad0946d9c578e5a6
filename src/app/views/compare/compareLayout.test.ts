import { describe, expect, it } from 'vitest';
import { gridRects } from './compareLayout';
import { PANE_GAP } from '../../canvas/paneLayout';

describe('gridRects', () => {
  it('puts 4 wide panes in a 2×2 grid on a 4:3 stage and 3 in a row on a very wide one', () => {
    const r = gridRects(1200, 900, 4, 4 / 3);
    expect(r.map((p) => [p.x, p.y])).toEqual([[0, 0], [600 + PANE_GAP / 2, 0], [0, 450 + PANE_GAP / 2], [600 + PANE_GAP / 2, 450 + PANE_GAP / 2]]);
    const wide = gridRects(3000, 500, 3, 4 / 3);
    expect(new Set(wide.map((p) => p.y))).toEqual(new Set([0]));
  });

  it('never overlaps panes and stays inside the stage', () => {
    for (const n of [1, 2, 3, 4, 5]) {
      const r = gridRects(1000, 700, n, 1.5);
      expect(r).toHaveLength(n);
      for (const p of r) {
        expect(p.x + p.w).toBeLessThanOrEqual(1000 + 1e-9);
        expect(p.y + p.h).toBeLessThanOrEqual(700 + 1e-9);
      }
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const a = r[i];
        const b = r[j];
        const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
        expect(apart).toBe(true);
      }
    }
  });
});
