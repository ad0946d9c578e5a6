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
 * On webgl the matMul stays (no integer bit operations in tfjs's WebGL programs).
 */
import type { Tensor2D } from '../tf';
import { tf } from '../tf';
import type { Metric } from './metric';
import { nearestNeighbours, type NearestOptions, type NearestResult } from './nearest';
import { nearestNeighboursHamming } from './hamming/nearestHamming';
import { nearestNeighboursHammingWebgpu } from './hamming/nearestHammingWebgpu';
import type { PopcountKernel } from './hamming/searchRows';

export type NnKernel = 'matmul' | PopcountKernel | 'popcount-webgpu';

/** Whether a dense search with `metric` on tfjs backend `backend` counts bits instead of multiplying. */
export function usesPopcount(metric: Metric | undefined, backend: string): boolean {
  return metric === 'hamming' && (backend === 'wasm' || backend === 'cpu' || backend === 'webgpu');
}

/**
 * nearestNeighbours(source, target, opts) with the kernel chosen for `metric` and the active backend.
 * In: `source` (N, D), `target` (M, D) float32; for 'hamming', entries 0 or 1. Out: the NearestResult and
 * which kernel ran. `maxTileElements` concerns the matMul only (popcount allocates no distance tile);
 * `kernel: 'matmul'` forces it.
 */
export async function nearestForMetric(source: Tensor2D, target: Tensor2D, metric: Metric | undefined, opts: NearestOptions = {}): Promise<NearestResult & { kernel: NnKernel }> {
  const backend = tf.getBackend();
  if (opts.kernel !== 'matmul' && usesPopcount(metric, backend)) {
    const o = { signal: opts.signal, onProgress: opts.onProgress };
    return backend === 'webgpu' ? nearestNeighboursHammingWebgpu(source, target, o) : nearestNeighboursHamming(source, target, o);
  }
  return { ...(await nearestNeighbours(source, target, opts)), kernel: 'matmul' };
}
