import { beforeAll, describe, expect, it } from 'vitest';
import { matchMaps, nearestOnTargetGrid } from './matchPair';
import { describeDense, disposeMap } from './descriptorMap';
import { usesPopcount } from './nearestForMetric';
import { queryPoint } from './query';
import { gridPoints } from '../core/grid';
import { cropImage } from '../core/image';
import { getDescriptor } from '../descriptors/registry';
import { randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';

describe('kernel choice', () => {
  it('counts bits only for hamming descriptors on the CPU backends', () => {
    expect(usesPopcount('hamming', 'wasm')).toBe(true);
    expect(usesPopcount('hamming', 'cpu')).toBe(true);
    expect(usesPopcount('hamming', 'webgpu')).toBe(false);
    expect(usesPopcount('hamming', 'webgl')).toBe(false);
    expect(usesPopcount('l2', 'wasm')).toBe(false);
    expect(usesPopcount('cosine', 'cpu')).toBe(false);
    expect(usesPopcount(undefined, 'wasm')).toBe(false);
  });
});

describe.each(NODE_BACKENDS)('grid matching of binary descriptors by popcount on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const big = randomTexture(90, 70, 5, false);
  const source = cropImage(big, 10, 4, 64, 56);
  const target = cropImage(big, 14, 0, 64, 56);

  it.each([['census', {}], ['brief', { bits: 256 }], ['brief', { bits: 512 }]] as const)('%s %o: the same neighbours as the matMul, at stride 2 against every target pixel', async (id, params) => {
    const d = getDescriptor(id);
    const p = d.validateParams(params);
    const a = describeDense(source, d, p);
    const b = describeDense(target, d, p);
    const sp = gridPoints(a.width, a.height, 2);
    const leaked = await leakedTensors(async () => {
      const pop = await nearestOnTargetGrid(a, sp, b, 1, {}, d.metric);
      const mm = await nearestOnTargetGrid(a, sp, b, 1, {});
      expect(pop.nn.kernel).toBe('popcount-wasm');
      expect(mm.nn.kernel).toBe('matmul');
      for (const k of ['index', 'sqDist1', 'sqDist2', 'reverseIndex'] as const) expect(Array.from(pop.nn[k])).toEqual(Array.from(mm.nn[k]));
    });
    expect(leaked).toBe(0);
    disposeMap(a);
    disposeMap(b);
  });

  it('matchMaps records the kernel; a click query on census still scores what the grid search found', async () => {
    const census = getDescriptor('census');
    const a = describeDense(source, census, census.validateParams({}));
    const b = describeDense(target, census, census.validateParams({}));
    const m = await matchMaps(a, b, census.metric, { stride: 4, mutual: true, ratio: null, refine: false });
    expect(m.nnKernel).toBe('popcount-wasm');
    expect(m.x0.length).toBeGreaterThan(50);
    // The query (a matMul, unchanged) finds a pixel at least as close as the grid match, anywhere in the image.
    for (const i of [0, 7, 20]) {
      const q = await queryPoint(a, m.x0[i], m.y0[i], b, census.metric);
      expect(q.bestScore).toBeLessThanOrEqual(m.score[i]);
    }
    disposeMap(a);
    disposeMap(b);
    const patch = getDescriptor('patch');
    const pa = describeDense(source, patch, patch.validateParams({ size: 3 }));
    const pb = describeDense(target, patch, patch.validateParams({ size: 3 }));
    expect((await matchMaps(pa, pb, patch.metric, { stride: 4, mutual: true, ratio: null, refine: false })).nnKernel).toBe('matmul');
    const scan = await matchMaps(pa, pb, patch.metric, { stride: 4, mutual: true, ratio: null, refine: false, search: 'scanline', dmin: 0, dmax: 8 });
    expect(scan.nnKernel).toBeUndefined();
    disposeMap(pa);
    disposeMap(pb);
  });
});
