/**
 * Dense nearest neighbour in reduced precision: both descriptor sets quantised to int16 with one shared scale
 * (quantize.ts), dot products in int32 by WebAssembly SIMD (int16Module.ts). The outputs are nearest.ts's
 * (best index, best and second squared distance in float units, best source row per target, ties to the
 * lower index); on integer-valued descriptors that quantise losslessly they are identical to float32's, on
 * real descriptors a few best indices change (quantized/nearestInt16.test.ts, README).
 * A chunk of source rows at a time, so that cancellation, progress and queued events are served between chunks.
 */
import type { Tensor2D } from '../../tf';
import { forRowChunks, nearestShapes, type NearestOptions, type NearestResult } from '../nearest';
import { NONE, WIDE } from './int16Module';
import { quantizePair } from './quantize';
import { jsInt16Search, wasmInt16Search, type Int16Kernel } from './searchRows';

/** Multiply-adds per chunk: ~2^27 keeps a chunk near 10–40 ms on wasm SIMD here. */
export const CHUNK_MACS = 1 << 27;

export interface Int16Options extends Pick<NearestOptions, 'signal' | 'onProgress'> {
  /** 'js' forces the plain-JS kernel (tests, benchmark); default: WebAssembly SIMD where available. */
  kernel?: 'auto' | 'js';
  /** Source rows per pass and target groups per step in the wasm kernel (timing only). */
  block?: number;
  wide?: number;
  /** Multiply-adds per chunk; default CHUNK_MACS. */
  chunkMacs?: number;
}

/**
 * In: `source` (N, D) and `target` (M, D) float32, finite; N, M ≥ 1. Out: NearestResult (second = Infinity when
 * M = 1) and which kernel ran.
 */
export async function nearestNeighboursInt16(source: Tensor2D, target: Tensor2D, opts: Int16Options = {}): Promise<NearestResult & { kernel: Int16Kernel }> {
  const [n, d, m] = nearestShapes(source, target);
  const [a, b] = await Promise.all([source.data(), target.data()]);
  const wide = opts.wide ?? WIDE;
  const q = quantizePair(a as Float32Array, n, b as Float32Array, m, d, NONE, wide);
  const search = (opts.kernel !== 'js' && wasmInt16Search(q, opts.block, wide)) || jsInt16Search(q);
  const chunk = Math.max(1, Math.floor((opts.chunkMacs ?? CHUNK_MACS) / (m * 2 * q.pairs)));
  await forRowChunks(n, chunk, opts, (r0, r1) => search.run(r0, r1));
  return { ...search.result(), kernel: search.kernel };
}
