/**
 * The per-point end-point errors behind the error map: one entry per matched source point, in the order of
 * the matches, so the app can draw each point where it is. EPE as metrics.ts defines it.
 */
import type { Evaluated, ScoredMatches } from './metrics';

export interface ErrorField {
  /** Source point positions, original source pixels. (N,) float32. */
  x: Float32Array;
  y: Float32Array;
  /** ‖predicted − true‖₂ in original target pixels; NaN where the point was not evaluated. (N,) float32. */
  epe: Float32Array;
  /** The grid cell a point stands for: the stride in original source pixels (≥ 1). */
  cell: number;
  /** Points not evaluated (ground truth unknown there, or its true target outside the target image). */
  missing: number;
}

/** Scatters the evaluated points' EPE back onto all N matches (NaN for the rest). */
export function errorField(m: ScoredMatches, e: Evaluated, cell: number): ErrorField {
  const n = m.x0.length;
  if (e.index.length !== e.epe.length) throw new RangeError(`evaluated index (${e.index.length}) and EPE (${e.epe.length}) differ in length`);
  const epe = new Float32Array(n).fill(NaN);
  for (let k = 0; k < e.index.length; k++) epe[e.index[k]] = e.epe[k];
  return { x: Float32Array.from(m.x0), y: Float32Array.from(m.y0), epe, cell: Math.max(1, cell), missing: n - e.index.length };
}
