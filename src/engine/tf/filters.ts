/**
 * Linear filters every hand-crafted descriptor builds on: Gaussian smoothing and image gradients, as
 * convolutions (the fast path on every backend; on wasm, elementwise passes and channel concats over big
 * maps cost far more than a conv). Borders repeat the edge pixel.
 */
import { tf, type Tensor3D, type Tensor4D } from './index';

/**
 * Sampled, normalised 1-D Gaussian g[i] ∝ exp(−i²/2σ²) for i = −r…r, r = ceil(truncate·σ) (at least 1).
 * truncate = 4 is what vlfeat and scikit-image use. σ = 0 gives the identity [1].
 */
export function gaussianKernel1d(sigma: number, truncate = 4): Float32Array {
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`sigma must be ≥ 0, got ${sigma}`);
  if (sigma === 0) return Float32Array.of(1);
  const r = Math.max(1, Math.ceil(truncate * sigma));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  return k.map((v) => v / sum);
}

/**
 * Repeats the first and last `r` rows (axis 0) or columns (axis 1) of an (H, W, C) map. The edge lines are
 * taken with gather and tiled: on wasm, Slice first copies its whole input out of the heap and a gather of
 * every padded row or column (the general replicate pad) costs a full extra pass.
 */
export function padEdge(x: Tensor3D, r: number, axis: 0 | 1): Tensor3D {
  if (r === 0) return x.clone();
  return tf.tidy(() => {
    const reps: [number, number, number] = [1, 1, 1];
    reps[axis] = r;
    const edge = (i: number) => tf.tile(tf.gather(x, tf.tensor1d([i], 'int32'), axis), reps);
    return tf.concat([edge(0), x, edge(x.shape[axis] - 1)], axis) as Tensor3D;
  });
}

/**
 * Up to this many channels a pass is one dense conv2d with a C×C block-diagonal kernel; beyond, a depthwise
 * conv (C× fewer multiplications). On wasm XNNPACK's dense conv is the fast path: measured on one machine,
 * a 1280×960×1 Gaussian of σ = 2.5 took 412 ms depthwise and 215 ms dense, a 741×500×8 one 622 and 177 ms,
 * with bit-identical results.
 */
const DENSE_MAX_CHANNELS = 8;

/** One 1-D pass along x (`vertical` false) or y of every channel: 'valid' on a map already padded by (k − 1)/2. */
function pass(padded: Tensor3D, k: Float32Array, vertical: boolean): Tensor3D {
  const c = padded.shape[2];
  // True convolution: the kernel is flipped (matters only for odd kernels such as derivatives).
  const flipped = Float32Array.from(k).reverse();
  const shape = (vertical ? [k.length, 1] : [1, k.length]) as [number, number];
  const x = tf.expandDims(padded, 0) as Tensor4D;
  if (c <= DENSE_MAX_CHANNELS) {
    const w = new Float32Array(k.length * c * c);
    for (let i = 0; i < k.length; i++) for (let ch = 0; ch < c; ch++) w[(i * c + ch) * c + ch] = flipped[i];
    return tf.squeeze(tf.conv2d(x, tf.tensor4d(w, [...shape, c, c]), 1, 'valid'), [0]) as Tensor3D;
  }
  const w = new Float32Array(k.length * c);
  for (let i = 0; i < k.length; i++) w.fill(flipped[i], i * c, i * c + c);
  return tf.squeeze(tf.depthwiseConv2d(x, tf.tensor4d(w, [...shape, c, 1]), 1, 'valid'), [0]) as Tensor3D;
}

/**
 * Separable convolution of every channel with the same 1-D kernels (odd lengths), borders replicated:
 * (H, W, C) → (H, W, C). `kx` runs along x, `ky` along y; a kernel of length 1 is taken as the identity.
 * True convolution (kernels are flipped), which only matters for odd kernels such as derivatives.
 */
export function separableConv(x: Tensor3D, kx: Float32Array, ky: Float32Array): Tensor3D {
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  if (!Number.isInteger(rx) || !Number.isInteger(ry)) throw new RangeError('separableConv needs odd kernel lengths');
  return tf.tidy(() => {
    let y = x;
    if (kx.length > 1) y = pass(padEdge(y, rx, 1), kx, false);
    if (ky.length > 1) y = pass(padEdge(y, ry, 0), ky, true);
    return y === x ? x.clone() : y;
  });
}

/** Gaussian smoothing with standard deviation σ (pixels), per channel. */
export function gaussianBlur(x: Tensor3D, sigma: number, truncate = 4): Tensor3D {
  const k = gaussianKernel1d(sigma, truncate);
  return separableConv(x, k, k);
}

/**
 * Image gradients by central differences, ∂I/∂x ≈ (I(x+1) − I(x−1))/2 (borders replicated, so the edge
 * derivative is one-sided/2), with y pointing down the rows. In (H, W, C) → two (H, W, C) maps.
 */
export function centralGradients(x: Tensor3D): { gx: Tensor3D; gy: Tensor3D } {
  const d = Float32Array.of(0.5, 0, -0.5); // convolution kernel: out(x) = ½·I(x+1) − ½·I(x−1)
  const id = Float32Array.of(1);
  return { gx: separableConv(x, d, id), gy: separableConv(x, id, d) };
}
