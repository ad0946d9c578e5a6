import { describe, expect, it, beforeAll } from 'vitest';
import { rank } from './rank';
import { describeDense, disposeMap, readDescriptor } from '../match/descriptorMap';
import { grayImage, mulberry32 } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { DescriptorParamError } from './contract';

/** Plain-JS rank of pixel (x, y) in a k×k window with replicated borders, on integer levels `g`. */
function rankAt(g: number[], w: number, h: number, k: number, x: number, y: number): number {
  const r = (k - 1) / 2;
  const at = (xx: number, yy: number) => g[Math.min(h - 1, Math.max(0, yy)) * w + Math.min(w - 1, Math.max(0, xx))];
  let n = 0;
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) n += at(x + dx, y + dy) < at(x, y) ? 1 : 0;
  return n;
}

describe.each(NODE_BACKENDS)('rank on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('counts the darker pixels of a hand-made 3×3 window', async () => {
    // Grey levels (×1/255), centre 100:  darker: 10, 50, 99 → rank 3 (the equal 100s do not count).
    //  10  200  50
    // 100  100 150
    //  99  100 255
    const g = [10, 200, 50, 100, 100, 150, 99, 100, 255];
    const img = grayImage(3, 3, (x, y) => g[y * 3 + x] / 255);
    const map = describeDense(img, rank, rank.validateParams({ size: 3, window: 1 }));
    expect(Array.from(await readDescriptor(map, 1, 1))).toEqual([3]);
    // Corner (0, 0) = 10: nothing is darker → 0. Corner (2, 2) = 255: its replicated window is
    // [100 150 150; 100 255 255; 100 255 255], five of which are darker → 5.
    expect(Array.from(await readDescriptor(map, 0, 0))).toEqual([0]);
    expect(Array.from(await readDescriptor(map, 2, 2))).toEqual([5]);
    disposeMap(map);
  });

  it('lays out the m×m window of ranks row-major, with replicated borders', async () => {
    const rnd = mulberry32(7);
    const [w, h] = [9, 8];
    const g = Array.from({ length: w * h }, () => Math.floor(rnd() * 256));
    const img = grayImage(w, h, (x, y) => g[y * w + x] / 255);
    const p = rank.validateParams({ size: 5, window: 3 });
    expect(rank.dim(p)).toBe(9);
    const map = describeDense(img, rank, p);
    for (const [x, y] of [[4, 4], [0, 0], [8, 3]]) {
      const expected: number[] = [];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          expected.push(rankAt(g, w, h, 5, Math.min(w - 1, Math.max(0, x + dx)), Math.min(h - 1, Math.max(0, y + dy))));
        }
      }
      expect(Array.from(await readDescriptor(map, x, y)), `(${x}, ${y})`).toEqual(expected);
    }
    disposeMap(map);
  });

  it('is unchanged by a strictly increasing (non-linear) remapping of grey levels', async () => {
    const rnd = mulberry32(11);
    const [w, h] = [14, 11];
    const g = Array.from({ length: w * h }, () => Math.floor(rnd() * 22)); // levels 0…21
    const remap = (v: number) => (v * (v + 1)) / 2 + 3; // strictly increasing, 3…234
    const p = rank.validateParams({});
    const a = describeDense(grayImage(w, h, (x, y) => g[y * w + x] / 255), rank, p);
    const b = describeDense(grayImage(w, h, (x, y) => remap(g[y * w + x]) / 255), rank, p);
    const av = Array.from(await a.rows.data());
    expect(av.some((v) => v > 0)).toBe(true);
    expect(Array.from(await b.rows.data())).toEqual(av);
    disposeMap(a);
    disposeMap(b);
  });

  it('leaves no tensors behind', async () => {
    const img = grayImage(8, 6, (x, y) => ((x * 5 + y * 3) % 7) / 7);
    expect(await leakedTensors(() => disposeMap(describeDense(img, rank, rank.validateParams({}))))).toBe(0);
  });
});

describe('rank params', () => {
  it('has defaults k = 7, m = 5 (D = 25) and rejects bad parameters', () => {
    const p = rank.validateParams(undefined);
    expect(p).toEqual({ size: 7, window: 5 });
    expect(rank.dim(p)).toBe(25);
    expect(rank.radius(p)).toBe(5);
    expect(() => rank.validateParams({ size: 4 })).toThrow(DescriptorParamError);
    expect(() => rank.validateParams({ window: 2 })).toThrow(/odd/);
    expect(() => rank.validateParams({ window: 13 })).toThrow(/\[1, 11\]/);
    expect(() => rank.validateParams({ ranks: 3 })).toThrow(/unknown parameter "ranks"/);
  });
});
