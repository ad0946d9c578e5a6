/**
 * The evaluation metrics, defined once for the app, the CLI and the suite. All distances are in the
 * target image's original pixels.
 *
 * - Evaluated points: the matches whose source point has known ground truth and whose true target lies
 *   inside the target image (−½ ≤ x < W − ½, likewise y). EPE = ‖predicted − true‖₂.
 * - PCK@T = #{EPE ≤ T} / #evaluated (C. B. Choy et al., "Universal Correspondence Network", NIPS 2016, use
 *   it for dense correspondence; T in pixels, or T = α·max(W, H) of the target image as in Y. Yang and
 *   D. Ramanan, "Articulated human detection with flexible mixtures of parts", PAMI 2013).
 * - Mutual: the evaluated matches that are each other's nearest neighbour; precision@T = #{mutual, EPE ≤ T}
 *   / #mutual.
 * - MMA (HPatches-style mean matching accuracy, as in M. Dusmanu et al., "D2-Net", CVPR 2019, on V. Balntas
 *   et al.'s HPatches, CVPR 2017): the mean over T = 1, 2, …, 10 px of the mutual precision@T.
 * - Median EPE over the evaluated points (the mean of the two middle values when their count is even).
 * Empty sets give NaN (null in JSON).
 */
import { trueTarget, type GroundTruth } from './groundTruth';

export const DEFAULT_THRESHOLDS: readonly number[] = [1, 3, 5, 10];
export const DEFAULT_ALPHAS: readonly number[] = [0.05, 0.1];
export const MMA_THRESHOLDS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Matches in original pixels, mutual flag per match (1 = mutual nearest neighbours). */
export interface ScoredMatches {
  x0: ArrayLike<number>;
  y0: ArrayLike<number>;
  x1: ArrayLike<number>;
  y1: ArrayLike<number>;
  mutual: ArrayLike<number>;
}

/** The evaluated subset: per point its end-point error and whether it is mutual. */
export interface Evaluated {
  /** Index into the matches, per evaluated point. */
  index: Int32Array;
  epe: Float64Array;
  mutual: Uint8Array;
}

export interface PairMetrics {
  points: number;
  pck: Record<string, number>;
  pck_alpha: Record<string, number>;
  mutual: { matches: number; precision: Record<string, number> };
  epe_median: number;
  mma: number;
}

export interface MetricOptions {
  thresholds: readonly number[];
  alphas: readonly number[];
}

/** Keeps the matches with known, in-image ground truth; `truth` overrides the ground truth per match. */
export function evaluateMatches(m: ScoredMatches, gt: GroundTruth, targetW: number, targetH: number, truth?: (i: number) => [number, number] | null): Evaluated {
  const index: number[] = [];
  const epe: number[] = [];
  for (let i = 0; i < m.x0.length; i++) {
    const t = truth ? truth(i) : trueTarget(gt, m.x0[i], m.y0[i]);
    if (!t || !(t[0] >= -0.5 && t[1] >= -0.5 && t[0] < targetW - 0.5 && t[1] < targetH - 0.5)) continue;
    index.push(i);
    epe.push(Math.hypot(m.x1[i] - t[0], m.y1[i] - t[1]));
  }
  return { index: Int32Array.from(index), epe: Float64Array.from(epe), mutual: Uint8Array.from(index, (i) => (m.mutual[i] ? 1 : 0)) };
}

/** Fraction of `epe` at most `t`, over the entries where `keep` is set (all when absent); NaN if none. */
export function fractionWithin(epe: ArrayLike<number>, t: number, keep?: ArrayLike<number>): number {
  let n = 0;
  let hit = 0;
  for (let i = 0; i < epe.length; i++) {
    if (keep && !keep[i]) continue;
    n++;
    if (epe[i] <= t) hit++;
  }
  return n ? hit / n : NaN;
}

export function median(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** All metrics of one pair from its evaluated points (see the file header for the definitions). */
export function pairMetrics(e: Evaluated, targetW: number, targetH: number, opts: MetricOptions): PairMetrics {
  const pck: Record<string, number> = {};
  const precision: Record<string, number> = {};
  for (const t of opts.thresholds) {
    pck[String(t)] = fractionWithin(e.epe, t);
    precision[String(t)] = fractionWithin(e.epe, t, e.mutual);
  }
  const pckAlpha: Record<string, number> = {};
  for (const a of opts.alphas) pckAlpha[String(a)] = fractionWithin(e.epe, a * Math.max(targetW, targetH));
  let matches = 0;
  for (const v of e.mutual) matches += v;
  const mma = matches ? MMA_THRESHOLDS.reduce((s, t) => s + fractionWithin(e.epe, t, e.mutual), 0) / MMA_THRESHOLDS.length : NaN;
  return { points: e.epe.length, pck, pck_alpha: pckAlpha, mutual: { matches, precision }, epe_median: median(e.epe), mma };
}

/** PCK for every threshold in `thresholds` (for curves): fraction of evaluated points with EPE ≤ t. */
export function pckCurve(epe: ArrayLike<number>, thresholds: readonly number[]): number[] {
  return thresholds.map((t) => fractionWithin(epe, t));
}
