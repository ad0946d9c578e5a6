import { beforeAll, describe, expect, it } from 'vitest';
import { centralGradients, gaussianBlur, gaussianKernel1d, separableConv } from './filters';
import { tf, type Tensor3D } from './index';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';

const img = (w: number, h: number, f: (x: number, y: number) => number) =>
  tf.tensor3d(Float32Array.from({ length: w * h }, (_, i) => f(i % w, Math.floor(i / w))), [h, w, 1]) as Tensor3D;

describe('gaussianKernel1d', () => {
  it('is normalised, symmetric and truncated at ceil(4σ)', () => {
    const k = gaussianKernel1d(1.5);
    expect(k.length).toBe(2 * 6 + 1);
    expect(k.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    expect(k[0]).toBeCloseTo(k[12], 7);
    expect(k[6] / k[7]).toBeCloseTo(Math.exp(1 / (2 * 2.25)), 5);
    expect(Array.from(gaussianKernel1d(0))).toEqual([1]);
  });
});

describe.each(NODE_BACKENDS)('filters on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('blurring an impulse reproduces the kernel (outer product)', async () => {
    const k = gaussianKernel1d(1);
    const x = img(15, 15, (a, b) => (a === 7 && b === 7 ? 1 : 0));
    const y = await gaussianBlur(x, 1).data();
    expect(y[7 * 15 + 7]).toBeCloseTo(k[4] * k[4], 6);
    expect(y[7 * 15 + 9]).toBeCloseTo(k[4] * k[6], 6);
    expect(y[5 * 15 + 7]).toBeCloseTo(k[2] * k[4], 6);
    x.dispose();
  });

  it('central differences give the slope of a ramp, and replicate at borders', async () => {
    const x = img(6, 4, (a, b) => 2 * a + 3 * b);
    const { gx, gy } = centralGradients(x);
    const [dx, dy] = [await gx.data(), await gy.data()];
    expect(dx[1 * 6 + 2]).toBeCloseTo(2, 6);
    expect(dy[2 * 6 + 3]).toBeCloseTo(3, 6);
    expect(dx[1 * 6 + 0]).toBeCloseTo(1, 6); // (I(1) − I(0))/2 with I(−1) = I(0)
    tf.dispose([x, gx, gy]);
  });

  it('convolution flips the kernel, and leaves no tensors', async () => {
    const x = img(5, 1, (a) => (a === 2 ? 1 : 0));
    const leaked = await leakedTensors(async () => {
      const y = separableConv(x, Float32Array.of(1, 2, 3), Float32Array.of(1));
      // out(x) = Σ k[i]·I(x − i) with k[−1..1] = [1, 2, 3]: an impulse at 2 spreads to out(2 + i) = k[i].
      expect(Array.from(await y.data())).toEqual([0, 1, 2, 3, 0]);
      y.dispose();
    });
    expect(leaked).toBe(0);
    x.dispose();
  });
});
