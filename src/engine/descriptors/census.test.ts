import { describe, expect, it, beforeAll } from 'vitest';
import { census } from './census';
import { describeDense, disposeMap, readDescriptor } from '../match/descriptorMap';
import { grayImage } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { DescriptorParamError } from './contract';

describe.each(NODE_BACKENDS)('census on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('sets a bit exactly where a neighbour is darker than the centre (3×3 hand-made patch)', async () => {
    // Grey levels (×1/255):       bit order skips the centre, row-major:
    //  10  200  50                 [10<100, 200<100, 50<100, 100<100, 150<100, 99<100, 100<100, 255<100]
    // 100  100 150                = [1, 0, 1, 0, 0, 1, 0, 0]
    //  99  100 255
    const g = [10, 200, 50, 100, 100, 150, 99, 100, 255];
    const img = grayImage(3, 3, (x, y) => g[y * 3 + x] / 255);
    const p = census.validateParams({ size: 3 });
    const map = describeDense(img, census, p);
    expect(Array.from(await readDescriptor(map, 1, 1))).toEqual([1, 0, 1, 0, 0, 1, 0, 0]);
    disposeMap(map);
  });

  it('has k² − 1 bits and is invariant to a gain and offset of brightness', async () => {
    const f = (x: number, y: number) => ((x * 37 + y * 91) % 97) / 255;
    const p = census.validateParams({});
    expect(census.dim(p)).toBe(48);
    const a = describeDense(grayImage(12, 10, f), census, p);
    const b = describeDense(grayImage(12, 10, (x, y) => 0.1 + 1.6 * f(x, y)), census, p);
    expect(a.rows.shape).toEqual([120, 48]);
    expect(Array.from(await b.rows.data())).toEqual(Array.from(await a.rows.data()));
    disposeMap(a);
    disposeMap(b);
  });

  it('squared distance between two codes equals their Hamming distance', async () => {
    const img = grayImage(5, 5, (x, y) => ((x * 7 + y * 13) % 11) / 10);
    const map = describeDense(img, census, census.validateParams({ size: 5 }));
    const u = await readDescriptor(map, 1, 2);
    const v = await readDescriptor(map, 3, 3);
    let hamming = 0;
    let sq = 0;
    for (let i = 0; i < u.length; i++) {
      hamming += u[i] !== v[i] ? 1 : 0;
      sq += (u[i] - v[i]) ** 2;
    }
    expect(hamming).toBeGreaterThan(0);
    expect(sq).toBe(hamming);
    disposeMap(map);
  });

  it('leaves no tensors behind', async () => {
    const img = grayImage(8, 8, (x, y) => (x + y) / 16);
    expect(await leakedTensors(() => disposeMap(describeDense(img, census, census.validateParams({}))))).toBe(0);
  });
});

describe('census params', () => {
  it('rejects even, out-of-range and unknown parameters', () => {
    expect(() => census.validateParams({ size: 6 })).toThrow(DescriptorParamError);
    expect(() => census.validateParams({ size: 13 })).toThrow(/\[3, 11\]/);
    expect(() => census.validateParams({ sise: 7 })).toThrow(/unknown parameter "sise"/);
    expect(() => census.validateParams({ size: '7' })).toThrow(/must be a number/);
    expect(census.validateParams(undefined)).toEqual({ size: 7 });
  });
});

describe('census pattern', () => {
  it('draws one pair per bit, from the centre to each neighbour', () => {
    const p = census.validateParams({ size: 5 });
    const pat = census.pattern!(p);
    expect(pat.pairs!.length).toBe(census.dim(p));
    expect(pat.pairs!.every((q) => q.x1 === 0 && q.y1 === 0 && Math.max(Math.abs(q.x2), Math.abs(q.y2)) <= 2)).toBe(true);
  });
});
