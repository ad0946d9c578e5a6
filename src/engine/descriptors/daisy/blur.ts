/**
 * Gaussian smoothing of DAISY's stack of orientation maps: the shared kernel (filters.ts gaussianKernel1d)
 * and border rule (the edge pixel repeats), run as two dense convolutions with block-diagonal kernels.
 *
 * Why not filters.ts gaussianBlur: on the wasm backend its depthwise convolutions and gather-based padding
 * (padReplicate) are the slow paths. Measured on a 741×500×8 stack (wasm, one core, same machine): σ = 1.52,
 * 2.5, 4.33, 5.59 take 321, 387, 469, 546 ms with gaussianBlur and 58, 98, 152, 193 ms here, where XNNPACK's
 * dense convolution runs a C×C block-diagonal kernel and the padding tiles the edge row or column.
 */
import { tf, type Tensor3D, type Tensor4D } from '../../tf';
import { gaussianKernel1d } from '../../tf/filters';

/**
 * Repeats the first and last `r` rows (axis 0) or columns (axis 1) of an (H, W, C) map. The edge lines are
 * taken with gather, not slice: wasm's Slice first copies its whole input out of the heap, Gather touches only
 * what it returns.
 */
function padEdge(x: Tensor3D, r: number, axis: 0 | 1): Tensor3D {
  return tf.tidy(() => {
    const reps: [number, number, number] = [1, 1, 1];
    reps[axis] = r;
    const edge = (i: number) => tf.tile(tf.gather(x, tf.tensor1d([i], 'int32'), axis), reps);
    return tf.concat([edge(0), x, edge(x.shape[axis] - 1)], axis) as Tensor3D;
  });
}

/** Kernel (kh, kw, C, C): every channel convolved with the same 1-D taps, no mixing between channels. */
function blockDiagonal(taps: Float32Array, c: number, vertical: boolean): Tensor4D {
  const k = taps.length;
  const w = new Float32Array(k * c * c);
  // Symmetric taps, so correlation (what conv2d computes) equals convolution.
  for (let i = 0; i < k; i++) for (let ch = 0; ch < c; ch++) w[(i * c + ch) * c + ch] = taps[i];
  return tf.tensor4d(w, vertical ? [k, 1, c, c] : [1, k, c, c]);
}

/**
 * Separable Gaussian of σ (pixels) with taps −radius…radius, per channel, edge pixel repeated.
 * (H, W, C) float32 → (H, W, C) float32. Matches gaussianBlur(x, σ, truncate) with ceil(truncate·σ) = radius.
 */
export function blurChannels(x: Tensor3D, sigma: number, radius: number): Tensor3D {
  if (x.rank !== 3) throw new RangeError(`blurChannels expects (H, W, C), got (${x.shape})`);
  const taps = gaussianKernel1d(sigma, (radius - 0.5) / sigma);
  if (taps.length !== 2 * radius + 1) throw new RangeError(`blurChannels: radius ${radius} does not fit σ = ${sigma}`);
  const c = x.shape[2];
  return tf.tidy(() => {
    const wide = tf.expandDims(padEdge(x, radius, 1), 0) as Tensor4D;
    const rows = tf.squeeze(tf.conv2d(wide, blockDiagonal(taps, c, false), 1, 'valid'), [0]) as Tensor3D;
    const tall = tf.expandDims(padEdge(rows, radius, 0), 0) as Tensor4D;
    return tf.squeeze(tf.conv2d(tall, blockDiagonal(taps, c, true), 1, 'valid'), [0]) as Tensor3D;
  });
}
