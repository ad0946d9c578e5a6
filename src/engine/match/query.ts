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

/**
 * Host copies of each map's squared norms, read back once per map (H·W floats, ~1 ms) so that a query
 * leaves the backend after the matrix-vector product: the elementwise d² = ‖b‖² + ‖a‖² − 2a·b and the
 * score, min/max and argmin are one JS pass instead of four backend ops and a second buffer.
 */
const hostNorms = new WeakMap<DescriptorMap, Float32Array>();

async function sqNormsOnHost(map: DescriptorMap): Promise<Float32Array> {
  let n = hostNorms.get(map);
  if (!n) {
    n = (await map.sqNorms.data()) as Float32Array;
    hostNorms.set(map, n);
  }
  return n;
}

export async function queryPoint(from: DescriptorMap, x: number, y: number, to: DescriptorMap, metric: Metric): Promise<QueryResult> {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= from.width || y >= from.height) {
    throw new RangeError(`query (${x}, ${y}) is outside the ${from.width}×${from.height} image`);
  }
  if (from.dim !== to.dim) throw new RangeError(`descriptor dims differ: ${from.dim} vs ${to.dim}`);
  const i0 = y * from.width + x;
  const dotT = tf.tidy(() => {
    // gather, not slice: wasm's slice of one row from a (H·W, D) map takes ~0.3 s (measured), gather ~0.
    const q = tf.reshape(tf.gather(from.rows, tf.tensor1d([i0], 'int32')), [from.dim, 1]);
    // (H·W, D) · (D, 1): a column, not transposeB, which is ~3× slower on wasm.
    return tf.reshape(tf.matMul(to.rows, q), [-1]) as Tensor1D;
  });
  const [toNorms, fromNorms] = await Promise.all([sqNormsOnHost(to), sqNormsOnHost(from)]);
  const raw = (await dotT.data()) as Float32Array;
  dotT.dispose();
  // The readback's own buffer becomes the scores (the worker transfers it), unless it is a view into a
  // larger buffer, which a transfer would take whole.
  const own = raw.byteOffset === 0 && raw.buffer.byteLength === raw.byteLength && raw.buffer instanceof ArrayBuffer;
  return scoreQuery(own ? raw : new Float32Array(raw), toNorms, fromNorms[i0], metric, x, y, to.width, to.height);
}

/**
 * Turns the dot products a·b (overwritten in place) into scores, in one pass: d² = relu(‖b‖² + ‖a‖² − 2a·b)
 * rounded to float32 at each step as the backend would, then the metric's score; argmin of d² (ties to the
 * lower index), min and max; then a count of exact ties with the best score.
 */
export function scoreQuery(dot: Float32Array, toNorms: Float32Array, qq: number, metric: Metric, x: number, y: number, width: number, height: number): QueryResult {
  const f = Math.fround;
  const n = dot.length;
  const scores = dot;
  let best = 0;
  let bestSq = Infinity;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = f(f(toNorms[i] + qq) - f(2 * dot[i]));
    const sq = d > 0 ? d : 0;
    if (sq < bestSq) {
      bestSq = sq;
      best = i;
    }
    const s = scoreFromSqDist(metric, sq);
    scores[i] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const bestScore = scores[best];
  let ties = 0;
  for (let i = 0; i < n; i++) if (scores[i] === bestScore) ties++;
  return { x, y, bestX: best % width, bestY: Math.floor(best / width), bestScore, ties, scores, width, height, min, max };
}
