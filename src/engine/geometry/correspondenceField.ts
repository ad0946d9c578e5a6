/**
 * A dense correspondence field from grid matches, for warping and for flow images.
 *
 * Grid matching gives one correspondence per stride × stride cell of the source (x₀ → x₁, working pixels).
 * The nearest-neighbour field is made dense the simplest honest way: each match stands for its whole cell,
 * which moves rigidly with it (the field is piecewise constant, the value of the nearest grid point):
 *  - in the target frame (for a backward warp), target pixel q inside the cell centred on x₁ samples the
 *    source at x₀ + (q − x₁); where two cells overlap, the match with the better score owns the pixel;
 *  - in the source frame (for a flow image), source pixel p inside the cell centred on x₀ has flow x₁ − x₀.
 * Pixels that no kept match covers are masked (NaN in the map): grid points whose match failed the mutual
 * check or the score threshold, and target areas no match lands in (occluded or simply never chosen).
 *
 * Frames: matches are in working pixels; fields are built at the frames' original size, converting with
 * x_work = (x_orig + ½)·s − ½ (see core/workingSize.ts), so a field drives a full-resolution warp.
 */
import { toOriginal, toWorking } from '../core/workingSize';
import type { BackwardMap } from './warp';

export interface GridMatches {
  readonly x0: ArrayLike<number>;
  readonly y0: ArrayLike<number>;
  readonly x1: ArrayLike<number>;
  readonly y1: ArrayLike<number>;
}

/** An image frame: original size and the working scale per axis (working size / original size). */
export interface Frame {
  width: number;
  height: number;
  sx: number;
  sy: number;
}

export interface FieldOptions {
  /** Which matches take part (1 = kept), length N; default all. */
  keep?: Uint8Array;
  /** Larger wins where cells overlap (e.g. the score, negated for distances); default: later index wins. */
  priority?: ArrayLike<number>;
  /** Cell side in working pixels (the source stride). */
  cell: number;
}

/**
 * For each pixel of `frame` (original pixels), the index of the kept match whose cell (cell × cell working
 * pixels centred on (cx[k], cy[k])) covers the pixel's working position, or −1. Shape (H, W) int32.
 */
export function cellOwners(cx: ArrayLike<number>, cy: ArrayLike<number>, frame: Frame, opts: FieldOptions): Int32Array {
  const { width: W, height: H } = frame;
  if (!(opts.cell >= 1)) throw new RangeError(`the cell size must be ≥ 1 working pixel, got ${opts.cell}`);
  const owner = new Int32Array(W * H).fill(-1);
  const best = new Float64Array(W * H).fill(-Infinity);
  const half = opts.cell / 2;
  // Pixel q covers working position (q + ½)·s − ½; the cell is [c − half, c + half) in working pixels.
  const range = (c: number, s: number, n: number) => [
    Math.max(0, Math.ceil((c - half + 0.5) / s - 0.5)),
    Math.min(n, Math.ceil((c + half + 0.5) / s - 0.5)),
  ];
  for (let k = 0; k < cx.length; k++) {
    if (opts.keep && !opts.keep[k]) continue;
    const pr = opts.priority ? opts.priority[k] : k;
    const [xa, xb] = range(cx[k], frame.sx, W);
    const [ya, yb] = range(cy[k], frame.sy, H);
    for (let y = ya; y < yb; y++) {
      for (let x = xa, i = y * W + xa; x < xb; x++, i++) {
        if (pr >= best[i]) {
          best[i] = pr;
          owner[i] = k;
        }
      }
    }
  }
  return owner;
}

/**
 * The backward map of the nearest-neighbour field over the target frame: target pixel q (original) →
 * source position (original pixels), NaN where no kept match's cell covers q.
 */
export function fieldMapFromMatches(m: GridMatches, source: Frame, target: Frame, opts: FieldOptions): BackwardMap & { owner: Int32Array } {
  const owner = cellOwners(m.x1, m.y1, target, opts);
  const mapX = new Float32Array(owner.length).fill(NaN);
  const mapY = new Float32Array(owner.length).fill(NaN);
  for (let y = 0, i = 0; y < target.height; y++) {
    const qy = toWorking(y, target.sy);
    for (let x = 0; x < target.width; x++, i++) {
      const k = owner[i];
      if (k < 0) continue;
      mapX[i] = toOriginal(toWorking(x, target.sx) + m.x0[k] - m.x1[k], source.sx);
      mapY[i] = toOriginal(qy + m.y0[k] - m.y1[k], source.sy);
    }
  }
  return { width: target.width, height: target.height, mapX, mapY, owner };
}

/**
 * The flow of the nearest-neighbour field over the source frame: u, v (H, W) float32 in original pixels,
 * target position − source position; NaN where no kept match's cell covers the pixel.
 */
export function flowFromMatches(m: GridMatches, source: Frame, target: Frame, opts: FieldOptions): { width: number; height: number; u: Float32Array; v: Float32Array; owner: Int32Array } {
  const owner = cellOwners(m.x0, m.y0, source, opts);
  const u = new Float32Array(owner.length).fill(NaN);
  const v = new Float32Array(owner.length).fill(NaN);
  for (let y = 0, i = 0; y < source.height; y++) {
    const py = toWorking(y, source.sy);
    for (let x = 0; x < source.width; x++, i++) {
      const k = owner[i];
      if (k < 0) continue;
      u[i] = toOriginal(toWorking(x, source.sx) + m.x1[k] - m.x0[k], target.sx) - x;
      v[i] = toOriginal(py + m.y1[k] - m.y0[k], target.sy) - y;
    }
  }
  return { width: source.width, height: source.height, u, v, owner };
}
