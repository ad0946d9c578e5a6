/**
 * One pair, one descriptor: descriptor maps → matches → metrics (metrics.ts). The app's worker and the
 * CLI both call `evaluateMaps`, so their numbers agree by construction.
 *
 * Matching for evaluation is fixed so results are comparable: every evaluated source point takes its
 * nearest neighbour among the target grid (target stride), refined to the best pixel within
 * ±⌊target stride/2⌋; no ratio test, no mutual filter (the mutual flag is kept for the mutual metrics).
 * Dense ground truth (homography, disparity, flow) is evaluated at the source grid at `stride`; sparse
 * points at their own source positions, rounded to the nearest working pixel, with the CSV's target as
 * the truth. Images computed below their original size (working scale) are evaluated in original pixels.
 * With a homography as truth, a RANSAC fit to the mutual matches is scored by its mean corner error.
 */
import type { PointSet } from '../core/grid';
import { toOriginal, toWorking } from '../core/workingSize';
import type { DescriptorMap } from '../match/descriptorMap';
import { matchMaps, nearestOnTargetGrid } from '../match/matchPair';
import type { Metric } from '../match/metric';
import type { NearestOptions } from '../match/nearest';
import { refineMatches } from '../match/refine';
import { cornerErrorOfFit, type CornerFit } from './cornerError';
import type { GroundTruth } from './groundTruth';
import { evaluateMatches, pairMetrics, type Evaluated, type MetricOptions, type PairMetrics, type ScoredMatches } from './metrics';

export interface EvalSettings extends MetricOptions {
  /** Source grid spacing in working pixels (dense ground truth). */
  stride: number;
  /** Target grid spacing for the nearest-neighbour search. */
  targetStride: number;
  /** Dense search precision (nearestForMetric.ts); default float32. */
  precision?: 'float32' | 'int16';
}

/** An image's original size and the size its descriptor map was computed at. */
export interface ImageSizes {
  width: number;
  height: number;
  workingWidth: number;
  workingHeight: number;
}

/** The pair's metrics; `corner` is null unless the ground truth is a homography (cornerError.ts). */
export type EvaluationMetrics = PairMetrics & { corner: CornerFit | null };

export interface PairEvaluation {
  metrics: EvaluationMetrics;
  /** The matches evaluated, in original pixels, and which of them were evaluated (with their EPE). */
  matches: ScoredMatches;
  evaluated: Evaluated;
}

const toOrig = (v: ArrayLike<number>, scale: number) => Float64Array.from(v, (x) => toOriginal(x, scale));

/** Matches the maps as described in the file header and computes every metric. */
export async function evaluateMaps(
  source: DescriptorMap,
  target: DescriptorMap,
  metric: Metric,
  gt: GroundTruth,
  sizes: { source: ImageSizes; target: ImageSizes },
  settings: EvalSettings,
  run: NearestOptions = {},
): Promise<PairEvaluation> {
  // Per-axis scales, as the matches file computes them (floor rounding makes them differ slightly).
  const sx = sizes.source.workingWidth / sizes.source.width;
  const sy = sizes.source.workingHeight / sizes.source.height;
  const tx = sizes.target.workingWidth / sizes.target.width;
  const ty = sizes.target.workingHeight / sizes.target.height;
  let working: { x0: ArrayLike<number>; y0: ArrayLike<number>; x1: ArrayLike<number>; y1: ArrayLike<number>; mutual: Uint8Array };
  let truth: ((i: number) => [number, number] | null) | undefined;
  run = { ...run, precision: settings.precision ?? run.precision };
  if (gt.kind === 'points') {
    const pts = sparseSourcePoints(gt, source.width, source.height, sx, sy);
    working = await matchAtPoints(source, target, pts.points, settings.targetStride, run);
    truth = (i) => [gt.x1[pts.gtIndex[i]], gt.y1[pts.gtIndex[i]]];
  } else {
    working = await matchMaps(source, target, metric, { stride: settings.stride, targetStride: settings.targetStride, mutual: false, ratio: null, refine: true }, run);
  }
  const matches: ScoredMatches = {
    x0: toOrig(working.x0, sx), y0: toOrig(working.y0, sy), x1: toOrig(working.x1, tx), y1: toOrig(working.y1, ty), mutual: working.mutual,
  };
  const evaluated = evaluateMatches(matches, gt, sizes.target.width, sizes.target.height, truth);
  // RANSAC sees every mutual match (it knows nothing of the truth); both frames are original pixels.
  const corner = gt.kind === 'homography' ? cornerErrorOfFit(matches, gt.H, sizes.source.width, sizes.source.height) : null;
  return { metrics: { ...pairMetrics(evaluated, sizes.target.width, sizes.target.height, settings), corner }, matches, evaluated };
}

/** The CSV's source points inside the source image, as working pixels, with the CSV row of each. */
function sparseSourcePoints(gt: Extract<GroundTruth, { kind: 'points' }>, w: number, h: number, sx: number, sy: number) {
  const xs: number[] = [];
  const ys: number[] = [];
  const gtIndex: number[] = [];
  for (let i = 0; i < gt.x0.length; i++) {
    const x = Math.round(toWorking(gt.x0[i], sx));
    const y = Math.round(toWorking(gt.y0[i], sy));
    if (x < 0 || y < 0 || x >= w || y >= h) continue;
    xs.push(x);
    ys.push(y);
    gtIndex.push(i);
  }
  return { points: { xs: Int32Array.from(xs), ys: Int32Array.from(ys) } as PointSet, gtIndex };
}

/**
 * Nearest neighbours of arbitrary source pixels among the target grid, refined like matchMaps; mutual =
 * the target grid point's nearest among these source points is the point itself. Working pixels.
 */
export async function matchAtPoints(source: DescriptorMap, target: DescriptorMap, points: PointSet, targetStride: number, run: NearestOptions = {}) {
  const n = points.xs.length;
  const out = { x0: Float32Array.from(points.xs), y0: Float32Array.from(points.ys), x1: new Float32Array(n), y1: new Float32Array(n), mutual: new Uint8Array(n) };
  if (n === 0) return out;
  const { tp, nn } = await nearestOnTargetGrid(source, points, target, targetStride, run);
  for (let i = 0; i < n; i++) {
    const j = nn.index[i];
    out.x1[i] = tp.xs[j];
    out.y1[i] = tp.ys[j];
    out.mutual[i] = nn.reverseIndex[j] === i ? 1 : 0;
  }
  if (targetStride > 1) {
    const r = await refineMatches(source, target, { xs0: points.xs, ys0: points.ys, xs1: out.x1, ys1: out.y1 }, Math.floor(targetStride / 2));
    out.x1.set(r.x1);
    out.y1.set(r.y1);
  }
  return out;
}
