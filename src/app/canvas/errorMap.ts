/**
 * Pure builders for the error map layer: each evaluated source point becomes a square of its grid cell
 * coloured by its end-point error on a 256-level colour map, clipped at `max` px; points without ground
 * truth are listed apart (drawn hatched). Grouping points by colour lets the layer fill each colour once.
 */
import type { ErrorField } from '../../engine/eval/errorMap';

/** Colour-map level (0…255) of an end-point error: round(255 · min(epe, max) / max). */
export function errorLevel(epe: number, max: number): number {
  return Math.round((255 * Math.min(Math.max(epe, 0), max)) / max);
}

export interface ErrorCells {
  /** Point indices per colour level, 256 lists. */
  levels: number[][];
  /** Indices of the points without ground truth (EPE NaN). */
  missing: number[];
  /** Points at or above `max` (drawn in the top colour). */
  clipped: number;
}

/** Bins the field's points by colour level; `max` > 0 px. */
export function buildErrorCells(epe: ArrayLike<number>, max: number): ErrorCells {
  if (!(max > 0)) throw new RangeError(`the error map's maximum must be positive, got ${max}`);
  const levels: number[][] = Array.from({ length: 256 }, () => []);
  const missing: number[] = [];
  let clipped = 0;
  for (let i = 0; i < epe.length; i++) {
    const e = epe[i];
    if (Number.isNaN(e)) {
      missing.push(i);
      continue;
    }
    if (e >= max) clipped++;
    levels[errorLevel(e, max)].push(i);
  }
  return { levels, missing, clipped };
}

/** The point under (x, y) (original source pixels): the nearest one within half a cell, or -1. */
export function pointUnder(field: Pick<ErrorField, 'x' | 'y' | 'cell'>, x: number, y: number): number {
  let best = -1;
  let bestD = (field.cell / 2) ** 2 * 2;
  for (let i = 0; i < field.x.length; i++) {
    const d = (field.x[i] - x) ** 2 + (field.y[i] - y) ** 2;
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}
