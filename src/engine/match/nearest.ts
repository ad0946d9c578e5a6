/**
 * Exhaustive nearest-neighbour search between two descriptor sets, tiled so that the distance matrix never
 * exists whole: each tile of source rows is one matMul against all targets, reduced on the backend to the two
 * best targets per row (for the ratio test) and the best row per target (for the mutual check, so no second
 * pass over the data is needed).
 */
import { tf, type Tensor2D } from '../tf';
import { throwIfAborted, yieldToEvents, type AbortSignalLike } from '../core/abort';
import { guardTile } from '../tf/outOfMemory';

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
  /** Largest tile of the distance matrix, in float32 elements. Default 8 M (32 MB); see tileBudget.ts to retry smaller. */
  maxTileElements?: number;
  signal?: AbortSignalLike;
  /** Called after each tile with the fraction of source rows done. */
  onProgress?: (fraction: number) => void;
  /** 'matmul' keeps this search where nearestForMetric.ts would count bits instead (the benchmark compares them). */
  kernel?: 'auto' | 'matmul';
  /** 'int16': the quantised search where it applies (nearestForMetric.ts); this function itself is float32 only. */
  precision?: 'float32' | 'int16';
}

/**
 * In: `source` (N, D) and `target` (M, D) float32. Distances are squared Euclidean, clamped at 0.
 * Ties go to the lower index.
 */
export async function nearestNeighbours(source: Tensor2D, target: Tensor2D, opts: NearestOptions = {}): Promise<NearestResult> {
  const [n, d, m] = nearestShapes(source, target);
  const tile = Math.max(1, Math.min(n, Math.floor((opts.maxTileElements ?? 8_388_608) / m)));
  const index = new Int32Array(n);
  const sqDist1 = new Float32Array(n);
  const sqDist2 = new Float32Array(n).fill(Infinity);
  const colBest = new Float32Array(m).fill(Infinity);
  const reverseIndex = new Int32Array(m);
  // The norms ride inside the product: [a, ‖a‖², 1] · [2b, −1, −‖b‖²] = 2a·b − ‖a‖² − ‖b‖² = −d².
  // So each tile is one matMul, with no broadcast arithmetic over the (rows × M) block (on wasm each such
  // elementwise pass costs as much as the product), and the target is pre-transposed because wasm's
  // matMul with transposeB is ~3× slower (measured).
  const [srcAug, tgtAugT] = tf.tidy(() => {
    const a = tf.concat([source, tf.sum(tf.square(source), 1, true), tf.ones([n, 1])], 1);
    const b = tf.concat([tf.mul(target, 2), tf.fill([m, 1], -1), tf.neg(tf.sum(tf.square(target), 1, true))], 1);
    return [a as Tensor2D, tf.transpose(b) as Tensor2D];
  });
  try {
    await forRowChunks(n, tile, opts, async (r0, r1) => {
      const rows = r1 - r0;
      // The tile (rows × M float32) is what may not fit: guardTile turns the backend's out-of-memory signal,
      // thrown or (on webgpu) only reported to an error scope, into an OutOfMemoryError for the caller.
      const [vals, idx, cmax, carg] = await guardTile(rows * m * 4, async () => {
        const out = tf.tidy(() => {
          const negD2 = tf.matMul(tf.slice(srcAug, [r0, 0], [rows, d + 2]), tgtAugT);
          const top = tf.topk(negD2, Math.min(2, m));
          return [top.values, top.indices, tf.max(negD2, 0), tf.argMax(negD2, 0)];
        });
        try {
          return await Promise.all(out.map((t) => t.data()));
        } finally {
          tf.dispose(out);
        }
      });
      const k = Math.min(2, m);
      for (let i = 0; i < rows; i++) {
        index[r0 + i] = idx[i * k];
        sqDist1[r0 + i] = Math.max(0, -vals[i * k]);
        if (k === 2) sqDist2[r0 + i] = Math.max(0, -vals[i * k + 1]);
      }
      for (let j = 0; j < m; j++) {
        if (-cmax[j] < colBest[j]) {
          colBest[j] = -cmax[j];
          reverseIndex[j] = carg[j] + r0;
        }
      }
    });
  } finally {
    tf.dispose([srcAug, tgtAugT]);
  }
  return { index, sqDist1, sqDist2, reverseIndex };
}

/**
 * The shapes every exhaustive search (this file, hamming/, quantized/) accepts: (N, D) against (M, D) with
 * N, M ≥ 1. Returns [N, D, M]; throws a RangeError otherwise.
 */
export function nearestShapes(source: Tensor2D, target: Tensor2D): [number, number, number] {
  const [n, d] = source.shape;
  const [m, d2] = target.shape;
  if (d !== d2) throw new RangeError(`descriptor dims differ: source ${d}, target ${d2}`);
  if (n === 0 || m === 0) throw new RangeError('nearest neighbour needs at least one source and one target');
  return [n, d, m];
}

/**
 * Runs `run(r0, r1)` over source rows 0…n in chunks of `chunk`, serving the caller between chunks as
 * nearestNeighbours does between tiles: the signal is checked before each chunk, progress (the fraction of rows
 * done) reported and queued events let through after it.
 */
export async function forRowChunks(n: number, chunk: number, opts: Pick<NearestOptions, 'signal' | 'onProgress'>, run: (r0: number, r1: number) => void | Promise<void>): Promise<void> {
  for (let r0 = 0; r0 < n; r0 += chunk) {
    throwIfAborted(opts.signal);
    const r1 = Math.min(n, r0 + chunk);
    await run(r0, r1);
    opts.onProgress?.(r1 / n);
    await yieldToEvents();
  }
}

/** Lowe's ratio test on distances (not squared): keep when ‖a−b₁‖ < r·‖a−b₂‖. A 0/0 tie fails. */
export function passesRatio(sqDist1: number, sqDist2: number, ratio: number): boolean {
  return Math.sqrt(sqDist1) < ratio * Math.sqrt(sqDist2);
}
