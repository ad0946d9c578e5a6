import { beforeAll, describe, expect, it } from 'vitest';
import { lark, larkDisc } from './lark';
import { DescriptorParamError } from './contract';
import { grayImage } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { describeAllRows, imageFromRgb8 } from '../testing/describe';
import { getDescriptor } from './registry';
import fx from './fixtures/lark_reference.json';

describe('lark params and disc', () => {
  it('has P² dimensions, a binary disc of radius r, and rejects bad parameters', () => {
    const p = lark.validateParams({});
    expect(p).toEqual({ window: 5, h: 1, alpha: 0.13, detWeight: true });
    expect(lark.dim(p)).toBe(25);
    expect(lark.radius(p)).toBe(4);
    expect(Array.from(larkDisc(1))).toEqual([0, 1, 0, 1, 1, 1, 0, 1, 0]);
    expect(larkDisc(2).reduce((a, b) => a + b)).toBe(13);
    expect(() => lark.validateParams({ window: 4 })).toThrow(/odd/);
    expect(() => lark.validateParams({ h: 0 })).toThrow(DescriptorParamError);
    expect(getDescriptor('lark')).toBe(lark);
  });
});

describe.each(NODE_BACKENDS)('lark on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('equals the NumPy reference (SVD of the gradient matrix, per-neighbour quadratic forms) at every pixel', async () => {
    const img = imageFromRgb8(fx.image);
    for (const c of fx.cases) {
      const { rows, dim } = await describeAllRows(img, lark, c.params);
      expect(dim).toBe(c.params.window ** 2);
      expect(rows.length).toBe(c.rows.length);
      let worst = 0;
      for (let i = 0; i < rows.length; i++) worst = Math.max(worst, Math.abs(rows[i] - c.rows[i]));
      expect(worst).toBeLessThan(2e-4);
    }
  });

  it('stretches the kernel along an edge and is an isotropic unit Gaussian on a flat image', async () => {
    // A vertical step: next to it the kernel reaches further up and down than left and right.
    const step = grayImage(16, 16, (x) => (x < 8 ? 0.2 : 0.8));
    const { rows } = await describeAllRows(step, lark, {});
    const at = (x: number, y: number, dx: number, dy: number) => rows[(y * 16 + x) * 25 + (dy + 2) * 5 + (dx + 2)];
    expect(at(8, 8, 0, 2)).toBeGreaterThan(at(8, 8, 2, 0) * 1.2);
    expect(at(8, 8, 0, 2)).toBeGreaterThan(at(8, 8, -2, 0) * 1.2);
    expect(at(8, 8, 0, -2)).toBeCloseTo(at(8, 8, 0, 2), 5);
    const flat = grayImage(9, 9, () => 0.5);
    const f = (await describeAllRows(flat, lark, {})).rows;
    // γ = (λ″/M)^α everywhere, C = γI: K(d) ∝ exp(−γ‖d‖²/2).
    const gamma = (1e-7 / 13) ** 0.13;
    const k = Array.from({ length: 25 }, (_, o) => Math.exp((-gamma * (((o % 5) - 2) ** 2 + (Math.floor(o / 5) - 2) ** 2)) / 2));
    const n = Math.hypot(...k);
    for (let o = 0; o < 25; o++) expect(f[(4 * 9 + 4) * 25 + o]).toBeCloseTo(k[o] / n, 5);
    for (const v of f) expect(Number.isFinite(v)).toBe(true);
  });

  it('leaves no tensors behind', async () => {
    const img = grayImage(12, 10, (x, y) => ((x * 7 + y * 3) % 11) / 11);
    expect(await leakedTensors(() => describeAllRows(img, lark, {}))).toBe(0);
  });
});
