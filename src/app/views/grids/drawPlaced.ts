/** Strokes a placed pattern (original-image pixel coordinates) onto a pane of the stage (canvas 2D). */
import { imageToStage, type PaneTransform } from '../../canvas/paneLayout';
import type { PlacedPattern } from './placePattern';

export function drawPlaced(c: CanvasRenderingContext2D, t: PaneTransform, p: PlacedPattern, colour: string, width: number): void {
  const at = (x: number, y: number) => imageToStage(t, x, y);
  c.beginPath();
  for (let i = 0; i < p.quads.length; i += 8) {
    for (let k = 0; k < 4; k++) {
      const q = at(p.quads[i + 2 * k], p.quads[i + 2 * k + 1]);
      if (k === 0) c.moveTo(q.x, q.y);
      else c.lineTo(q.x, q.y);
    }
    c.closePath();
  }
  for (let i = 0; i < p.segments.length; i += 4) {
    const a = at(p.segments[i], p.segments[i + 1]);
    const b = at(p.segments[i + 2], p.segments[i + 3]);
    c.moveTo(a.x, a.y);
    c.lineTo(b.x, b.y);
  }
  for (let i = 0; i < p.circles.length; i += 3) {
    const o = at(p.circles[i], p.circles[i + 1]);
    const r = Math.max(1.5, p.circles[i + 2] * t.scale);
    c.moveTo(o.x + r, o.y);
    c.arc(o.x, o.y, r, 0, 2 * Math.PI);
  }
  c.strokeStyle = colour;
  c.lineWidth = width;
  c.stroke();
}
