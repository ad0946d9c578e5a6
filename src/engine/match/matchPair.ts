/**
 * Grid matching between two descriptor maps: every source point on a stride grid against every target
 * point on the target grid (its own stride, the same by default), then the optional mutual (left-right)
 * check, ratio test and refinement to the pixel.
 *
 * A coarse target grid is the price of speed: a true match that falls between target grid points must be
 * found through its grid neighbour, which raw patches manage far less often than smooth descriptors.
 * A target stride of 1 searches every target pixel (cost × stride²).
 */
import { flatIndices, gridPoints, type PointSet } from '../core/grid';
import { tf } from '../tf';
import type { DescriptorMap } from './descriptorMap';
import { gatherRows } from './descriptorMap';
import { scoreFromSqDist, type Metric } from './metric';
import { passesRatio, type NearestOptions } from './nearest';
import { nearestForMetric, PRECISIONS, type NnKernel, type Precision } from './nearestForMetric';
import { refineMatches } from './refine';
import { matchScanline, validateScanline } from './scanline';

export interface MatchOptions {
  /** Grid spacing in working pixels, on both images. */
  stride: number;
  /** Grid spacing on the target; defaults to `stride`. 1 = every target pixel. */
  targetStride?: number;
  /** Keep only matches that are each other's nearest neighbour. */
  mutual: boolean;
  /** Lowe's ratio; keep when d₁ < ratio·d₂ (grid distances). null = off. */
  ratio: number | null;
  /** Move each kept match to the best target pixel within ±⌊targetStride/2⌋ of its grid match. */
  refine: boolean;
  /**
   * 'global' (default): the whole target grid. 'scanline': rectified pairs, the same row only, every target
   * pixel x − d for d in [dmin, dmax], winner-takes-all (scanline.ts); targetStride and refine do not apply.
   */
  search?: 'global' | 'scanline';
  dmin?: number;
  dmax?: number;
  /**
   * Dense global search in 'float32' (default, exact) or 'int16' (quantised, ~3.5× faster on wasm; l2 and
   * cosine metrics on wasm/cpu only, see nearestForMetric.ts; the kernel that ran is `nnKernel`).
   */
  precision?: Precision;
}

/** The disparity range scanline search uses when none is given. */
export const DEFAULT_DISPARITIES = { dmin: 0, dmax: 64 };

/** Matches as parallel arrays (structure of arrays: cheap to transfer and to draw). Working-image pixels. */
export interface MatchSet {
  readonly x0: Float32Array;
  readonly y0: Float32Array;
  readonly x1: Float32Array;
  readonly y1: Float32Array;
  /** In the metric's units (see metric.ts). */
  readonly score: Float32Array;
  /** 1 where the match passed the mutual check (whether or not the check filtered). */
  readonly mutual: Uint8Array;
  /** How many grid points were searched before filtering. */
  readonly candidates: number;
  /** Which nearest-neighbour kernel ran (global search only; see nearestForMetric.ts). */
  readonly nnKernel?: NnKernel;
}

export function validateMatchOptions(o: MatchOptions): void {
  if (!Number.isInteger(o.stride) || o.stride < 1 || o.stride > 256) throw new RangeError(`stride must be an integer in [1, 256], got ${o.stride}`);
  const ts = o.targetStride ?? o.stride;
  if (!Number.isInteger(ts) || ts < 1 || ts > 256) throw new RangeError(`target stride must be an integer in [1, 256], got ${ts}`);
  if (o.ratio !== null && !(o.ratio > 0 && o.ratio <= 1)) throw new RangeError(`ratio must be in (0, 1], got ${o.ratio}`);
  if (typeof o.refine !== 'boolean') throw new RangeError('refine must be true or false');
  if (o.search !== undefined && o.search !== 'global' && o.search !== 'scanline') throw new RangeError(`search must be global or scanline, got ${String(o.search)}`);
  if (o.precision !== undefined && !PRECISIONS.includes(o.precision)) throw new RangeError(`precision must be float32 or int16, got ${String(o.precision)}`);
  if (o.search === 'scanline') validateScanline({ ...scanlineOf(o), stride: o.stride });
}

function scanlineOf(o: MatchOptions) {
  return { stride: o.stride, dmin: o.dmin ?? DEFAULT_DISPARITIES.dmin, dmax: o.dmax ?? DEFAULT_DISPARITIES.dmax, mutual: o.mutual, ratio: o.ratio };
}

/**
 * Nearest neighbours of the source pixels `sp` among the target's grid at `targetStride` (and, per target
 * grid point, its nearest among `sp`): the search shared by grid matching and evaluation at given points.
 * With `metric` 'hamming' on wasm or cpu the search counts bits (nearestForMetric.ts); the result is the same.
 */
export async function nearestOnTargetGrid(source: DescriptorMap, sp: PointSet, target: DescriptorMap, targetStride: number, run: NearestOptions = {}, metric?: Metric) {
  const tp = gridPoints(target.width, target.height, targetStride);
  const a = gatherRows(source, flatIndices(sp, source.width));
  const b = gatherRows(target, flatIndices(tp, target.width));
  try {
    return { tp, nn: await nearestForMetric(a, b, metric, run) };
  } finally {
    tf.dispose([a, b]);
  }
}

export async function matchMaps(
  source: DescriptorMap,
  target: DescriptorMap,
  metric: Metric,
  opts: MatchOptions,
  run: NearestOptions = {},
): Promise<MatchSet> {
  validateMatchOptions(opts);
  if (opts.search === 'scanline') return matchScanline(source, target, metric, scanlineOf(opts), run);
  const sp = gridPoints(source.width, source.height, opts.stride);
  const targetStride = opts.targetStride ?? opts.stride;
  const { tp, nn } = await nearestOnTargetGrid(source, sp, target, targetStride, { ...run, precision: opts.precision ?? run.precision }, metric);
  const keep: number[] = [];
  const n = sp.xs.length;
  for (let i = 0; i < n; i++) {
    const isMutual = nn.reverseIndex[nn.index[i]] === i;
    if (opts.mutual && !isMutual) continue;
    if (opts.ratio !== null && !passesRatio(nn.sqDist1[i], nn.sqDist2[i], opts.ratio)) continue;
    keep.push(i);
  }
  const m = keep.length;
  const out = {
    x0: new Float32Array(m), y0: new Float32Array(m), x1: new Float32Array(m), y1: new Float32Array(m),
    score: new Float32Array(m), mutual: new Uint8Array(m), candidates: n, nnKernel: nn.kernel,
  };
  keep.forEach((i, k) => {
    const j = nn.index[i];
    out.x0[k] = sp.xs[i];
    out.y0[k] = sp.ys[i];
    out.x1[k] = tp.xs[j];
    out.y1[k] = tp.ys[j];
    out.score[k] = scoreFromSqDist(metric, nn.sqDist1[i]);
    out.mutual[k] = nn.reverseIndex[j] === i ? 1 : 0;
  });
  if (opts.refine && targetStride > 1 && m > 0) {
    const r = await refineMatches(source, target, { xs0: out.x0, ys0: out.y0, xs1: out.x1, ys1: out.y1 }, Math.floor(targetStride / 2));
    for (let k = 0; k < m; k++) {
      out.x1[k] = r.x1[k];
      out.y1[k] = r.y1[k];
      out.score[k] = scoreFromSqDist(metric, r.sqDist[k]);
    }
  }
  return out;
}
