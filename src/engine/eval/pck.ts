/**
 * PCK (percentage of correct keypoints): the fraction of evaluated matches whose end-point error is at most
 * T pixels, EPE = ‖predicted − true‖₂. Evaluated points are those where the ground truth is known and the
 * true target lies inside the target image (−½ ≤ x < W − ½, likewise y).
 */
import { trueTarget, type GroundTruth } from './groundTruth';

export interface PckResult {
  /** How many matches were evaluated (ground truth known and inside the target). */
  points: number;
  /** Threshold (px) → fraction in [0, 1]; NaN when no point was evaluated. */
  pck: Record<string, number>;
  /** Median end-point error in pixels (NaN when none). */
  epeMedian: number;
}

export interface PointMatches {
  x0: ArrayLike<number>;
  y0: ArrayLike<number>;
  x1: ArrayLike<number>;
  y1: ArrayLike<number>;
}

export function endPointErrors(m: PointMatches, gt: GroundTruth, targetW: number, targetH: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < m.x0.length; i++) {
    const t = trueTarget(gt, m.x0[i], m.y0[i]);
    if (!t || t[0] < -0.5 || t[1] < -0.5 || t[0] >= targetW - 0.5 || t[1] >= targetH - 0.5) continue;
    out.push(Math.hypot(m.x1[i] - t[0], m.y1[i] - t[1]));
  }
  return Float64Array.from(out);
}

export function pckAtThresholds(m: PointMatches, gt: GroundTruth, targetW: number, targetH: number, thresholds: readonly number[]): PckResult {
  const epe = endPointErrors(m, gt, targetW, targetH);
  const pck: Record<string, number> = {};
  for (const t of thresholds) {
    let n = 0;
    for (const e of epe) if (e <= t) n++;
    pck[String(t)] = epe.length ? n / epe.length : NaN;
  }
  const sorted = Float64Array.from(epe).sort();
  const mid = sorted.length >> 1;
  const epeMedian = sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { points: epe.length, pck, epeMedian };
}
