/**
 * The popcount search on the webgpu backend: the same NearestResult as nearestHamming.ts (and so as the
 * matMul search, bit for bit, ties to the lower index), from two WGSL kernels (tf/webgpu/hammingKernels.ts):
 * one invocation per source row for the best and second-best target, one per target for its best source.
 * Rows go in chunks so that cancellation and progress are served between dispatches.
 */
import type { Tensor2D } from '../../tf';
import { hammingColumnsWebgpu, hammingRowsWebgpu, uploadBits } from '../../tf/webgpu/hammingKernels';
import { throwIfAborted } from '../../core/abort';
import { forRowChunks, nearestShapes, type NearestResult } from '../nearest';
import { packBits } from './pack';
import type { PopcountOptions } from './nearestHamming';

/** Word comparisons per dispatch: a real GPU does 2^28 in milliseconds; SwiftShader takes seconds. */
const DISPATCH_WORD_PAIRS = 1 << 28;

/** In/out as nearestNeighboursHamming; needs the webgpu backend. */
export async function nearestNeighboursHammingWebgpu(source: Tensor2D, target: Tensor2D, opts: Pick<PopcountOptions, 'signal' | 'onProgress'> = {}): Promise<NearestResult & { kernel: 'popcount-webgpu' }> {
  const [n, d, m] = nearestShapes(source, target);
  const [a, b] = await Promise.all([source.data(), target.data()]);
  const src = packBits(a, n, d);
  const tgt = packBits(b, m, d);
  const gpu = uploadBits({ rows: n, halves: 2 * src.words, data: src.data }, { rows: m, halves: 2 * tgt.words, data: tgt.data });
  const index = new Int32Array(n);
  const sqDist1 = new Float32Array(n);
  const sqDist2 = new Float32Array(n);
  try {
    const chunk = Math.max(1, Math.floor(DISPATCH_WORD_PAIRS / (m * 2 * src.words)));
    await forRowChunks(n, chunk, opts, async (r0, r1) => {
      const out = await hammingRowsWebgpu(gpu, r0, r1);
      for (let k = 0; k < r1 - r0; k++) {
        index[r0 + k] = out[3 * k];
        sqDist1[r0 + k] = out[3 * k + 1];
        sqDist2[r0 + k] = out[3 * k + 2] < 0 ? Infinity : out[3 * k + 2];
      }
    });
    throwIfAborted(opts.signal);
    const reverseIndex = await hammingColumnsWebgpu(gpu);
    return { index, sqDist1, sqDist2, reverseIndex, kernel: 'popcount-webgpu' };
  } finally {
    gpu.a.dispose();
    gpu.b.dispose();
  }
}
