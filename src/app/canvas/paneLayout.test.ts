import { describe, expect, it } from 'vitest';
import { imageToStage, panBy, paneRects, paneTransform, stageToImage, zoomAt, PANE_GAP } from './paneLayout';

describe('pane layout', () => {
  it('puts square-ish images side by side and wide images stacked, whichever shows them larger', () => {
    const [a, b] = paneRects(1000, 400, 1);
    expect(a).toEqual({ x: 0, y: 0, w: (1000 - PANE_GAP) / 2, h: 400 });
    expect(b.x).toBe(a.w + PANE_GAP);
    const [c, d] = paneRects(1000, 800, 3);
    expect(c.w).toBe(1000);
    expect(d.y).toBe(c.h + PANE_GAP);
  });

  it('fits the whole image at zoom 1 and round-trips coordinates', () => {
    const t = paneTransform({ x: 100, y: 0, w: 400, h: 300 }, 800, 600, 1, 0.5, 0.5);
    expect(t.scale).toBe(0.5);
    // Pixel (0, 0) spans [−½, ½): its top-left corner is at the pane's corner.
    expect([t.ox, t.oy]).toEqual([100, 0]);
    const p = imageToStage(t, 799, 599);
    expect([p.x, p.y]).toEqual([100 + 799.5 * 0.5, 599.5 * 0.5]);
    const u = stageToImage(t, p.x, p.y);
    expect([u.x, u.y]).toEqual([799, 599]);
  });

  it('keeps the shared centre fraction at the pane centre when zoomed', () => {
    const t = paneTransform({ x: 0, y: 0, w: 200, h: 200 }, 100, 50, 4, 0.25, 0.5);
    const c = stageToImage(t, 100, 100);
    expect(c.x).toBeCloseTo(0.25 * 100 - 0.5, 10);
    expect(c.y).toBeCloseTo(0.5 * 50 - 0.5, 10);
  });
});

describe('zoomAt and panBy', () => {
  it('keep the image point under the pointer fixed while zooming, and move it with a drag', () => {
    const rect = { x: 100, y: 20, w: 600, h: 400 };
    const t = paneTransform(rect, 741, 500, 1.5, 0.4, 0.6);
    const p = { x: 333, y: 222 };
    const before = stageToImage(t, p.x, p.y);
    const v = zoomAt(t, 741, 500, 1.5, -240, p);
    expect(v.zoom).toBeCloseTo(1.5 * Math.exp(0.36), 10);
    const after = stageToImage(paneTransform(rect, 741, 500, v.zoom, v.cx, v.cy), p.x, p.y);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
    const c = panBy({ cx: 0.4, cy: 0.6 }, t, 741, 500, 30, -12);
    const moved = stageToImage(paneTransform(rect, 741, 500, 1.5, c.cx, c.cy), p.x + 30, p.y - 12);
    expect(moved.x).toBeCloseTo(before.x, 9);
    expect(moved.y).toBeCloseTo(before.y, 9);
  });
});
