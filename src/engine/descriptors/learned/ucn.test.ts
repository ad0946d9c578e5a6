import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor3D } from '../../tf';
import { ucn, ucnTransformsAt, type UcnParams } from './ucn';
import { setModelFileReader } from '../../learned/modelFiles';
import { UCN_VARIANTS } from '../../learned/ucn/model';
import { leakedTensors, useBackend } from '../../testing/backends';
import { randomTexture } from '../../testing/images';
import { DescriptorParamError } from '../contract';

const MODELS = new URL('../../../../public/models/', import.meta.url);
const useDiskModels = () => setModelFileReader((p) => readFile(new URL(p, MODELS)));
const img = randomTexture(26, 19, 4);
const tensor = () => tf.tensor3d(img.data, [img.height, img.width, 3]) as Tensor3D;

async function describeOn(backend: 'cpu' | 'wasm', p: UcnParams): Promise<Float32Array> {
  await useBackend(backend);
  const t = tensor();
  const out = ucn.describe(t, p);
  const v = (await out.data()) as Float32Array;
  expect(out.shape).toEqual([19, 26, 64]);
  t.dispose();
  out.dispose();
  return v;
}

beforeAll(async () => {
  useDiskModels();
  for (const variant of UCN_VARIANTS) await ucn.prepare!({ variant });
});

describe('ucn descriptor', () => {
  it('validates the variant', () => {
    expect(ucn.validateParams({})).toEqual({ variant: 'hn' });
    expect(() => ucn.validateParams({ variant: 'st' })).toThrow(DescriptorParamError);
    expect(ucn.dim(ucn.defaultParams)).toBe(64);
  });

  it.each(UCN_VARIANTS)('%s: unit vectors at every pixel, the same on cpu and wasm (small input), no tensor left', async (variant) => {
    const wasm = await describeOn('wasm', { variant });
    const cpu = await describeOn('cpu', { variant });
    let maxDiff = 0;
    for (let k = 0; k < cpu.length; k++) maxDiff = Math.max(maxDiff, Math.abs(cpu[k] - wasm[k]));
    expect(maxDiff).toBeLessThan(1e-4);
    for (let px = 0; px < 19 * 26; px++) {
      let n = 0;
      for (let c = 0; c < 64; c++) n += cpu[px * 64 + c] ** 2;
      expect(Math.sqrt(n)).toBeCloseTo(1, 4);
    }
    await useBackend('wasm');
    expect(await leakedTensors(async () => { const t = tensor(); const o = ucn.describe(t, { variant }); await o.data(); o.dispose(); t.dispose(); })).toBe(0);
  });

  it('the variants are different networks', async () => {
    const [rn, hn] = [await describeOn('wasm', { variant: 'rn' }), await describeOn('wasm', { variant: 'hn' })];
    expect(rn.some((v, k) => Math.abs(v - hn[k]) > 1e-3)).toBe(true);
  });

  it('HN-ST reports its transform at pixels: σ in (1/2, 2), finite φ; no tensor left', async () => {
    await useBackend('wasm');
    const t = tensor();
    const leaked = await leakedTensors(async () => {
      const at = await ucnTransformsAt(t, [{ x: 0, y: 0 }, { x: 13, y: 9 }, { x: 25, y: 18 }]);
      expect(at.length).toBe(3);
      for (const q of at) {
        expect(Number.isFinite(q.angle)).toBe(true);
        expect(q.scale).toBeGreaterThan(0.5);
        expect(q.scale).toBeLessThan(2);
      }
    });
    t.dispose();
    expect(leaked).toBe(0);
  });

  it('a model that cannot be read makes prepare reject with the path', async () => {
    setModelFileReader((p) => (p.startsWith('ucn-') ? Promise.reject(new Error('ENOENT')) : readFile(new URL(p, MODELS))));
    await expect(ucn.prepare!({ variant: 'hn' })).rejects.toThrow(/ucn-hn\/model.json/);
    useDiskModels();
    await ucn.prepare!({ variant: 'hn' });
  });
});
