import { beforeAll, describe, expect, it } from 'vitest';
import { dasc, dascSamplingPattern, DASC_PATTERN_SEED, DASC_VARIANCE_FLOOR } from './dasc';
import { DescriptorParamError } from './contract';
import type { RgbImage } from '../core/image';
import { grayImage } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { describeAllRows, imageFromRgb8 } from '../testing/describe';
import fx from './fixtures/dasc_reference.json';

const fixtureImage: RgbImage = imageFromRgb8(fx.image);

const describeAll = (img: RgbImage, raw: Record<string, unknown>) => describeAllRows(img, dasc, raw);

const dot = (a: Float32Array, i: number, b: Float32Array, j: number, d: number) => {
  let s = 0;
  for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k];
  return s;
};

describe('dascSamplingPattern', () => {
  it('is a pure, seeded pattern of distinct point pairs inside the window, prefix-stable', () => {
    const a = dascSamplingPattern(128, 15);
    expect(dascSamplingPattern(128, 15)).toEqual(a);
    expect(dascSamplingPattern(32, 15)).toEqual(a.slice(0, 32));
    expect(dascSamplingPattern(128, 15, DASC_PATTERN_SEED + 1)).not.toEqual(a);
    for (const { p, q } of a) {
      for (const v of [p.dy, p.dx, q.dy, q.dx]) expect(Math.abs(v)).toBeLessThanOrEqual(15);
      expect(p.dy !== q.dy || p.dx !== q.dx).toBe(true);
    }
  });

  it('matches the NumPy reference\'s reimplementation of mulberry32', () => {
    expect(fx.seed).toBe(DASC_PATTERN_SEED);
    expect(fx.tau).toBe(DASC_VARIANCE_FLOOR);
    const ours = dascSamplingPattern(fx.params.pairs, fx.params.radius).map(({ p, q }) => [p.dy, p.dx, q.dy, q.dx]);
    expect(ours).toEqual(fx.pattern);
  });
});

describe('dasc params', () => {
  it('has L = pairs dimensions and a support of M + 2r', () => {
    const p = dasc.validateParams({});
    expect(p).toEqual({ pairs: 128, radius: 15, gfRadius: 2, epsilon: 0.09, sigma: 0.5, signed: false });
    expect(dasc.dim(p)).toBe(128);
    expect(dasc.radius(p)).toBe(19);
  });

  it('rejects pair counts that are not multiples of 8, out-of-range and unknown parameters', () => {
    expect(() => dasc.validateParams({ pairs: 12 })).toThrow(/multiple of 8/);
    expect(() => dasc.validateParams({ pairs: 512 })).toThrow(DescriptorParamError);
    expect(() => dasc.validateParams({ epsilon: 0 })).toThrow(/epsilon/);
    expect(() => dasc.validateParams({ signed: 'yes' })).toThrow(/true or false/);
    expect(() => dasc.validateParams({ window: 31 })).toThrow(/unknown parameter "window"/);
  });
});

describe.each(NODE_BACKENDS)('dasc on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('gives every pair the same value on a linear ramp (every pair of patches correlates perfectly)', async () => {
    const small = { pairs: 8, radius: 3 };
    const img = grayImage(24, 20, (x, y) => 0.1 + 0.02 * x + 0.01 * y);
    const { rows, dim } = await describeAll(img, small);
    // Pixels whose whole support (M + 2r = 7) is inside the image see an unclipped ramp.
    for (let y = 7; y < 13; y++) {
      for (let x = 7; x < 17; x++) {
        for (let l = 0; l < dim; l++) expect(rows[(y * 24 + x) * dim + l]).toBeCloseTo(1 / Math.sqrt(dim), 5);
      }
    }
  });

  it('agrees with the NumPy reference (explicit guided-filter kernel) within 1e-3 per element', async () => {
    const { rows, dim } = await describeAll(fixtureImage, fx.params);
    let maxDiff = 0;
    let minCos = 1;
    for (const pt of fx.points) {
      const i = pt.y * fx.image.width + pt.x;
      let c = 0;
      for (let l = 0; l < dim; l++) {
        maxDiff = Math.max(maxDiff, Math.abs(rows[i * dim + l] - pt.d[l]));
        c += rows[i * dim + l] * pt.d[l];
      }
      minCos = Math.min(minCos, c);
    }
    expect(maxDiff).toBeLessThan(1e-3);
    expect(minCos).toBeGreaterThan(0.9999);
  });

  it('is unit length and, like the ZNCC it is built from, unchanged by intensity inversion I → 1 − I', async () => {
    const inverted: RgbImage = { ...fixtureImage, data: fixtureImage.data.map((v) => 1 - v) };
    const a = await describeAll(fixtureImage, {});
    const b = await describeAll(inverted, {});
    const n = fixtureImage.width * fixtureImage.height;
    let minCos = 1;
    for (let i = 0; i < n; i++) {
      expect(dot(a.rows, i, a.rows, i, a.dim)).toBeCloseTo(1, 5);
      minCos = Math.min(minCos, dot(a.rows, i, b.rows, i, a.dim));
    }
    // The guided-filter weights and C are exactly invariant to I → 1 − I; measured min cosine 0.9999999.
    expect(minCos).toBeGreaterThan(0.9999);
  });

  it('stays finite on a uniform image (0/0 correlations are regularised)', async () => {
    const { rows, dim } = await describeAll(grayImage(20, 18, () => 0.4), { pairs: 16, radius: 5 });
    for (const v of rows) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeCloseTo(1 / Math.sqrt(dim), 5);
    }
  });

  it('handles images smaller than the support window, and leaves no tensors behind', async () => {
    const img = grayImage(5, 3, (x, y) => (x * 3 + y * 7) / 30);
    expect(
      await leakedTensors(async () => {
        const { rows } = await describeAll(img, {});
        expect(rows.length).toBe(5 * 3 * 128);
        expect(rows.every(Number.isFinite)).toBe(true);
      }),
    ).toBe(0);
  });
});
