import { beforeAll, describe, expect, it } from 'vitest';
import { percentile, runBench, stat } from './suite';
import { leakedTensors, useBackend } from '../testing/backends';
import type { RgbImage } from '../core/image';
import { mulberry32 } from '../core/random';

describe('bench statistics', () => {
  it('median of odd and even counts, nearest-rank percentiles', () => {
    expect(stat([5, 1, 3])).toEqual({ median: 3, min: 1, runs: 3 });
    expect(stat([4, 1, 3, 2]).median).toBe(2.5);
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(10);
    expect(percentile(xs, 95)).toBe(19);
    expect(percentile(xs, 100)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
  });
});

describe('runBench on wasm', () => {
  beforeAll(() => useBackend('wasm'));

  it('measures every stage on a small pair, counts the NN work, and leaves no tensors', async () => {
    const rand = mulberry32(3);
    const img = (): RgbImage => ({ width: 24, height: 16, data: Float32Array.from({ length: 24 * 16 * 3 }, rand) });
    const [a, b] = [img(), img()];
    let report: Awaited<ReturnType<typeof runBench>> | undefined;
    const leaked = await leakedTensors(async () => {
      report = await runBench(a, b, { descriptors: ['patch', 'census'], repeats: 2, queries: 5, nnStride: 4, sparseSift: false, compareMatmul: true });
    });
    expect(leaked).toBe(0);
    const r = report!;
    expect(r.backend).toBe('wasm');
    expect(r.descriptors.map((d) => [d.id, d.dim])).toEqual([['patch', 75], ['census', 48]]);
    for (const d of r.descriptors) {
      expect(d.describe.runs).toBe(2);
      expect(d.describePeakMB).toBeGreaterThan(0);
      // 6×4 grid points on each side: 2·24·24·D flops.
      expect(d.nnGflops).toBeCloseTo((2 * 24 * 24 * d.dim) / (d.nn.median * 1e6), 9);
      expect(d.nnGpairs).toBeCloseTo((24 * 24) / (d.nn.median * 1e6), 9);
      expect(d.queryP95).toBeGreaterThanOrEqual(d.queryP50);
    }
    expect(r.sparseSift).toBeNull();
    // Census is binary: popcount on wasm, and its matMul timed once for comparison; patch stays on the matMul.
    expect(r.descriptors.map((d) => d.nnKernel)).toEqual(['matmul', 'popcount-wasm']);
    expect(r.descriptors[0].nnMatmul).toBeUndefined();
    const mm = r.descriptors[1].nnMatmul!;
    expect(mm.ms).toBeGreaterThan(0);
    expect(mm.gpairs).toBeCloseTo((24 * 24) / (mm.ms * 1e6), 9);
    // patch (l2) also runs int16, census (hamming) does not; int16's count of mutual matches is its own.
    const q = r.descriptors[0].nnInt16!;
    expect(q.gmacs).toBeCloseTo((24 * 24 * 75) / (q.ms * 1e6), 9);
    expect(q.mutual).toBeGreaterThan(0);
    expect(r.descriptors[0].nnMutual).toBeGreaterThan(0);
    expect(r.descriptors[1].nnInt16).toBeUndefined();
  });
});
