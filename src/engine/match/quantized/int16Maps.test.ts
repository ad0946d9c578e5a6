import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { cropImage, rgbaToRgbImage, type RgbImage } from '../../core/image';
import { gridPoints } from '../../core/grid';
import { getDescriptor } from '../../descriptors/registry';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { describeDense, disposeMap } from '../descriptorMap';
import { matchMaps, nearestOnTargetGrid, validateMatchOptions } from '../matchPair';
import { int16Unavailable } from '../nearestForMetric';
import { int16Scale } from './quantize';

const SAMPLES = path.resolve(import.meta.dirname, '../../../../public/samples');
const read = (rel: string): RgbImage => {
  const png = PNG.sync.read(fs.readFileSync(path.join(SAMPLES, rel)));
  return rgbaToRgbImage(png.data, png.width, png.height);
};

describe('where int16 applies', () => {
  it('l2 and cosine on wasm and cpu; never for hamming or on the GPU backends, with the reason', () => {
    expect(int16Unavailable('l2', 'wasm')).toBeNull();
    expect(int16Unavailable('cosine', 'cpu')).toBeNull();
    expect(int16Unavailable('hamming', 'wasm')).toMatch(/popcount/);
    expect(int16Unavailable('l2', 'webgpu')).toMatch(/on webgpu the float32 matMul/);
    expect(int16Unavailable('l2', 'wasm', () => false)).toMatch(/no WebAssembly SIMD/);
    expect(() => validateMatchOptions({ stride: 4, mutual: true, ratio: null, refine: false, precision: 'int8' as 'int16' })).toThrow(/precision must be float32 or int16/);
  });
});

describe.each(NODE_BACKENDS)('int16 against float32 on real descriptor maps (motorcycle crop) on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  // 96×72 of the stereo pair, the right crop shifted by the pair's typical disparity so that most points have a match.
  const left = cropImage(read('motorcycle/left.png'), 300, 200, 96, 72);
  const right = cropImage(read('motorcycle/right.png'), 270, 200, 96, 72);

  // Measured (cpu and wasm alike): best indices changed of 432 source points at stride 4 against every 2nd
  // target pixel were patch 4, SIFT 0, DAISY 1; the bounds leave a little room, so a broken quantisation
  // (dozens to hundreds of changes) fails.
  it.each([['patch', 8], ['sift', 3], ['daisy', 4]] as const)('%s: at most %i of 432 best indices change, distances within the quantisation bound', async (id, most) => {
    const d = getDescriptor(id);
    const p = d.validateParams({});
    const a = describeDense(left, d, p);
    const b = describeDense(right, d, p);
    const sp = gridPoints(a.width, a.height, 4);
    // Rounding moves each entry of both rows by ≤ 1/(2s), so ‖a − b‖ moves by ≤ √D/s; plus float32's own error.
    const maxNorm = Math.sqrt(Math.max(...(await a.sqNorms.data()), ...(await b.sqNorms.data())));
    const bound = Math.sqrt(d.dim(p)) / int16Scale(maxNorm, d.dim(p)) + 1e-3 * maxNorm;
    const leaked = await leakedTensors(async () => {
      const f = await nearestOnTargetGrid(a, sp, b, 2, {}, d.metric);
      const q = await nearestOnTargetGrid(a, sp, b, 2, { precision: 'int16' }, d.metric);
      expect(f.nn.kernel).toBe('matmul');
      expect(q.nn.kernel).toBe('int16-wasm');
      let changed = 0;
      let worst = 0;
      for (let i = 0; i < sp.xs.length; i++) {
        if (q.nn.index[i] !== f.nn.index[i]) changed++;
        else worst = Math.max(worst, Math.abs(Math.sqrt(q.nn.sqDist1[i]) - Math.sqrt(f.nn.sqDist1[i])));
      }
      console.log(`${backend} ${id}: ${changed} of ${sp.xs.length} best indices changed; worst |Δd| ${worst.toExponential(2)} (bound ${bound.toExponential(2)})`);
      expect(sp.xs.length).toBe(432);
      expect(changed).toBeLessThanOrEqual(most);
      expect(worst).toBeLessThanOrEqual(bound);
    });
    expect(leaked).toBe(0);
    disposeMap(a);
    disposeMap(b);
  });

  it('matchMaps records the int16 kernel, and float32 still runs for hamming (popcount) and scanline search', async () => {
    const sift = getDescriptor('sift');
    const a = describeDense(left, sift, sift.validateParams({}));
    const b = describeDense(right, sift, sift.validateParams({}));
    const opts = { stride: 8, mutual: true, ratio: null, refine: false };
    expect((await matchMaps(a, b, sift.metric, { ...opts, precision: 'int16' })).nnKernel).toBe('int16-wasm');
    expect((await matchMaps(a, b, sift.metric, { ...opts, precision: 'float32' })).nnKernel).toBe('matmul');
    expect((await matchMaps(a, b, sift.metric, opts)).nnKernel).toBe('matmul');
    expect((await matchMaps(a, b, sift.metric, { ...opts, precision: 'int16', search: 'scanline', dmin: 0, dmax: 8 })).nnKernel).toBeUndefined();
    disposeMap(a);
    disposeMap(b);
    const census = getDescriptor('census');
    const c = describeDense(left, census, census.validateParams({}));
    const e = describeDense(right, census, census.validateParams({}));
    expect((await matchMaps(c, e, census.metric, { ...opts, precision: 'int16' })).nnKernel).toBe('popcount-wasm');
    disposeMap(c);
    disposeMap(e);
  });
});
