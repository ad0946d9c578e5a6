/**
 * Scanline (epipolar) matching for rectified pairs: a source pixel (x, y) is compared only with the target
 * pixels (x − d, y) of the same row, for disparities d in [dmin, dmax] (the PFM convention here: a left pixel
 * (x, y) matches right (x − d, y)), and the best is kept, winner-takes-all. This is how MC-CNN's matching cost
 * is used before any aggregation (Žbontar & LeCun, JMLR 2016, Section 3; the "WTA" rows of its Table 5), and
 * it works with any descriptor.
 *  - mutual: the left-right consistency check: the kept target pixel's own best source pixel along the row
 *    (over the same disparities, every source pixel a candidate) is the query pixel;
 *  - ratio: d₁ < r·d₂, d₂ the second-best disparity's distance (neighbouring disparities included).
 */
import { tf, type Tensor3D } from '../tf';
import { gridPoints } from '../core/grid';
import { throwIfAborted } from '../core/abort';
import type { DescriptorMap } from './descriptorMap';
import type { MatchSet } from './matchPair';
import { scoreFromSqDist, type Metric } from './metric';
import { passesRatio, type NearestOptions } from './nearest';

export interface ScanlineOptions {
  stride: number;
  /** Disparity range, inclusive, in working pixels: x_t = x_s − d. */
  dmin: number;
  dmax: number;
  mutual: boolean;
  ratio: number | null;
}

export const MAX_DISPARITY = 1024;

export function validateScanline(o: ScanlineOptions): void {
  for (const k of ['dmin', 'dmax'] as const) {
    if (!Number.isInteger(o[k]) || Math.abs(o[k]) > MAX_DISPARITY) throw new RangeError(`${k} must be an integer in [−${MAX_DISPARITY}, ${MAX_DISPARITY}], got ${o[k]}`);
  }
  if (o.dmin > o.dmax) throw new RangeError(`the disparity range is empty: dmin ${o.dmin} > dmax ${o.dmax}`);
}

/** Rows per batched product: R × W_s × W_t floats (8 × 741² ≈ 4.4 M). */
const ROWS_PER_CHUNK = 8;

async function hostArray(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

/** (R, W, D) descriptors of rows `ys` of a map. Caller disposes. */
function rowsOf(map: DescriptorMap, ys: number[]): Tensor3D {
  const idx = new Int32Array(ys.length * map.width);
  ys.forEach((y, r) => {
    for (let x = 0; x < map.width; x++) idx[r * map.width + x] = y * map.width + x;
  });
  return tf.tidy(() => tf.reshape(tf.gather(map.rows, tf.tensor1d(idx, 'int32')), [ys.length, map.width, map.dim]) as Tensor3D);
}

/**
 * Winner-takes-all along rows of the source grid (every `stride` px in x and y; rows the target lacks are
 * skipped). Matches in working pixels, as matchMaps returns them; `candidates` counts the searched points.
 */
export async function matchScanline(source: DescriptorMap, target: DescriptorMap, metric: Metric, o: ScanlineOptions, run: NearestOptions = {}): Promise<MatchSet> {
  validateScanline(o);
  if (source.dim !== target.dim) throw new RangeError(`descriptor dims differ: ${source.dim} vs ${target.dim}`);
  const grid = gridPoints(source.width, Math.min(source.height, target.height), o.stride);
  const ys = [...new Set(grid.ys)];
  const xs = [...new Set(grid.xs)];
  const [ns, nt] = [await hostArray(source.sqNorms), await hostArray(target.sqNorms)];
  const [ws, wt] = [source.width, target.width];
  const out = { x0: [] as number[], y0: [] as number[], x1: [] as number[], y1: [] as number[], score: [] as number[], mutual: [] as number[] };
  for (let c = 0; c < ys.length; c += ROWS_PER_CHUNK) {
    throwIfAborted(run.signal);
    const rows = ys.slice(c, c + ROWS_PER_CHUNK);
    const prod = tf.tidy(() => {
      const [a, b] = [rowsOf(source, rows), rowsOf(target, rows)];
      return tf.matMul(a, b, false, true);
    });
    const dots = await hostArray(prod);
    prod.dispose();
    rows.forEach((y, r) => {
      // d² between source pixel xs_ and target pixel xt_ of this row, clamped at 0 as float error allows.
      const sq = (xs_: number, xt_: number) => Math.max(0, ns[y * ws + xs_] + nt[y * wt + xt_] - 2 * dots[(r * ws + xs_) * wt + xt_]);
      const bestTarget = (x: number) => {
        let best = -1, d1 = Infinity, d2 = Infinity;
        for (let d = o.dmin; d <= o.dmax; d++) {
          const xt = x - d;
          if (xt < 0 || xt >= wt) continue;
          const v = sq(x, xt);
          if (v < d1) [d2, d1, best] = [d1, v, xt];
          else if (v < d2) d2 = v;
        }
        return { best, d1, d2 };
      };
      const bestSource = (xt: number) => {
        let best = -1, d1 = Infinity;
        for (let d = o.dmin; d <= o.dmax; d++) {
          const x = xt + d;
          if (x < 0 || x >= ws) continue;
          const v = sq(x, xt);
          if (v < d1) [d1, best] = [v, x];
        }
        return best;
      };
      for (const x of xs) {
        const m = bestTarget(x);
        if (m.best < 0) continue;
        const isMutual = bestSource(m.best) === x;
        if (o.mutual && !isMutual) continue;
        if (o.ratio !== null && !passesRatio(m.d1, m.d2, o.ratio)) continue;
        out.x0.push(x);
        out.y0.push(y);
        out.x1.push(m.best);
        out.y1.push(y);
        out.score.push(scoreFromSqDist(metric, m.d1));
        out.mutual.push(isMutual ? 1 : 0);
      }
    });
    run.onProgress?.(Math.min(1, (c + ROWS_PER_CHUNK) / ys.length));
  }
  return {
    x0: Float32Array.from(out.x0), y0: Float32Array.from(out.y0), x1: Float32Array.from(out.x1), y1: Float32Array.from(out.y1),
    score: Float32Array.from(out.score), mutual: Uint8Array.from(out.mutual), candidates: xs.length * ys.length,
  };
}

/**
 * A click query's score map cut to the scanline: pixels other than row y and disparities in [dmin, dmax]
 * become NaN (not scored), and the best match, ties, min and max are taken again inside (ties to the lower
 * x). `fromSource`: the click was in the left image, so candidates are x − d; else x + d.
 */
export function restrictToScanline<R extends { x: number; y: number; scores: Float32Array; width: number; height: number; bestX: number; bestY: number; bestScore: number; ties: number; min: number; max: number }>(
  r: R, dmin: number, dmax: number, fromSource: boolean, higherIsBetter: boolean,
): R {
  validateScanline({ stride: 1, dmin, dmax, mutual: false, ratio: null });
  const scores = new Float32Array(r.scores.length).fill(NaN);
  let best = -1;
  let min = Infinity;
  let max = -Infinity;
  if (r.y < r.height) {
    for (let d = dmin; d <= dmax; d++) {
      const x = fromSource ? r.x - d : r.x + d;
      if (x < 0 || x >= r.width) continue;
      const i = r.y * r.width + x;
      const s = r.scores[i];
      scores[i] = s;
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    for (let x = 0; x < r.width; x++) {
      const s = scores[r.y * r.width + x];
      if (Number.isNaN(s)) continue;
      if (best < 0 || (higherIsBetter ? s > scores[best] : s < scores[best])) best = r.y * r.width + x;
    }
  }
  if (best < 0) throw new RangeError(`no pixel of row ${r.y} lies within disparities ${dmin}…${dmax} of x = ${r.x}`);
  let ties = 0;
  for (let x = 0; x < r.width; x++) if (scores[r.y * r.width + x] === scores[best]) ties++;
  return { ...r, scores, bestX: best % r.width, bestY: r.y, bestScore: scores[best], ties, min, max };
}
