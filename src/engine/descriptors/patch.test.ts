import { describe, expect, it, beforeAll } from 'vitest';
import { patch } from './patch';
import { rgb } from './rgb';
import { describeDense, disposeMap, readDescriptor } from '../match/descriptorMap';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import type { RgbImage } from '../core/image';

/** 4×3 image whose channel c of pixel (x, y) is (y·4 + x)·10 + c, scaled by 1/255. */
function ramp(): RgbImage {
  const data = new Float32Array(4 * 3 * 3);
  for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) for (let c = 0; c < 3; c++) data[(y * 4 + x) * 3 + c] = ((y * 4 + x) * 10 + c) / 255;
  return { width: 4, height: 3, data };
}
const code = (v: Float32Array) => Array.from(v, (x) => Math.round(x * 255));

describe.each(NODE_BACKENDS)('patch and rgb on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('rgb is the pixel itself', async () => {
    const map = describeDense(ramp(), rgb, rgb.validateParams({}));
    expect(rgb.dim({})).toBe(3);
    expect(code(await readDescriptor(map, 2, 1))).toEqual([60, 61, 62]);
    disposeMap(map);
  });

  it('patch lays out the window row-major as (dy, dx, c), 75-D at k = 5', async () => {
    expect(patch.dim(patch.validateParams({}))).toBe(75);
    const map = describeDense(ramp(), patch, patch.validateParams({ size: 3 }));
    // Window around (1, 1): pixels (0..2, 0..2), flat index y·4 + x.
    const expected = [0, 1, 2, 4, 5, 6, 8, 9, 10].flatMap((i) => [i * 10, i * 10 + 1, i * 10 + 2]);
    expect(code(await readDescriptor(map, 1, 1))).toEqual(expected);
    disposeMap(map);
  });

  it('patch repeats the border pixel outside the image', async () => {
    const map = describeDense(ramp(), patch, patch.validateParams({ size: 3 }));
    // Window around (0, 0) with replicated borders: rows (0,0,1), columns (0,0,1).
    const idx = [0, 0, 1, 0, 0, 1, 4, 4, 5];
    expect(code(await readDescriptor(map, 0, 0))).toEqual(idx.flatMap((i) => [i * 10, i * 10 + 1, i * 10 + 2]));
    disposeMap(map);
  });

  it('works on a 1×1 image and leaves no tensors', async () => {
    const one: RgbImage = { width: 1, height: 1, data: new Float32Array([0.2, 0.4, 0.6]) };
    const leaked = await leakedTensors(async () => {
      const map = describeDense(one, patch, patch.validateParams({ size: 5 }));
      expect(map.rows.shape).toEqual([1, 75]);
      disposeMap(map);
    });
    expect(leaked).toBe(0);
  });

  it('rejects an even window', () => {
    expect(() => patch.validateParams({ size: 4 })).toThrow(/odd/);
  });
});

describe('patch pattern', () => {
  it('draws the k×k window: one cell per 3 dimensions', () => {
    const p = patch.validateParams({ size: 7 });
    const cells = patch.pattern!(p).cells!;
    expect(cells.length * 3).toBe(patch.dim(p));
    expect(cells[0]).toEqual({ x: -3, y: -3, size: 1 });
  });
});
