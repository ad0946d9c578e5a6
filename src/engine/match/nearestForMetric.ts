/**
 * Which exhaustive nearest-neighbour kernel a dense search runs. Both give the same NearestResult, bit for
 * bit, on binary descriptors (hamming/nearestHamming.test.ts); they differ only in speed:
 *  - 'matmul' (nearest.ts): d² from one matrix product per tile, on the tfjs backend;
 *  - 'popcount-wasm' / 'popcount-js' (hamming/): XOR + popcount of packed bits on the CPU, 64 bits per
 *    instruction instead of one multiply-add per bit, so on the wasm and cpu backends it is many times
 *    faster for 'hamming' descriptors (README, Benchmark).
 * On webgpu and webgl the matMul stays: the maps already live on the GPU, where a real GPU does the
 * product far faster than one CPU core counts bits, and popcount would first download both maps.
 */
import type { Tensor2D } from '../tf';
import { tf } from '../tf';
import type { Metric } from './metric';
import { nearestNeighbours, type NearestOptions, type NearestResult } from './nearest';
import { nearestNeighboursHamming } from './hamming/nearestHamming';
import type { PopcountKernel } from './hamming/searchRows';

export type NnKernel = 'matmul' | PopcountKernel;

/** Whether a dense search with `metric` on tfjs backend `backend` counts bits instead of multiplying. */
export function usesPopcount(metric: Metric | undefined, backend: string): boolean {
  return metric === 'hamming' && (backend === 'wasm' || backend === 'cpu');
}

/**
 * nearestNeighbours(source, target, opts) with the kernel chosen for `metric` and the active backend.
 * In: `source` (N, D), `target` (M, D) float32; for 'hamming', entries 0 or 1. Out: the NearestResult and
 * which kernel ran. `maxTileElements` concerns the matMul only (popcount allocates no distance tile);
 * `kernel: 'matmul'` forces it.
 */
export async function nearestForMetric(source: Tensor2D, target: Tensor2D, metric: Metric | undefined, opts: NearestOptions = {}): Promise<NearestResult & { kernel: NnKernel }> {
  if (opts.kernel !== 'matmul' && usesPopcount(metric, tf.getBackend())) return nearestNeighboursHamming(source, target, { signal: opts.signal, onProgress: opts.onProgress });
  return { ...(await nearestNeighbours(source, target, opts)), kernel: 'matmul' };
}
