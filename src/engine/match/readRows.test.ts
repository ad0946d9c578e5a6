import { describe, expect, it, beforeAll } from 'vitest';
import { describeDense, disposeMap } from './descriptorMap';
import { readAllRows, readRows } from './readRows';
import { rgb } from '../descriptors/rgb';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import type { RgbImage } from '../core/image';

/** 3×2 image whose channel c of pixel (x, y) is ((y·3 + x)·10 + c) / 255. */
function ramp(): RgbImage {
  const data = new Float32Array(3 * 2 * 3).map((_, i) => (Math.floor(i / 3) * 10 + (i % 3)) / 255);
  return { width: 3, height: 2, data };
}
const code = (v: Float32Array) => Array.from(v, (x) => Math.round(x * 255));

describe.each(NODE_BACKENDS)('readRows on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('reads rows in the order asked, and every row, leaving no tensors', async () => {
    const map = describeDense(ramp(), rgb, {});
    const leaked = await leakedTensors(async () => {
      expect(code(await readRows(map, Int32Array.from([5, 0, 5])))).toEqual([50, 51, 52, 0, 1, 2, 50, 51, 52]);
      expect(code(await readAllRows(map))).toEqual(Array.from({ length: 18 }, (_, i) => Math.floor(i / 3) * 10 + (i % 3)));
      expect((await readRows(map, new Int32Array(0))).length).toBe(0);
    });
    expect(leaked).toBe(0);
    disposeMap(map);
  });

  it('rejects indices outside the map', async () => {
    const map = describeDense(ramp(), rgb, {});
    await expect(readRows(map, Int32Array.from([6]))).rejects.toThrow(/outside the 3×2 map/);
    await expect(readRows(map, Int32Array.from([-1]))).rejects.toThrow(/entry 0/);
    disposeMap(map);
  });
});
