/**
 * Where each image sits on the stage. Both panes share one zoom and one centre (as fractions of each
 * image's size), so zoom and pan stay in sync even when the two images differ in size. Pure.
 */
export interface PaneRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PaneTransform extends PaneRect {
  /** Stage pixels per image pixel. */
  scale: number;
  /** Stage position of image pixel (0, 0)'s top-left corner. */
  ox: number;
  oy: number;
}

export const PANE_GAP = 12;

/**
 * Two panes side by side, or stacked when that shows the images larger (wide images in a wide stage
 * are better stacked). `aspect` is the images' mean width / height.
 */
export function paneRects(stageW: number, stageH: number, aspect = 4 / 3): [PaneRect, PaneRect] {
  const fitSide = Math.min((stageW - PANE_GAP) / 2 / aspect, stageH);
  const fitStack = Math.min(stageW / aspect, (stageH - PANE_GAP) / 2);
  if (fitStack > fitSide) {
    const h = (stageH - PANE_GAP) / 2;
    return [{ x: 0, y: 0, w: stageW, h }, { x: 0, y: h + PANE_GAP, w: stageW, h }];
  }
  const w = (stageW - PANE_GAP) / 2;
  return [{ x: 0, y: 0, w, h: stageH }, { x: w + PANE_GAP, y: 0, w, h: stageH }];
}

export function paneTransform(rect: PaneRect, imgW: number, imgH: number, zoom: number, cx: number, cy: number): PaneTransform {
  const fit = Math.min(rect.w / imgW, rect.h / imgH);
  const scale = fit * zoom;
  // Pixel i spans [i − ½, i + ½), so fraction f of the width is image x = f·W − ½ and sits at
  // ox + f·W·scale on the stage; put that at the pane's centre.
  const ox = rect.x + rect.w / 2 - cx * imgW * scale;
  const oy = rect.y + rect.h / 2 - cy * imgH * scale;
  return { ...rect, scale, ox, oy };
}

/** Stage point → image pixel coordinates (pixel centres at integers). */
export function stageToImage(t: PaneTransform, px: number, py: number): { x: number; y: number } {
  return { x: (px - t.ox) / t.scale - 0.5, y: (py - t.oy) / t.scale - 0.5 };
}

/** Image pixel coordinates → stage point. */
export function imageToStage(t: PaneTransform, x: number, y: number): { x: number; y: number } {
  return { x: t.ox + (x + 0.5) * t.scale, y: t.oy + (y + 0.5) * t.scale };
}

export function insideRect(r: PaneRect, px: number, py: number): boolean {
  return px >= r.x && px < r.x + r.w && py >= r.y && py < r.y + r.h;
}

/** The shared zoom and centre after a wheel step at stage point p over pane t: the image point under p stays put. */
export function zoomAt(t: PaneTransform, imgW: number, imgH: number, zoomNow: number, deltaY: number, p: { x: number; y: number }) {
  const zoom = Math.min(64, Math.max(0.25, zoomNow * Math.exp(-deltaY * 0.0015)));
  const s2 = (t.scale / zoomNow) * zoom;
  const u = stageToImage(t, p.x, p.y);
  return {
    zoom,
    cx: (u.x + 0.5 - (p.x - t.x - t.w / 2) / s2) / imgW,
    cy: (u.y + 0.5 - (p.y - t.y - t.h / 2) / s2) / imgH,
  };
}

/** The shared centre after dragging by (dx, dy) stage pixels from a start centre, over pane t. */
export function panBy(start: { cx: number; cy: number }, t: PaneTransform, imgW: number, imgH: number, dx: number, dy: number) {
  return { cx: start.cx - dx / (t.scale * imgW), cy: start.cy - dy / (t.scale * imgH) };
}
