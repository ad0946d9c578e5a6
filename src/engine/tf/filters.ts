/**
 * Linear filters every hand-crafted descriptor builds on: Gaussian smoothing and image gradients, as
 * convolutions (the fast path on every backend; on wasm, elementwise passes and channel concats over big
 * maps cost far more than a conv). Borders repeat the edge pixel.
 */
import { tf, type Tensor3D, type Tensor4D } from './index';
import { padReplicate } from './padding';

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
 * Separable convolution of every channel with the same 1-D kernels (odd lengths), borders replicated:
 * (H, W, C) → (H, W, C). `kx` runs along x, `ky` along y. True convolution (kernels are flipped), which only
 * matters for odd kernels such as derivatives.
 */
export function separableConv(x: Tensor3D, kx: Float32Array, ky: Float32Array): Tensor3D {
  const c = x.shape[2];
  const rx = (kx.length - 1) / 2;
  const ry = (ky.length - 1) / 2;
  if (!Number.isInteger(rx) || !Number.isInteger(ry)) throw new RangeError('separableConv needs odd kernel lengths');
  return tf.tidy(() => {
    let y = tf.expandDims(padReplicate(x, Math.max(rx, ry)), 0) as Tensor4D;
    // Crop the unused margin of the smaller radius so each pass is 'valid' on exactly its own margin.
    const m = Math.max(rx, ry);
    if (rx !== m) y = tf.slice(y, [0, 0, m - rx, 0], [1, -1, x.shape[1] + 2 * rx, c]);
    if (ry !== m) y = tf.slice(y, [0, m - ry, 0, 0], [1, x.shape[0] + 2 * ry, -1, c]);
    const depthwise = (k: Float32Array, h: number, w: number) => {
      const flipped = Float32Array.from(k).reverse();
      const data = new Float32Array(k.length * c);
      for (let i = 0; i < k.length; i++) data.fill(flipped[i], i * c, i * c + c);
      return tf.tensor4d(data, [h, w, c, 1]);
    };
    if (kx.length > 1) y = tf.depthwiseConv2d(y, depthwise(kx, 1, kx.length), 1, 'valid');
    if (ky.length > 1) y = tf.depthwiseConv2d(y, depthwise(ky, ky.length, 1), 1, 'valid');
    return tf.squeeze(y, [0]) as Tensor3D;
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
