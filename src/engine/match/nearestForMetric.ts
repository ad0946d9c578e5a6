/**
 * Which exhaustive nearest-neighbour kernel a dense search runs. All give the same NearestResult, bit for
 * bit, on binary descriptors (hamming/nearestHamming.test.ts; e2e/popcount.spec.ts for webgpu); they differ
 * in speed, and the matMul on webgpu/webgl in ties:
 *  - 'matmul' (nearest.ts): d² from one matrix product per tile, on the tfjs backend;
 *  - 'popcount-wasm' / 'popcount-js' (hamming/): XOR + popcount of packed bits on the CPU, 64 bits per
 *    instruction instead of one multiply-add per bit, so on the wasm and cpu backends it is many times
 *    faster for 'hamming' descriptors (README, Benchmark);
 *  - 'popcount-webgpu' (hamming/nearestHammingWebgpu.ts): the same count in two WGSL kernels on the GPU,
 *    32 bits per operation and ties to the lower index (tfjs's topk/argMax on webgpu do not promise that).
 *    On webgl the matMul stays (no integer bit operations in tfjs's WebGL programs);
 *  - 'int16-wasm' / 'int16-js' (quantized/): opt-in reduced precision (`precision: 'int16'`) for float
 *    descriptors (l2, cosine) on wasm and cpu: both maps quantised to int16 with one shared scale, dot products
 *    by WebAssembly SIMD; not exact, so never the default (README, Benchmark, for its cost in matches and PCK).
 */
import type { Tensor2D } from '../tf';
import { tf } from '../tf';
import type { Metric } from './metric';
import { nearestNeighbours, type NearestOptions, type NearestResult } from './nearest';
import { nearestNeighboursHamming } from './hamming/nearestHamming';
import { nearestNeighboursHammingWebgpu } from './hamming/nearestHammingWebgpu';
import type { PopcountKernel } from './hamming/searchRows';
import { nearestNeighboursInt16 } from './quantized/nearestInt16';
import { int16SimdAvailable, type Int16Kernel } from './quantized/searchRows';

export type NnKernel = 'matmul' | PopcountKernel | 'popcount-webgpu' | Int16Kernel;

/** Storage and arithmetic of the dense search: float32 (exact; the default) or int16 (quantised, faster on the CPU). */
export type Precision = 'float32' | 'int16';
export const PRECISIONS: readonly Precision[] = ['float32', 'int16'];

/**
 * Why `precision: 'int16'` does not apply to a dense search with `metric` on `backend`, or null when it does.
 * Hamming descriptors count bits exactly (faster still); on webgpu/webgl the maps live on the GPU, where the
 * float32 matMul is fast and int16 would first download both maps; without WebAssembly SIMD the JS kernel is
 * slower than float32. `simd`: whether the SIMD kernel compiles (a parameter for tests).
 */
export function int16Unavailable(metric: Metric | undefined, backend: string, simd = int16SimdAvailable): string | null {
  if (metric === 'hamming') return 'binary descriptors are matched exactly by popcount';
  if (backend !== 'wasm' && backend !== 'cpu') return `int16 runs on the CPU backends (wasm, cpu); on ${backend} the float32 matMul runs on the GPU`;
  // Checked last and lazily: it compiles a small module once.
  if (!simd()) return 'this runtime has no WebAssembly SIMD, and int16 in plain JS would be slower than float32';
  return null;
}

/** Whether a dense search with `metric` on tfjs backend `backend` counts bits instead of multiplying. */
export function usesPopcount(metric: Metric | undefined, backend: string): boolean {
  return metric === 'hamming' && (backend === 'wasm' || backend === 'cpu' || backend === 'webgpu');
}

/**
 * nearestNeighbours(source, target, opts) with the kernel chosen for `metric` and the active backend.
 * In: `source` (N, D), `target` (M, D) float32; for 'hamming', entries 0 or 1. Out: the NearestResult and
 * which kernel ran. `maxTileElements` concerns the matMul only (popcount allocates no distance tile);
 * `kernel: 'matmul'` forces it; `precision: 'int16'` asks for the int16 search where int16Unavailable allows.
 */
export async function nearestForMetric(source: Tensor2D, target: Tensor2D, metric: Metric | undefined, opts: NearestOptions = {}): Promise<NearestResult & { kernel: NnKernel }> {
  const backend = tf.getBackend();
  const o = { signal: opts.signal, onProgress: opts.onProgress };
  if (opts.kernel !== 'matmul' && usesPopcount(metric, backend)) {
    return backend === 'webgpu' ? nearestNeighboursHammingWebgpu(source, target, o) : nearestNeighboursHamming(source, target, o);
  }
  if (opts.kernel !== 'matmul' && opts.precision === 'int16' && int16Unavailable(metric, backend) === null) {
    return nearestNeighboursInt16(source, target, o);
  }
  return { ...(await nearestNeighbours(source, target, opts)), kernel: 'matmul' };
}
