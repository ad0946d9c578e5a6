/**
 * Gaussian smoothing of DAISY's stack of orientation maps with libdaisy's kernel size: the shared kernel
 * (filters.ts gaussianKernel1d) truncated at a given radius, run by the shared separable convolution (dense
 * block-diagonal convs and tiled edges, the wasm fast path; see filters.ts).
 */
import type { Tensor3D } from '../../tf';
import { gaussianKernel1d, separableConv } from '../../tf/filters';

/**
 * Separable Gaussian of σ (pixels) with taps −radius…radius, per channel, edge pixel repeated.
 * (H, W, C) float32 → (H, W, C) float32. Matches gaussianBlur(x, σ, truncate) with ceil(truncate·σ) = radius.
 */
export function blurChannels(x: Tensor3D, sigma: number, radius: number): Tensor3D {
  if (x.rank !== 3) throw new RangeError(`blurChannels expects (H, W, C), got (${x.shape})`);
  const taps = gaussianKernel1d(sigma, (radius - 0.5) / sigma);
  if (taps.length !== 2 * radius + 1) throw new RangeError(`blurChannels: radius ${radius} does not fit σ = ${sigma}`);
  return separableConv(x, taps, taps);
}
