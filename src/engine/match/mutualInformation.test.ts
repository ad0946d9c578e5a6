import { describe, expect, it } from 'vitest';
import { DEFAULT_MI_PARAMS, jointHistogram, miQuery, miTable, quantiseGrey } from './mutualInformation';
import { randomTexture } from '../testing/images';
import type { RgbImage } from '../core/image';

const { bins, window } = DEFAULT_MI_PARAMS;

/** Every pixel paired with (x + sx, y + sy), where that exists. */
function shiftCorrespondences(w: number, h: number, sx: number, sy: number, step = 4) {
  const c = { x0: [] as number[], y0: [] as number[], x1: [] as number[], y1: [] as number[] };
  for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) {
    if (x + sx < 0 || x + sx >= w || y + sy < 0 || y + sy >= h) continue;
    c.x0.push(x); c.y0.push(y); c.x1.push(x + sx); c.y1.push(y + sy);
  }
  return c;
}

const shift = (img: RgbImage, sx: number, sy: number): RgbImage => {
  const data = new Float32Array(img.data.length);
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) {
    const xs = Math.min(img.width - 1, Math.max(0, x - sx));
    const ys = Math.min(img.height - 1, Math.max(0, y - sy));
    data.set(img.data.subarray((ys * img.width + xs) * 3, (ys * img.width + xs) * 3 + 3), (y * img.width + x) * 3);
  }
  return { ...img, data };
};

describe('mutual information (Hirschmüller 2008)', () => {
  it('quantises grey levels into 0…bins − 1', () => {
    const v = (g8: number) => [g8 / 255, g8 / 255, g8 / 255];
    const img: RgbImage = { width: 4, height: 1, data: Float32Array.from([...v(0), ...v(127), ...v(128), ...v(255)]) };
    expect(Array.from(quantiseGrey(img, 32))).toEqual([0, 15, 16, 31]);
    expect(Array.from(quantiseGrey(img, 256))).toEqual([0, 127, 128, 255]);
  });

  it('is near zero for independent images and large for a deterministic relation', () => {
    const a = quantiseGrey(randomTexture(60, 40, 1, false), bins);
    const b = quantiseGrey(randomTexture(60, 40, 2, false), bins);
    const all = shiftCorrespondences(60, 40, 0, 0, 1);
    const mean = (x: Uint16Array, y: Uint16Array) => {
      const { counts, n } = jointHistogram(x, 60, 40, y, 60, 40, all, bins, 1);
      expect(n).toBe(2400);
      const mi = miTable(counts, n, bins);
      let s = 0;
      for (let i = 0; i < x.length; i++) s += mi[x[i] * bins + y[i]];
      return s / n;
    };
    const independent = mean(a, b);
    const inverted = mean(a, a.map((v) => bins - 1 - v));
    expect(Math.abs(independent)).toBeLessThan(0.05);
    // log 32 = 3.47 nats for a noiseless one-to-one map; the σ = 1-bin Parzen window blurs it to about half.
    expect(inverted).toBeGreaterThan(1.2);
    expect(inverted).toBeLessThan(Math.log(bins));
    expect(() => miTable(new Float64Array(bins * bins), 0, bins)).toThrow(/at least one/);
  });

  it('finds the true match between an image and its shifted, contrast-inverted copy', () => {
    const img = randomTexture(80, 60, 5);
    const moved = shift(img, 6, 3);
    const inverted: RgbImage = { ...moved, data: moved.data.map((v) => 1 - v) };
    const a = quantiseGrey(img, bins);
    const b = quantiseGrey(inverted, bins);
    const { counts, n } = jointHistogram(a, 80, 60, b, 80, 60, shiftCorrespondences(80, 60, 6, 3), bins, window);
    const mi = miTable(counts, n, bins);
    for (const [x, y] of [[20, 20], [40, 30], [55, 45], [10, 12]]) {
      const r = miQuery(a, 80, 60, x, y, b, 80, 60, mi, bins, window, n);
      expect([r.bestX, r.bestY]).toEqual([x + 6, y + 3]);
      expect(r.bestScore).toBe(r.max);
      expect(r.ties).toBe(1);
      expect(r.samples).toBe(n);
    }
    expect(() => miQuery(a, 80, 60, 80, 0, b, 80, 60, mi, bins, window, n)).toThrow(RangeError);
  });
});
