/**
 * Coarse-to-fine refinement of grid matches: each source point's grid match in the target is moved to
 * the best target pixel within ±radius of it (radius = ⌊stride/2⌋ covers the grid cell), so a stride-8
 * search still lands on the exact pixel. Cost N·(2r+1)²·D, tiny next to the grid search.
 */
import { tf, type Tensor1D, type Tensor2D, type Tensor3D } from '../tf';
import type { DescriptorMap } from './descriptorMap';

export interface RefineResult {
  x1: Int32Array;
  y1: Int32Array;
  sqDist: Float32Array;
}

/**
 * In: source pixels (xs0, ys0) of `source` and their coarse matches (xs1, ys1) in `target`, all int pixels.
 * Out: refined target pixels and their squared distances. Window pixels outside the image are clamped
 * (so they repeat an edge pixel and cannot win over it).
 */
export async function refineMatches(
  source: DescriptorMap,
  target: DescriptorMap,
  pts: { xs0: ArrayLike<number>; ys0: ArrayLike<number>; xs1: ArrayLike<number>; ys1: ArrayLike<number> },
  radius: number,
  maxTileElements = 8_388_608,
): Promise<RefineResult> {
  const n = pts.xs0.length;
  const side = 2 * radius + 1;
  const k = side * side;
  const out: RefineResult = { x1: new Int32Array(n), y1: new Int32Array(n), sqDist: new Float32Array(n) };
  const tile = Math.max(1, Math.floor(maxTileElements / (k * target.dim)));
  for (let i0 = 0; i0 < n; i0 += tile) {
    const m = Math.min(tile, n - i0);
    const srcIdx = new Int32Array(m);
    const win = new Int32Array(m * k);
    for (let i = 0; i < m; i++) {
      srcIdx[i] = pts.ys0[i0 + i] * source.width + pts.xs0[i0 + i];
      for (let j = 0; j < k; j++) {
        const x = Math.min(target.width - 1, Math.max(0, pts.xs1[i0 + i] + (j % side) - radius));
        const y = Math.min(target.height - 1, Math.max(0, pts.ys1[i0 + i] + Math.floor(j / side) - radius));
        win[i * k + j] = y * target.width + x;
      }
    }
    const [best, dist] = tf.tidy(() => {
      const winT = tf.tensor1d(win, 'int32');
      const a = tf.reshape(tf.gather(source.rows, tf.tensor1d(srcIdx, 'int32')), [m, target.dim, 1]) as Tensor3D;
      const b = tf.reshape(tf.gather(target.rows, winT), [m, k, target.dim]) as Tensor3D;
      const dot = tf.reshape(tf.matMul(b, a), [m, k]);
      const bb = tf.reshape(tf.gather(target.sqNorms, winT), [m, k]);
      const aa = tf.reshape(tf.gather(source.sqNorms, tf.tensor1d(srcIdx, 'int32')), [m, 1]);
      const d2 = tf.relu(tf.sub(tf.add(bb, aa), tf.mul(dot, 2))) as Tensor2D;
      return [tf.argMin(d2, 1) as Tensor1D, tf.min(d2, 1) as Tensor1D];
    });
    const [bi, bd] = await Promise.all([best.data(), dist.data()]);
    tf.dispose([best, dist]);
    for (let i = 0; i < m; i++) {
      const w = win[i * k + bi[i]];
      out.x1[i0 + i] = w % target.width;
      out.y1[i0 + i] = Math.floor(w / target.width);
      out.sqDist[i0 + i] = bd[i];
    }
  }
  return out;
}
