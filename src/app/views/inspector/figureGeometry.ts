/**
 * Pure numbers behind the inspector's figures: how far a layout reaches around the pixel, the shared value
 * scale of two vectors, and the annular-sector path of a log-polar bin.
 */
import type { DescriptorLayout } from './layout';

/** Half-size of the square the figure must show, in the layout's units (pixels, or grid cells). */
export function layoutExtent(l: DescriptorLayout): number {
  switch (l.kind) {
    case 'histograms':
      return Math.max(1, ...l.sites.map((s) => Math.max(Math.abs(s.x), Math.abs(s.y)) + s.extent));
    case 'log-polar':
      return l.edges[l.edges.length - 1];
    case 'pairs':
      return Math.max(1, ...l.pairs.map((p) => Math.max(Math.abs(p.x1), Math.abs(p.y1), Math.abs(p.x2), Math.abs(p.y2)) + 0.5));
    case 'bit-grid':
      return Math.max(l.cols, l.rows) / 2;
    case 'window':
      return l.k / 2;
    case 'bars':
      return 1;
  }
}

/** Whether the figure's units are image pixels around the described pixel (so the image can be drawn under it). */
export function inPixels(l: DescriptorLayout): boolean {
  return l.kind === 'histograms' || l.kind === 'log-polar' || l.kind === 'pairs' || l.kind === 'window' || (l.kind === 'bit-grid' && l.centre !== null);
}

/** The largest |value| over both vectors (at least a tiny positive number), so both figures share one scale. */
export function sharedScale(a: ArrayLike<number>, b: ArrayLike<number> | null): number {
  let m = 0;
  for (const v of [a, b]) if (v) for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
  return m > 0 ? m : 1e-12;
}

/**
 * SVG path of the annular sector r0…r1 × [a0, a1) (radians from +x towards +y, y down), centred at 0.
 * r0 = 0 gives a pie slice.
 */
export function sectorPath(r0: number, r1: number, a0: number, a1: number): string {
  const pt = (r: number, a: number) => `${(r * Math.cos(a)).toFixed(3)} ${(r * Math.sin(a)).toFixed(3)}`;
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const outer = `M ${pt(r1, a0)} A ${r1} ${r1} 0 ${large} 1 ${pt(r1, a1)}`;
  if (r0 <= 0) return `M 0 0 L ${pt(r1, a0)} A ${r1} ${r1} 0 ${large} 1 ${pt(r1, a1)} Z`;
  return `${outer} L ${pt(r0, a1)} A ${r0} ${r0} 0 ${large} 0 ${pt(r0, a0)} Z`;
}

/** Smallest and largest value over both vectors (hi > lo), for colour scales that stretch the range. */
export function sharedRange(a: ArrayLike<number>, b: ArrayLike<number> | null): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [a, b]) if (v) for (let i = 0; i < v.length; i++) [lo, hi] = [Math.min(lo, v[i]), Math.max(hi, v[i])];
  return hi > lo ? { lo, hi } : { lo: lo === Infinity ? 0 : lo, hi: (lo === Infinity ? 0 : lo) + 1e-12 };
}
