/**
 * The BRISK detector: FAST 9-16 scores in the octave / intra-octave scale space, non-maximum suppression in
 * scale space, sub-pixel and continuous-scale refinement.
 * Reference: S. Leutenegger, M. Chli and R. Y. Siegwart, "BRISK: Binary Robust Invariant Scalable Keypoints",
 * ICCV 2011, §2.1. The search windows and the refinement follow the authors' code (OpenCV 4.6 brisk.cpp).
 *
 * A pixel of layer i is a keypoint when its score s ≥ threshold is not below its 8 neighbours (ties broken by
 * the 3 × 3 blurred scores) and greater than every score of the layers above and below inside the area it
 * covers there (scores interpolated). Its position is the layer's quadratic peak blended with the peak found
 * above or below, its scale the maximum of a parabola through the three layers' maxima (c_0 uses FAST 5-8 on
 * the image as the virtual d_−1 at relative scale 0.5); a keypoint needs a refined score > threshold.
 *
 * Deviations:
 * - FAST 9-16 instead of AGAST's OAST 9-16: the same corner test and score, without AGAST's decision trees.
 * - Score maps are computed once per layer; the reference caches lazily computed scores in the map it also
 *   uses for the 2D non-maximum test, so its test can depend on the order points are visited.
 * - The 2D quadratic is the exact least-squares fit (the reference's xy coefficient is 4/18 instead of
 *   4.5/18) and the border search returns the candidate it evaluated (the reference returns (δx, δx)).
 * - When the image is too small for the requested octaves, fewer are used (each layer keeps ≥ 8 px).
 */
import { assertGrey8, type Grey8 } from './grey';
import { buildBriskScaleSpace, octavesThatFit, type BriskLayer } from './scaleSpace';
import { refine1D, subpixel2D, type Peak2D } from './refine';
import { BRISK_BASIC_SIZE } from './pattern';
import type { BriskKeypoint } from './descriptor';

export interface BriskParams {
  /** FAST threshold on 0…255 intensities (OpenCV: 30). */
  threshold: number;
  /** Octaves n; the scale space has 2n layers (OpenCV: 3; the paper: 4). */
  octaves: number;
}

export const DEFAULT_BRISK_PARAMS: BriskParams = { threshold: 30, octaves: 4 };

export function validateBriskParams(p: BriskParams): void {
  if (!Number.isInteger(p.threshold) || p.threshold < 1 || p.threshold > 254) throw new RangeError(`BRISK threshold must be an integer in 1…254, got ${p.threshold}`);
  if (!Number.isInteger(p.octaves) || p.octaves < 0 || p.octaves > 8) throw new RangeError(`BRISK octaves must be an integer in 0…8, got ${p.octaves}`);
}

const patch = (f: (x: number, y: number) => number, x: number, y: number) => {
  const s = new Array<number>(9);
  for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) s[(j + 1) * 3 + i + 1] = f(x + i, y + j);
  return s;
};

/** Bilinear score at a fractional layer position, truncated to an integer as the reference's uchar cast. */
function scoreAt(l: BriskLayer, xf: number, yf: number): number {
  const x = Math.trunc(xf), y = Math.trunc(yf);
  const rx = xf - x, ry = yf - y;
  const s = l.scores.score;
  return Math.trunc((1 - rx) * (1 - ry) * s(x, y) + rx * (1 - ry) * s(x + 1, y) + (1 - rx) * ry * s(x, y + 1) + rx * ry * s(x + 1, y + 1));
}

/** Non-maximum test on the thresholded scores of a layer; equal neighbours lose to a larger 3 × 3 blurred score. */
function isMax2D(l: BriskLayer, t: number, x: number, y: number): boolean {
  const s = (u: number, v: number) => { const q = l.scores.score(u, v); return q >= t ? q : 0; };
  const c = s(x, y);
  const blur = (u: number, v: number) => 4 * s(u, v) + 2 * (s(u - 1, v) + s(u + 1, v) + s(u, v - 1) + s(u, v + 1)) + s(u - 1, v - 1) + s(u + 1, v - 1) + s(u - 1, v + 1) + s(u + 1, v + 1);
  let ties: [number, number][] | null = null;
  for (let j = -1; j <= 1; j++) {
    for (let i = -1; i <= 1; i++) {
      if (i === 0 && j === 0) continue;
      const n = s(x + i, y + j);
      if (n > c) return false;
      if (n === c) (ties ??= []).push([i, j]);
    }
  }
  if (!ties) return true;
  const mine = blur(x, y);
  return ties.every(([i, j]) => blur(x + i, y + j) <= mine);
}

const snap = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * The maximum of layer `o`'s scores over the area pixel (x, y) of layer `l` covers, unless one of them
 * (last row aside, as in the reference) exceeds `centre`. dx, dy: the refined peak there, in `l` pixels
 * relative to (x, y), saturated to ±1.
 */
function neighbourMax(l: BriskLayer, o: BriskLayer, x: number, y: number, centre: number, below: boolean): Peak2D | null {
  const half = (0.5 * l.scale) / o.scale;
  const cx = (x * l.scale + l.offset - o.offset) / o.scale;
  const cy = (y * l.scale + l.offset - o.offset) / o.scale;
  const axis = (c: number) => {
    const lo = snap(c - half), hi = snap(c + half);
    const pos = [lo], at = [Math.trunc(lo) + 1];
    for (let k = Math.trunc(lo) + 1; k <= Math.trunc(hi); k++) { pos.push(k); at.push(k); }
    pos.push(hi); at.push(Math.trunc(hi));
    return { pos, at };
  };
  const ax = axis(cx), ay = axis(cy);
  const full = o.scores.score;
  const blur = (u: number, v: number) => 2 * (full(u - 1, v) + full(u + 1, v) + full(u, v + 1) + full(u, v - 1)) + full(u + 1, v + 1) + full(u - 1, v + 1) + full(u + 1, v - 1) + full(u - 1, v - 1);
  let max = -1, mx = ax.at[0], my = ay.at[0];
  for (let r = 0; r < ay.pos.length; r++) {
    const lastRow = r === ay.pos.length - 1;
    for (let c = 0; c < ax.pos.length; c++) {
      const v = scoreAt(o, ax.pos[c], ay.pos[r]);
      if (!lastRow && v > centre) return null;
      const interior = r > 0 && !lastRow && c > 0 && c < ax.pos.length - 1;
      if (below && interior && v === max && blur(ax.at[c], ay.at[r]) > blur(mx, my)) { mx = ax.at[c]; my = ay.at[r]; }
      if (v > max) { max = v; mx = ax.at[c]; my = ay.at[r]; }
    }
  }
  const p = subpixel2D(patch(full, mx, my));
  let dx = ((mx + p.dx) * o.scale + o.offset - l.offset) / l.scale - x;
  let dy = ((my + p.dy) * o.scale + o.offset - l.offset) / l.scale - y;
  const inside = Math.abs(dx) <= 1 && Math.abs(dy) <= 1;
  dx = Math.max(-1, Math.min(1, dx));
  dy = Math.max(-1, Math.min(1, dy));
  return { dx, dy, max: inside ? Math.max(p.max, max) : max };
}

/** Scale-space refinement of a 2D maximum at (x, y) of layer i < last; null when a neighbour layer is higher. */
function refine3D(layers: BriskLayer[], i: number, x: number, y: number): { x: number; y: number; scale: number; max: number } | null {
  const l = layers[i];
  const centre = l.scores.score(x, y);
  const above = neighbourMax(l, layers[i + 1], x, y, centre, false);
  if (!above) return null;
  let below: Peak2D | null;
  if (i === 0) {
    const s58 = patch(l.scores.score58, x, y);
    const p = subpixel2D(s58);
    below = { dx: p.dx, dy: p.dy, max: Math.max(...s58) };
  } else {
    below = neighbourMax(l, layers[i - 1], x, y, centre, true);
    if (!below) return null;
  }
  const here = subpixel2D(patch(l.scores.score, x, y));
  const octave = i % 2 === 0;
  // Relative scales of the neighbours: octave c_i sits between d_{i−1} (0.75) and d_i (1.5); intra-octave
  // d_i between c_i (2/3) and c_{i+1} (4/3); c_0's virtual d_−1 is taken at 0.5 and clamped to 0.7.
  const tBelow = i === 0 ? 0.5 : octave ? 0.75 : 2 / 3;
  const tAbove = octave ? 1.5 : 4 / 3;
  const r = refine1D(below.max, Math.max(centre, here.max), above.max, tBelow, tAbove, i === 0 ? 0.7 : tBelow);
  const [w, n] = r.scale > 1 ? [(tAbove - r.scale) / (tAbove - 1), above] : [(r.scale - tBelow) / (1 - tBelow), below];
  return {
    x: (w * here.dx + (1 - w) * n.dx + x) * l.scale + l.offset,
    y: (w * here.dy + (1 - w) * n.dy + y) * l.scale + l.offset,
    scale: r.scale * l.scale,
    max: r.max,
  };
}

/** Last layer: no layer above, so only the one below is checked, and the 2D peak is kept. */
function refineTop(layers: BriskLayer[], i: number, x: number, y: number): BriskKeypoint | null {
  const l = layers[i];
  if (i > 0 && !neighbourMax(l, layers[i - 1], x, y, l.scores.score(x, y), true)) return null;
  const p = subpixel2D(patch(l.scores.score, x, y));
  return { x: (x + p.dx) * l.scale + l.offset, y: (y + p.dy) * l.scale + l.offset, size: BRISK_BASIC_SIZE * l.scale, angle: -1, response: p.max, layer: i };
}

/**
 * BRISK keypoints of `g` ((H, W) uint8), without orientation (angle −1; describeBrisk assigns it).
 * Keypoints come layer by layer, each in raster order. `octavesUsed` ≤ params.octaves (see deviations).
 */
export function detectBrisk(g: Grey8, params: Partial<BriskParams> = {}): { keypoints: BriskKeypoint[]; octavesUsed: number } {
  assertGrey8(g);
  const p = { ...DEFAULT_BRISK_PARAMS, ...params };
  validateBriskParams(p);
  const octaves = octavesThatFit(g.width, g.height, p.octaves);
  const layers = buildBriskScaleSpace(g, octaves);
  const out: BriskKeypoint[] = [];
  const last = layers.length - 1;
  layers.forEach((l, i) => {
    const c = l.scores.corners(p.threshold);
    for (let n = 0; n < c.x.length; n++) {
      const x = c.x[n], y = c.y[n];
      if (!isMax2D(l, p.threshold, x, y)) continue;
      if (i === last) {
        const k = refineTop(layers, i, x, y);
        if (k) out.push(k);
        continue;
      }
      const r = refine3D(layers, i, x, y);
      if (r && r.max > p.threshold) out.push({ x: r.x, y: r.y, size: BRISK_BASIC_SIZE * r.scale, angle: -1, response: r.max, layer: i });
    }
  });
  return { keypoints: out, octavesUsed: octaves };
}
