import { describe, expect, it, beforeAll } from 'vitest';
import { brief, briefPattern, briefSmoothed } from './brief';
import { describeDense, disposeMap, imageTensor, readDescriptor } from '../match/descriptorMap';
import { grayImage, randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { DescriptorParamError } from './contract';

const hamming = (a: Float32Array, b: Float32Array) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);
const sqDist = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);

describe('briefPattern', () => {
  it('is a pure function of its inputs, prefix-stable, on the grid and inside the patch', () => {
    const a = briefPattern(256, 48, 4);
    expect(Array.from(briefPattern(256, 48, 4))).toEqual(Array.from(a));
    expect(Array.from(briefPattern(128, 48, 4))).toEqual(Array.from(a.subarray(0, 4 * 128)));
    expect(Array.from(briefPattern(256, 48, 4, 7))).not.toEqual(Array.from(a));
    for (let i = 0; i < 256; i++) {
      const t = a.subarray(4 * i, 4 * i + 4);
      t.forEach((v) => {
        expect(Math.abs(v)).toBeLessThanOrEqual(24);
        expect(Math.abs(v) % 4).toBe(0);
      });
      expect(t[0] === t[2] && t[1] === t[3]).toBe(false);
    }
  });

  it('draws coordinates with the spread of G II, σ = S/5 (truncated at ±S/2)', () => {
    const p = briefPattern(512, 48, 1);
    const mean = p.reduce((s, v) => s + v, 0) / p.length;
    const sd = Math.sqrt(p.reduce((s, v) => s + (v - mean) ** 2, 0) / p.length);
    expect(Math.abs(mean)).toBeLessThan(1);
    expect(sd).toBeGreaterThan(8.3); // 48/5 = 9.6, ≈ 9.2 after truncation at 2.5σ
    expect(sd).toBeLessThan(10.2);
  });
});

describe.each(NODE_BACKENDS)('brief on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('bit i is [J(p + x_i) < J(p + y_i)] on the smoothed image, borders replicated', async () => {
    const [w, h] = [40, 34];
    const img = randomTexture(w, h, 9);
    const p = brief.validateParams({ bits: 128, patchSize: 16, gridStep: 1 });
    const t = imageTensor(img);
    const smoothed = briefSmoothed(t);
    const J = (await smoothed.data()) as Float32Array;
    t.dispose();
    smoothed.dispose();
    const at = (x: number, y: number) => J[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
    const pattern = briefPattern(128, 16, 1);
    const map = describeDense(img, brief, p);
    for (const [x, y] of [[20, 17], [0, 0], [39, 33], [5, 30]]) {
      const expected = Array.from({ length: 128 }, (_, i) => {
        const [ax, ay, bx, by] = pattern.subarray(4 * i, 4 * i + 4);
        return at(x + ax, y + ay) < at(x + bx, y + by) ? 1 : 0;
      });
      expect(Array.from(await readDescriptor(map, x, y)), `pixel (${x}, ${y})`).toEqual(expected);
    }
    disposeMap(map);
  });

  it('on a ramp and its inverse, bits follow the pattern and the Hamming distance is a manual bit count', async () => {
    // I = x/64 is strictly increasing in x (and Gaussian smoothing keeps it so away from the border), so at
    // pixel (32, 2) bit i is [dx(x_i) < dx(y_i)]; on 1 − I it is [dx(x_i) > dx(y_i)].
    const p = brief.validateParams({});
    const pattern = briefPattern(p.bits, p.patchSize, p.gridStep);
    const up = describeDense(grayImage(64, 4, (x) => x / 64), brief, p);
    const down = describeDense(grayImage(64, 4, (x) => 1 - x / 64), brief, p);
    const a = await readDescriptor(up, 32, 2);
    const b = await readDescriptor(down, 32, 2);
    let differing = 0;
    for (let i = 0; i < p.bits; i++) {
      const [dxA, dxB] = [pattern[4 * i], pattern[4 * i + 2]];
      expect(a[i], `ramp bit ${i}`).toBe(dxA < dxB ? 1 : 0);
      expect(b[i], `inverse bit ${i}`).toBe(dxA > dxB ? 1 : 0);
      differing += dxA !== dxB ? 1 : 0;
    }
    expect(hamming(a, b)).toBe(differing);
    expect(sqDist(a, b)).toBe(differing);
    expect(differing).toBeGreaterThan(150);
    disposeMap(up);
    disposeMap(down);
  });

  it('stores bits as 0/1, D = bits, and a flat image has every bit 0', async () => {
    const p = brief.validateParams({ bits: 128, patchSize: 24 });
    expect(brief.dim(p)).toBe(128);
    const map = describeDense(randomTexture(30, 24, 3), brief, p);
    const v = Array.from(await map.rows.data());
    expect(v.every((x) => x === 0 || x === 1)).toBe(true);
    const ones = v.filter((x) => x === 1).length / v.length;
    expect(ones).toBeGreaterThan(0.3);
    expect(ones).toBeLessThan(0.7);
    disposeMap(map);
    const flat = describeDense(grayImage(12, 12, () => 0.7), brief, p);
    expect(Array.from(await flat.rows.data()).every((x) => x === 0)).toBe(true);
    disposeMap(flat);
  });

  it('is unchanged by an additive change of brightness', async () => {
    const t = randomTexture(36, 30, 12);
    const f = (x: number, y: number) => t.data[(y * 36 + x) * 3];
    const p = brief.validateParams({});
    const a = describeDense(grayImage(36, 30, f), brief, p);
    const b = describeDense(grayImage(36, 30, (x, y) => f(x, y) + 0.25), brief, p);
    expect(hamming((await a.rows.data()) as Float32Array, (await b.rows.data()) as Float32Array)).toBe(0);
    disposeMap(a);
    disposeMap(b);
  });

  it('leaves no tensors behind, even on a 1×1 image', async () => {
    const leaked = await leakedTensors(async () => {
      const one = describeDense(grayImage(1, 1, () => 0.5), brief, brief.validateParams({ bits: 128 }));
      expect(one.rows.shape).toEqual([1, 128]);
      disposeMap(one);
      disposeMap(describeDense(randomTexture(10, 8, 1), brief, brief.validateParams({})));
    });
    expect(leaked).toBe(0);
  });
});

describe('brief params', () => {
  it('defaults to 256 bits in a 48-px patch on a 4-px grid, and rejects bad parameters', () => {
    const p = brief.validateParams(undefined);
    expect(p).toEqual({ bits: 256, patchSize: 48, gridStep: 4 });
    expect(brief.radius(p)).toBe(24);
    expect(brief.metric).toBe('hamming');
    expect(() => brief.validateParams({ bits: 200 })).toThrow(/128, 256 or 512/);
    expect(() => brief.validateParams({ bits: 1024 })).toThrow(DescriptorParamError);
    expect(() => brief.validateParams({ patchSize: 48, gridStep: 1 })).toThrow(/at most 25 taps/);
    expect(() => brief.validateParams({ patchSize: 8, gridStep: 8 })).toThrow(/smaller than two grid steps/);
    expect(() => brief.validateParams({ seed: 1 })).toThrow(/unknown parameter "seed"/);
  });
});
