/**
 * Where the descriptor-grids stage puts its four panes (two close-ups on top, two whole images below) and
 * how a close-up is framed around a point. Pure.
 */
import type { PaneRect, PaneTransform } from '../../canvas/paneLayout';

const GAP = 10;

/** [query close-up, match close-up, source overview, target overview]. */
export function gridsPanes(w: number, h: number): [PaneRect, PaneRect, PaneRect, PaneRect] {
  const top = Math.round(h * 0.55);
  const half = (w - GAP) / 2;
  const bottom = h - top - GAP;
  return [
    { x: 0, y: 0, w: half, h: top }, { x: half + GAP, y: 0, w: half, h: top },
    { x: 0, y: top + GAP, w: half, h: bottom }, { x: half + GAP, y: top + GAP, w: half, h: bottom },
  ];
}

/** A transform that shows image pixel (x, y) (original pixels) at the rect's centre with `extent` pixels either side. */
export function closeUp(r: PaneRect, x: number, y: number, extent: number): PaneTransform {
  const scale = Math.min(r.w, r.h) / (2 * Math.max(extent, 1));
  return { ...r, scale, ox: r.x + r.w / 2 - (x + 0.5) * scale, oy: r.y + r.h / 2 - (y + 0.5) * scale };
}

/** Sparse grid spacing (working pixels) for drawing a pattern of this radius without piling them up. */
export function sparseSpacing(radius: number): number {
  return Math.max(32, Math.ceil(2.4 * radius));
}
