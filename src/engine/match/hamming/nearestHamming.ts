/**
 * Dense nearest neighbour for binary descriptors by popcount: the same result as nearest.ts's matMul search
 * (index, best and second-best squared distance = differing bits, best source row per target, ties to the
 * lower index), computed on packed bits, a chunk of source rows at a time so that cancellation, progress and
 * queued events are served between chunks as nearest.ts serves them between tiles.
 */
import type { Tensor2D } from '../../tf';
import { forRowChunks, nearestShapes, type NearestOptions, type NearestResult } from '../nearest';
import { packBits } from './pack';
import { jsRowSearch, wasmRowSearch, type PopcountKernel } from './searchRows';

/** Word comparisons per chunk: ~2^24 keeps a chunk near 20–60 ms on wasm here (README, Benchmark). */
export const CHUNK_WORD_PAIRS = 1 << 24;

export interface PopcountOptions extends Pick<NearestOptions, 'signal' | 'onProgress'> {
  /** 'js' forces the plain-JS kernel (for tests and the benchmark); default: WebAssembly where available. */
  kernel?: 'auto' | 'js';
  /** Word comparisons per chunk; default CHUNK_WORD_PAIRS. */
  chunkWordPairs?: number;
}

/**
 * In: `source` (N, D) and `target` (M, D) float32 whose entries are all 0 or 1 (throws otherwise); N, M ≥ 1.
 * Out: nearest.ts's NearestResult (squared distances = Hamming distances, second = Infinity when M = 1) and
 * which kernel ran.
 */
export async function nearestNeighboursHamming(source: Tensor2D, target: Tensor2D, opts: PopcountOptions = {}): Promise<NearestResult & { kernel: PopcountKernel }> {
  const [n, d, m] = nearestShapes(source, target);
  const [a, b] = await Promise.all([source.data(), target.data()]);
  const src = packBits(a, n, d);
  const tgt = packBits(b, m, d);
  const search = (opts.kernel !== 'js' && wasmRowSearch(src, tgt)) || jsRowSearch(src, tgt);
  const chunk = Math.max(1, Math.floor((opts.chunkWordPairs ?? CHUNK_WORD_PAIRS) / (m * src.words)));
  await forRowChunks(n, chunk, opts, (r0, r1) => search.run(r0, r1));
  return { ...search.result(), kernel: search.kernel };
}
