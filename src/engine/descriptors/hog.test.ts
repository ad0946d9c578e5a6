import { describe, expect, it, beforeAll } from 'vitest';
import { hog } from './hog';
import { describeDense, disposeMap, readDescriptor } from '../match/descriptorMap';
import { grayImage, randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { DescriptorParamError } from './contract';
import fx from './fixtures/hog_skimage.json';

const norm = (v: Float32Array) => Math.hypot(...v);
const cosine = (a: Float32Array, b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0) / (norm(a) * Math.hypot(...b));

/** The descriptor of a block where only bin `bin` of all four cells is set: 0.5 there after L2-Hys. */
function fourCellsInBin(bin: number): number[] {
  const v = new Array(36).fill(0);
  for (let cell = 0; cell < 4; cell++) v[cell * 9 + bin] = 0.5;
  return v;
}

describe.each(NODE_BACKENDS)('hog on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('puts the votes of a straight edge in the bin of its (unsigned) orientation', async () => {
    const p = hog.validateParams({});
    // A vertical step at x = 16 gives gx = 1 at x = 15 and 16: one column of votes in each of the
    // left and right cells of the block of pixel (16, 16), all in bin 0 (0°, and 180° ≡ 0° for a dark-on-right edge).
    const cases: [string, (x: number, y: number) => number, number][] = [
      ['dark → bright to the right (0°)', (x) => (x >= 16 ? 1 : 0), 0],
      ['bright → dark to the right (180° ≡ 0°)', (x) => (x >= 16 ? 0 : 1), 0],
      ['dark → bright downwards (90°: bin 80–100°)', (_x, y) => (y >= 16 ? 0.8 : 0.1), 4],
    ];
    for (const [what, f, bin] of cases) {
      const map = describeDense(grayImage(32, 32, f), hog, p);
      const d = Array.from(await readDescriptor(map, 16, 16));
      d.forEach((v, i) => expect(v, `${what}, element ${i}`).toBeCloseTo(fourCellsInBin(bin)[i], 5));
      disposeMap(map);
    }
    // A diagonal ramp I = x + y has gx = gy: 45°, bin 40–60° = 2, in every cell.
    const ramp = describeDense(grayImage(32, 32, (x, y) => (x + y) / 64), hog, p);
    const d = await readDescriptor(ramp, 16, 16);
    expect(d[2]).toBeCloseTo(0.5, 5);
    expect(d[9 + 2]).toBeCloseTo(0.5, 5);
    expect(norm(d)).toBeCloseTo(1, 5);
    disposeMap(ramp);
  });

  it('has D = c²·bins and unit length, or the zero vector where there is no gradient', async () => {
    const p = hog.validateParams({ cellSize: 4, cellsPerBlock: 3, orientations: 6 });
    expect(hog.dim(p)).toBe(54);
    expect(hog.dim(hog.validateParams({}))).toBe(36);
    const img = randomTexture(20, 16, 2);
    const map = describeDense(img, hog, p);
    const rows = await map.sqNorms.data();
    rows.forEach((n2) => expect(n2).toBeCloseTo(1, 4));
    disposeMap(map);
    const flat = describeDense(grayImage(10, 10, () => 0.4), hog, hog.validateParams({}));
    expect(Array.from(await flat.rows.data()).every((v) => v === 0)).toBe(true);
    disposeMap(flat);
  });

  it('reproduces skimage.feature.hog blocks (L2-Hys, 8×8 cells, 2×2 blocks): cosine ≥ 0.99 per block', async () => {
    const img = grayImage(fx.width, fx.height, (x, y) => fx.gray[y * fx.width + x] / 255);
    const map = describeDense(img, hog, hog.validateParams({}));
    let worstCos = 1;
    let worstAbs = 0;
    for (let r = 0; r < fx.blocks.length; r++) {
      for (let q = 0; q < fx.blocks[r].length; q++) {
        const ours = await readDescriptor(map, 8 * q + 8, 8 * r + 8);
        const ref = fx.blocks[r][q];
        worstCos = Math.min(worstCos, cosine(ours, ref));
        ours.forEach((v, i) => (worstAbs = Math.max(worstAbs, Math.abs(v - ref[i]))));
      }
    }
    expect(worstCos).toBeGreaterThanOrEqual(0.99);
    expect(worstAbs).toBeLessThan(1e-4); // measured ≤ 7e-7: same gradients, binning and norms as skimage
    disposeMap(map);
  });

  it('is unchanged by a gain and offset of brightness', async () => {
    const t = randomTexture(24, 24, 4);
    const f = (x: number, y: number) => t.data[(y * 24 + x) * 3];
    const p = hog.validateParams({ cellSize: 4 });
    const a = describeDense(grayImage(24, 24, f), hog, p);
    const b = describeDense(grayImage(24, 24, (x, y) => 0.6 * f(x, y) + 0.3), hog, p);
    const [av, bv] = [(await a.rows.data()) as Float32Array, (await b.rows.data()) as Float32Array];
    expect(av.reduce((m, v, i) => Math.max(m, Math.abs(v - bv[i])), 0)).toBeLessThan(1e-4);
    disposeMap(a);
    disposeMap(b);
  });

  it('works on a 1×1 image and leaves no tensors behind', async () => {
    const leaked = await leakedTensors(async () => {
      const one = describeDense(grayImage(1, 1, () => 0.5), hog, hog.validateParams({}));
      expect(one.rows.shape).toEqual([1, 36]);
      disposeMap(one);
      disposeMap(describeDense(randomTexture(11, 9, 1), hog, hog.validateParams({})));
    });
    expect(leaked).toBe(0);
  });
});

describe('hog params', () => {
  it('defaults to 8-px cells, 2×2 blocks, 9 bins and rejects bad parameters', () => {
    expect(hog.validateParams(undefined)).toEqual({ cellSize: 8, cellsPerBlock: 2, orientations: 9 });
    expect(hog.radius(hog.validateParams({}))).toBe(8);
    expect(hog.metric).toBe('cosine');
    expect(() => hog.validateParams({ cellSize: 1 })).toThrow(DescriptorParamError);
    expect(() => hog.validateParams({ orientations: 9.5 })).toThrow(/integer/);
    expect(() => hog.validateParams({ cellSize: 16, cellsPerBlock: 4 })).toThrow(/at most 48 px/);
    expect(() => hog.validateParams({ bins: 9 })).toThrow(/unknown parameter "bins"/);
  });
});
