/**
 * The click query: one descriptor against every pixel of the other image, at full working resolution.
 * One matrix-vector product on the backend; only the (H·W) score buffer comes back.
 */
import { tf, type Tensor1D } from '../tf';
import type { DescriptorMap } from './descriptorMap';
import { scoreFromSqDist, type Metric } from './metric';

export interface QueryResult {
  /** The queried pixel in the `from` map (working pixels). */
  readonly x: number;
  readonly y: number;
  /** Best-matching pixel in the `to` map. Ties go to the lower row-major index. */
  readonly bestX: number;
  readonly bestY: number;
  readonly bestScore: number;
  /** (H·W) float32 scores over the `to` map, in the metric's units. */
  readonly scores: Float32Array;
  readonly width: number;
  readonly height: number;
  /** How many pixels share the best score exactly (> 1 means the best match is ambiguous). */
  readonly ties: number;
  /** Smallest and largest score in the map (for the legend). */
  readonly min: number;
  readonly max: number;
}

export async function queryPoint(from: DescriptorMap, x: number, y: number, to: DescriptorMap, metric: Metric): Promise<QueryResult> {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= from.width || y >= from.height) {
    throw new RangeError(`query (${x}, ${y}) is outside the ${from.width}×${from.height} image`);
  }
  if (from.dim !== to.dim) throw new RangeError(`descriptor dims differ: ${from.dim} vs ${to.dim}`);
  const sq = tf.tidy(() => {
    // gather, not slice: wasm's slice of one row from a (H·W, D) map takes ~0.3 s (measured), gather ~0.
    const q = tf.reshape(tf.gather(from.rows, tf.tensor1d([y * from.width + x], 'int32')), [from.dim, 1]);
    // (H·W, D) · (D, 1): a column, not transposeB, which is ~3× slower on wasm.
    const dot = tf.reshape(tf.matMul(to.rows, q), [-1]);
    const qq = tf.sum(tf.square(q));
    return tf.relu(tf.sub(tf.add(to.sqNorms, qq), tf.mul(dot, 2))) as Tensor1D;
  });
  const scores = new Float32Array((await sq.data()) as Float32Array);
  sq.dispose();
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] < scores[best]) best = i;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scoreFromSqDist(metric, scores[i]);
    scores[i] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const bestScore = scores[best];
  let ties = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] === bestScore) ties++;
  return { x, y, bestX: best % to.width, bestY: Math.floor(best / to.width), bestScore, ties, scores, width: to.width, height: to.height, min, max };
}
