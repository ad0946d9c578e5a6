/**
 * Exhaustive nearest-neighbour search between two descriptor sets, tiled so that the distance matrix never
 * exists whole: each tile of source rows is one matMul against all targets, reduced on the backend to the two
 * best targets per row (for the ratio test) and the best row per target (for the mutual check, so no second
 * pass over the data is needed).
 */
import { tf, type Tensor2D } from '../tf';
import { throwIfAborted, yieldToEvents, type AbortSignalLike } from '../core/abort';

export interface NearestResult {
  /** Best target row for each source row, (N) int32. */
  readonly index: Int32Array;
  /** Squared distance to the best and second-best target, (N) float32; second is Infinity when M = 1. */
  readonly sqDist1: Float32Array;
  readonly sqDist2: Float32Array;
  /** Best source row for each target row, (M) int32, from the same distance tiles. */
  readonly reverseIndex: Int32Array;
}

export interface NearestOptions {
  /** Largest tile of the distance matrix, in float32 elements. Default 8 M (32 MB). */
  maxTileElements?: number;
  signal?: AbortSignalLike;
  /** Called after each tile with the fraction of source rows done. */
  onProgress?: (fraction: number) => void;
}

/**
 * In: `source` (N, D) and `target` (M, D) float32. Distances are squared Euclidean, clamped at 0.
 * Ties go to the lower index.
 */
export async function nearestNeighbours(source: Tensor2D, target: Tensor2D, opts: NearestOptions = {}): Promise<NearestResult> {
  const [n, d] = source.shape;
  const [m, d2] = target.shape;
  if (d !== d2) throw new RangeError(`descriptor dims differ: source ${d}, target ${d2}`);
  if (n === 0 || m === 0) throw new RangeError('nearest neighbour needs at least one source and one target');
  const tile = Math.max(1, Math.min(n, Math.floor((opts.maxTileElements ?? 8_388_608) / m)));
  const index = new Int32Array(n);
  const sqDist1 = new Float32Array(n);
  const sqDist2 = new Float32Array(n).fill(Infinity);
  const colBest = new Float32Array(m).fill(Infinity);
  const reverseIndex = new Int32Array(m);
  const targetSq = tf.tidy(() => tf.reshape(tf.sum(tf.square(target), 1), [1, m]));
  try {
    for (let r0 = 0; r0 < n; r0 += tile) {
      throwIfAborted(opts.signal);
      const rows = Math.min(tile, n - r0);
      const out = tf.tidy(() => {
        const a = tf.slice(source, [r0, 0], [rows, d]);
        const aSq = tf.sum(tf.square(a), 1, true);
        const dist = tf.relu(tf.sub(tf.add(aSq, targetSq), tf.mul(tf.matMul(a, target, false, true), 2)));
        const top = tf.topk(tf.neg(dist), Math.min(2, m));
        return [tf.neg(top.values), top.indices, tf.min(dist, 0), tf.argMin(dist, 0)];
      });
      const [vals, idx, cmin, carg] = await Promise.all(out.map((t) => t.data()));
      tf.dispose(out);
      const k = Math.min(2, m);
      for (let i = 0; i < rows; i++) {
        index[r0 + i] = idx[i * k];
        sqDist1[r0 + i] = vals[i * k];
        if (k === 2) sqDist2[r0 + i] = vals[i * k + 1];
      }
      for (let j = 0; j < m; j++) {
        if (cmin[j] < colBest[j]) {
          colBest[j] = cmin[j];
          reverseIndex[j] = carg[j] + r0;
        }
      }
      opts.onProgress?.((r0 + rows) / n);
      await yieldToEvents();
    }
  } finally {
    targetSq.dispose();
  }
  return { index, sqDist1, sqDist2, reverseIndex };
}

/** Lowe's ratio test on distances (not squared): keep when ‖a−b₁‖ < r·‖a−b₂‖. A 0/0 tie fails. */
export function passesRatio(sqDist1: number, sqDist2: number, ratio: number): boolean {
  return Math.sqrt(sqDist1) < ratio * Math.sqrt(sqDist2);
}
