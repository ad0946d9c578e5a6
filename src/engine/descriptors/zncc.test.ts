import { describe, expect, it, beforeAll } from 'vitest';
import { ncc, zncc } from './zncc';
import { describeDense, disposeMap, readDescriptor, type DescriptorMap } from '../match/descriptorMap';
import { grayImage, randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { DescriptorParamError } from './contract';
import type { RgbImage } from '../core/image';
import fx from './fixtures/zncc_skimage.json';

/** The fixture's 8-bit grey crop as an RGB image with R = G = B. */
const fixtureImage = (): RgbImage => grayImage(fx.width, fx.height, (x, y) => fx.gray[y * fx.width + x] / 255);

/** Grey level of a random texture (its red channel), so a test can rescale it. */
function textureGray(w: number, h: number, seed: number): (x: number, y: number) => number {
  const t = randomTexture(w, h, seed);
  return (x, y) => t.data[(y * w + x) * 3];
}

/** Dot product of the descriptor at (x, y) with every row of the map: (H·W) scores. */
async function scoresAgainst(map: DescriptorMap, x: number, y: number): Promise<Float32Array> {
  const q = await readDescriptor(map, x, y);
  const rows = (await map.rows.data()) as Float32Array;
  const out = new Float32Array(map.width * map.height);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let j = 0; j < map.dim; j++) s += rows[i * map.dim + j] * q[j];
    out[i] = s;
  }
  return out;
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe.each(NODE_BACKENDS)('ncc and zncc on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('toy 3×3: ZNCC is the centred window over its norm, NCC the raw window over its norm', async () => {
    const g = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const img = grayImage(3, 3, (x, y) => g[y * 3 + x] / 10);
    const z = describeDense(img, zncc, zncc.validateParams({ size: 3 }));
    const n = describeDense(img, ncc, ncc.validateParams({ size: 3 }));
    const centred = g.map((v) => v - 5);
    const zn = Math.hypot(...centred);
    const nn = Math.hypot(...g);
    const zd = await readDescriptor(z, 1, 1);
    const nd = await readDescriptor(n, 1, 1);
    centred.forEach((v, i) => expect(zd[i]).toBeCloseTo(v / zn, 5));
    g.forEach((v, i) => expect(nd[i]).toBeCloseTo(v / nn, 5));
    disposeMap(z);
    disposeMap(n);
  });

  it('has k² elements of unit norm, and a flat window gives the finite zero vector', async () => {
    expect(zncc.dim(zncc.validateParams({}))).toBe(49);
    const img = grayImage(12, 10, (x) => (x < 6 ? 0.5 : 0.5 + 0.1 * (x % 3)));
    for (const d of [zncc, ncc]) {
      const map = describeDense(img, d, d.validateParams({ size: 5 }));
      const tex = await readDescriptor(map, 9, 5);
      expect(dot(tex, tex)).toBeCloseTo(1, 5);
      const flat = await readDescriptor(map, 1, 5);
      if (d === zncc) expect(Array.from(flat).every((v) => v === 0)).toBe(true);
      else expect(dot(flat, flat)).toBeCloseTo(1, 5); // a uniform grey window is not flat for NCC …
      disposeMap(map);
    }
    const black = describeDense(grayImage(6, 6, () => 0), ncc, ncc.validateParams({ size: 3 }));
    expect(Array.from(await black.rows.data()).every((v) => v === 0)).toBe(true); // … a black one is
    disposeMap(black);
  });

  it('dot products reproduce skimage match_template (ZNCC) and cv2 TM_CCORR_NORMED (NCC) to 1e-4', async () => {
    const img = fixtureImage();
    for (const c of fx.cases) {
      const r = (c.size - 1) / 2;
      for (const [d, ref] of [[zncc, c.zncc], [ncc, c.ncc]] as const) {
        const map = describeDense(img, d, d.validateParams({ size: c.size }));
        const scores = await scoresAgainst(map, c.tx, c.ty);
        let worst = 0;
        ref.forEach((row, i) => row.forEach((v, j) => {
          worst = Math.max(worst, Math.abs(scores[(i + r) * fx.width + (j + r)] - v));
        }));
        expect(worst, `${d.id} k=${c.size} at (${c.tx}, ${c.ty})`).toBeLessThanOrEqual(1e-4);
        disposeMap(map);
      }
    }
  });

  it('ZNCC is invariant to I′ = a·I + b (a > 0), NCC to I′ = a·I', async () => {
    const f = textureGray(24, 20, 3);
    const p = { size: 7 };
    const base = describeDense(grayImage(24, 20, f), zncc, p);
    const affine = describeDense(grayImage(24, 20, (x, y) => 0.35 * f(x, y) + 0.4), zncc, p);
    expect(maxAbsDiff(await base.rows.data() as Float32Array, await affine.rows.data() as Float32Array)).toBeLessThan(1e-5);
    const nBase = describeDense(grayImage(24, 20, f), ncc, p);
    const nGain = describeDense(grayImage(24, 20, (x, y) => 2.5 * f(x, y)), ncc, p);
    expect(maxAbsDiff(await nBase.rows.data() as Float32Array, await nGain.rows.data() as Float32Array)).toBeLessThan(1e-5);
    // NCC is not offset-invariant: an offset changes the vectors.
    const nOffset = describeDense(grayImage(24, 20, (x, y) => f(x, y) + 0.3), ncc, p);
    expect(maxAbsDiff(await nBase.rows.data() as Float32Array, await nOffset.rows.data() as Float32Array)).toBeGreaterThan(1e-2);
    [base, affine, nBase, nGain, nOffset].forEach(disposeMap);
  });

  it('leaves no tensors behind', async () => {
    const img = randomTexture(9, 7, 5);
    for (const d of [ncc, zncc]) {
      expect(await leakedTensors(() => disposeMap(describeDense(img, d, d.validateParams({}))))).toBe(0);
    }
  });
});

describe('ncc and zncc params', () => {
  it('rejects even, out-of-range and unknown parameters', () => {
    for (const d of [ncc, zncc]) {
      expect(() => d.validateParams({ size: 4 })).toThrow(DescriptorParamError);
      expect(() => d.validateParams({ size: 13 })).toThrow(/\[3, 11\]/);
      expect(() => d.validateParams({ k: 7 })).toThrow(/unknown parameter "k"/);
      expect(d.validateParams(undefined)).toEqual({ size: 7 });
      expect(d.metric).toBe('cosine');
    }
  });
});
