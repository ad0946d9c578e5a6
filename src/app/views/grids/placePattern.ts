/**
 * A descriptor's sampling pattern (contract.ts SamplingPattern, offsets in working pixels around the
 * described pixel) placed at a point of the displayed image, turned by the pixel's frame angle θ and
 * scaled to display pixels. Pure: flat arrays for one Konva Shape.
 */
import type { SamplingPattern } from '../../../engine/descriptors/contract';
import { binOffset, SPATIAL_BINS } from '../../../engine/descriptors/sift/geometry';

export interface PlacedPattern {
  /** Cells as 4 corners each: 8 numbers per cell (x0 y0 … x3 y3). */
  quads: number[];
  /** Circles: x, y, r per circle (r = 0: a dot). */
  circles: number[];
  /** Segments: x1 y1 x2 y2 per pair. */
  segments: number[];
}

export const emptyPlaced = (): PlacedPattern => ({ quads: [], circles: [], segments: [] });

/**
 * Appends `pattern` placed at (x, y) (display pixels), turned by θ (radians, clockwise on screen, y down)
 * and scaled by `scale` display pixels per working pixel, to `out`.
 */
export function placePattern(pattern: SamplingPattern, x: number, y: number, theta: number, scale: number, out: PlacedPattern = emptyPlaced()): PlacedPattern {
  const c = Math.cos(theta) * scale;
  const s = Math.sin(theta) * scale;
  const at = (dx: number, dy: number): [number, number] => [x + c * dx - s * dy, y + s * dx + c * dy];
  for (const cell of pattern.cells ?? []) {
    const h = cell.size / 2;
    for (const [u, v] of [[-h, -h], [h, -h], [h, h], [-h, h]]) out.quads.push(...at(cell.x + u, cell.y + v));
  }
  for (const p of pattern.points ?? []) out.circles.push(...at(p.x, p.y), (p.r ?? 0) * scale);
  for (const p of pattern.pairs ?? []) out.segments.push(...at(p.x1, p.y1), ...at(p.x2, p.y2));
  return out;
}

/** Number of marks a pattern draws (cells + points + pairs). */
export function patternMarks(p: SamplingPattern): number {
  return (p.cells?.length ?? 0) + (p.points?.length ?? 0) + (p.pairs?.length ?? 0);
}

/**
 * The sampling grid of a sparse SIFT keypoint (Lowe 2004 §6.1, keypoints/siftDescriptor.ts): 4×4 bins of
 * 3σ input pixels along the keypoint's rotated axes, as a pattern to place with the keypoint's angle.
 */
export function keypointPattern(sigma: number): SamplingPattern {
  const b = 3 * sigma;
  const cells = Array.from({ length: SPATIAL_BINS * SPATIAL_BINS }, (_, k) => ({ x: binOffset(k % SPATIAL_BINS, b), y: binOffset(Math.floor(k / SPATIAL_BINS), b), size: b }));
  return { cells, pairs: [{ x1: 0, y1: 0, x2: 2 * b, y2: 0 }], caption: 'SIFT keypoint: 4×4 bins of 3σ, needle along its orientation' };
}

/** How far a pattern reaches from the described pixel (working pixels): cells with their half side, circles with their radius. */
export function patternExtent(p: SamplingPattern): number {
  return Math.max(
    1,
    ...(p.cells ?? []).map((c) => Math.hypot(c.x, c.y) + (c.size * Math.SQRT2) / 2),
    ...(p.points ?? []).map((q) => Math.hypot(q.x, q.y) + (q.r ?? 0)),
    ...(p.pairs ?? []).map((q) => Math.max(Math.hypot(q.x1, q.y1), Math.hypot(q.x2, q.y2))),
  );
}

/** The `n` keypoints of largest scale (indices), so the overview shows frames one can read. */
export function largestKeypoints(scale: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: scale.length }, (_, i) => i).sort((a, b) => scale[b] - scale[a]).slice(0, n);
}
