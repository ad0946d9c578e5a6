import { describe, expect, it, beforeAll } from 'vitest';
import { sift } from './sift';
import { DescriptorParamError } from './contract';
import { describeDense, disposeMap, type DescriptorMap } from '../match/descriptorMap';
import { grayImage, randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import type { RgbImage } from '../core/image';
import { tf, type Tensor3D } from '../tf';
import { gaussianKernel1d } from '../tf/filters';
import { orientationWindowSigma, rotatedSupportRadius } from './sift/geometry';
import { paddedGradients } from './sift/histograms';
import { dominantOrientation } from './orientation/dominant';
import fx from './fixtures/sift_vlfeat.json';

// ---- A slow oracle written from the definition (Lowe 2004 §6.1), per pixel, in float64 ----

const tri = (u: number, b: number) => Math.max(0, 1 - Math.abs(u) / b);
const offset = (i: number, b: number) => (i - 1.5) * b;
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return ab / Math.sqrt(aa * bb);
};

/** Lowe's normalisation: unit length, clamp at 0.2, unit length. */
function loweNormalise(h: number[]): number[] {
  const n1 = Math.hypot(...h);
  const c = h.map((v) => Math.min(v / n1, 0.2));
  const n2 = Math.hypot(...c);
  return c.map((v) => v / n2);
}

/** Grey level of an RgbImage (equal channels in these tests), smoothed by σ with replicated borders. */
function smoothedGrey(img: RgbImage, sigma: number): (x: number, y: number) => number {
  const { width: w, height: h } = img;
  const k = gaussianKernel1d(sigma);
  const r = (k.length - 1) / 2;
  const at = (x: number, y: number) => img.data[(Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))) * 3];
  const cache = new Map<number, number>();
  return (x, y) => {
    const key = y * 100000 + x;
    let v = cache.get(key);
    if (v === undefined) {
      v = 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) v += k[dy + r] * k[dx + r] * at(x + dx, y + dy);
      cache.set(key, v);
    }
    return v;
  };
}

/** Per-bin window weight: the triangle-weighted mean of the Gaussian σ = 2b over the pixels of bin i. */
function binWeight(i: number, b: number): number {
  let num = 0, den = 0;
  for (let u = -3 * b; u <= 3 * b; u++) {
    num += tri(u - offset(i, b), b) * Math.exp(-(u * u) / (8 * b * b));
    den += tri(u - offset(i, b), b);
  }
  return num / den;
}

/**
 * The descriptor at (x, y) by direct summation: every pixel q of the support adds its gradient magnitude,
 * split linearly between the 2 nearest of 8 orientations (relative to θ₀) and bilinearly between the
 * bins of the grid rotated by θ₀, times the bin's window weight.
 */
function oracle(grey: (x: number, y: number) => number, x: number, y: number, b: number, theta0 = 0): number[] {
  const h = new Array(128).fill(0);
  const [c, s] = [Math.cos(theta0), Math.sin(theta0)];
  const r = Math.ceil(2.2 * b) + b;
  for (let qy = y - r; qy <= y + r; qy++) {
    for (let qx = x - r; qx <= x + r; qx++) {
      const gx = (grey(qx + 1, qy) - grey(qx - 1, qy)) / 2;
      const gy = (grey(qx, qy + 1) - grey(qx, qy - 1)) / 2;
      const mag = Math.hypot(gx, gy);
      const rel = ((((Math.atan2(gy, gx) - theta0) * 4) / Math.PI) % 8 + 8) % 8; // in orientation bins
      const [u, v] = [(qx - x) * c + (qy - y) * s, -(qx - x) * s + (qy - y) * c]; // frame coordinates
      for (let j = 0; j < 4; j++) {
        for (let i = 0; i < 4; i++) {
          const ws = tri(u - offset(i, b), b) * tri(v - offset(j, b), b) * binWeight(i, b) * binWeight(j, b);
          if (ws === 0) continue;
          for (let t = 0; t < 8; t++) {
            const d = Math.min(Math.abs(rel - t), 8 - Math.abs(rel - t));
            h[(j * 4 + i) * 8 + t] += ws * mag * tri(d, 1);
          }
        }
      }
    }
  }
  return loweNormalise(h);
}

/** Lowe's window applied per sample (not per bin) on a uniform gradient field: the exact histogram. */
function uniformFieldDescriptor(b: number, orientation: number): number[] {
  const h = new Array(128).fill(0);
  for (let j = 0; j < 4; j++) {
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let v = -3 * b; v <= 3 * b; v++) {
        for (let u = -3 * b; u <= 3 * b; u++) s += tri(u - offset(i, b), b) * tri(v - offset(j, b), b) * Math.exp(-(u * u + v * v) / (8 * b * b));
      }
      h[(j * 4 + i) * 8 + orientation] = s;
    }
  }
  return loweNormalise(h);
}

/** The image turned by +90° in the y-down frame: pixel (x, y) moves to (H − 1 − y, x). */
function rotate90(img: RgbImage): RgbImage {
  const { width: w, height: h } = img;
  const data = new Float32Array(img.data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data.set(img.data.subarray((y * w + x) * 3, (y * w + x) * 3 + 3), (x * h + (h - 1 - y)) * 3);
  }
  return { width: h, height: w, data };
}

/** A grey (equal-channel) texture, so the oracle can read the grey level from one channel. */
function greyTexture(w: number, h: number, seed: number): RgbImage {
  const tex = randomTexture(w, h, seed);
  return grayImage(w, h, (x, y) => tex.data[(y * w + x) * 3]);
}

async function rowsOf(map: DescriptorMap): Promise<Float32Array> {
  return (await map.rows.data()) as Float32Array;
}
const at = (rows: Float32Array, map: DescriptorMap, x: number, y: number) => rows.subarray((y * map.width + x) * 128, (y * map.width + x + 1) * 128);

describe.each(NODE_BACKENDS)('sift on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('reproduces VLFeat vl_dsift (bin 4, step 1): cosine ≥ 0.999 with its flat window, ≥ 0.99 with its Gaussian window', async () => {
    const img = grayImage(fx.width, fx.height, (x, y) => fx.grey[y * fx.width + x] / 255);
    const p = sift.validateParams({ binSize: fx.binSize });
    const map = describeDense(img, sift, p);
    const rows = await rowsOf(map);
    fx.points.forEach(([x, y], k) => {
      const d = at(rows, map, x, y);
      expect(cosine(d, fx.flat[k]), `flat window at (${x}, ${y})`).toBeGreaterThanOrEqual(0.999);
      expect(cosine(d, fx.gaussian[k]), `Gaussian window at (${x}, ${y})`).toBeGreaterThanOrEqual(0.99);
    });
    disposeMap(map);
  });

  it('gives a ramp all its weight in the orientation of its gradient, with Lowe\'s window (y points down)', async () => {
    const p = sift.validateParams({});
    const cases: [string, (x: number, y: number) => number, number][] = [
      ['brighter to the right (0°)', (x) => 0.2 + 0.02 * x, 0],
      ['brighter downwards (90°)', (_x, y) => 0.2 + 0.02 * y, 2],
      ['brighter down-right (45°)', (x, y) => 0.1 + 0.01 * (x + y), 1],
      ['brighter to the left (180°)', (x) => 0.9 - 0.02 * x, 4],
    ];
    for (const [what, f, t] of cases) {
      const map = describeDense(grayImage(36, 34, f), sift, p);
      const d = Array.from(at(await rowsOf(map), map, 18, 17));
      const want = uniformFieldDescriptor(4, t);
      d.forEach((v, i) => expect(v, `${what}, element ${i}`).toBeCloseTo(want[i], 5));
      disposeMap(map);
    }
  });

  it('matches the by-definition oracle for even and odd bin sizes (odd: bin centres on half pixels)', async () => {
    const img = greyTexture(44, 40, 5);
    for (const b of [3, 4, 5]) {
      const map = describeDense(img, sift, sift.validateParams({ binSize: b, sigma: 1 }));
      const rows = await rowsOf(map);
      const grey = smoothedGrey(img, 1);
      for (const [x, y] of [[22, 20], [19, 18], [24, 21]]) {
        const want = oracle(grey, x, y, b);
        at(rows, map, x, y).forEach((v, i) => expect(Math.abs(v - want[i]), `b = ${b} (${x}, ${y}) element ${i}`).toBeLessThan(2e-5));
      }
      disposeMap(map);
    }
  });

  it('is unchanged by adding 0.1 to the image (1e-5), unit length everywhere, zero and finite on a flat image', async () => {
    const base = randomTexture(40, 32, 3);
    const brighter = { ...base, data: base.data.map((v) => v * 0.8 + 0.1) };
    const scaled = { ...base, data: base.data.map((v) => v * 0.8) };
    const p = sift.validateParams({});
    const [a, b] = [describeDense(scaled, sift, p), describeDense(brighter, sift, p)];
    const [ra, rb] = [await rowsOf(a), await rowsOf(b)];
    for (let y = 10; y < 22; y++) for (let x = 10; x < 30; x++) at(rb, b, x, y).forEach((v, i) => expect(Math.abs(v - at(ra, a, x, y)[i])).toBeLessThan(1e-5));
    (await a.sqNorms.data()).forEach((n2) => expect(n2).toBeCloseTo(1, 5));
    disposeMap(a);
    disposeMap(b);
    for (const oriented of [false, true]) {
      const flat = describeDense(grayImage(12, 9, () => 0.4), sift, sift.validateParams({ oriented }));
      expect(Array.from(await flat.rows.data()).every((v) => v === 0)).toBe(true);
      disposeMap(flat);
    }
  });

  it('oriented: an image turned by 90° or 180° has the same descriptors at corresponding pixels (cosine ≥ 0.95)', async () => {
    const img = randomTexture(56, 52, 7);
    const p = sift.validateParams({ oriented: true });
    const base = describeDense(img, sift, p);
    const rb = await rowsOf(base);
    const once = rotate90(img);
    // (x, y) → (H − 1 − y, x) → (W − 1 − x, H − 1 − y).
    const turns: [RgbImage, (x: number, y: number) => [number, number]][] = [
      [once, (x, y) => [img.height - 1 - y, x]],
      [rotate90(once), (x, y) => [img.width - 1 - x, img.height - 1 - y]],
    ];
    const margin = rotatedSupportRadius(4) + 6;
    for (const [turned, to] of turns) {
      const map = describeDense(turned, sift, p);
      const rt = await rowsOf(map);
      let worst = 1;
      for (let y = margin; y < img.height - margin; y++) {
        for (let x = margin; x < img.width - margin; x++) worst = Math.min(worst, cosine(at(rb, base, x, y), at(rt, map, ...to(x, y))));
      }
      expect(worst).toBeGreaterThanOrEqual(0.95);
      disposeMap(map);
    }
    disposeMap(base);
  });

  it('oriented: close to the by-definition rotated descriptor at the same θ₀ (cosine ≥ 0.97)', async () => {
    const img = greyTexture(48, 48, 11);
    const b = 4;
    const map = describeDense(img, sift, sift.validateParams({ oriented: true, sigma: 1 }));
    const rows = await rowsOf(map);
    const pad = rotatedSupportRadius(b);
    const theta = tf.tidy(() => {
      const grey = tf.tensor3d(img.data.filter((_, i) => i % 3 === 0), [img.height, img.width, 1]) as Tensor3D;
      const { mag, angle } = paddedGradients(grey, 1, pad);
      return dominantOrientation(mag, angle, pad, img.height, img.width, orientationWindowSigma(b));
    });
    const thetas = await theta.data();
    theta.dispose();
    const grey = smoothedGrey(img, 1);
    for (const [x, y] of [[24, 24], [20, 26], [27, 21], [23, 22]]) {
      const t0 = thetas[y * img.width + x];
      expect(cosine(at(rows, map, x, y), oracle(grey, x, y, b, t0)), `(${x}, ${y}), θ₀ = ${((t0 * 180) / Math.PI).toFixed(1)}°`).toBeGreaterThanOrEqual(0.97);
    }
    disposeMap(map);
  });

  it('keeps the image size for any size, even smaller than the support, and leaves no tensors behind', async () => {
    for (const [w, h] of [[1, 1], [5, 3], [13, 9]] as const) {
      for (const oriented of [false, true]) {
        const p = sift.validateParams({ oriented, binSize: 3 });
        const map = describeDense(randomTexture(w, h, 1), sift, p);
        expect(map.rows.shape).toEqual([w * h, 128]);
        expect(Array.from(await map.sqNorms.data()).every(Number.isFinite)).toBe(true);
        disposeMap(map);
      }
    }
    const img = randomTexture(20, 16, 2);
    for (const oriented of [false, true]) {
      expect(await leakedTensors(() => disposeMap(describeDense(img, sift, sift.validateParams({ oriented }))))).toBe(0);
    }
  });
});

describe('sift params', () => {
  it('fills defaults, has D = 128, and rejects bad or unknown parameters', () => {
    expect(sift.validateParams(undefined)).toEqual({ binSize: 4, sigma: -1, oriented: false });
    expect(sift.dim(sift.validateParams({ binSize: 9 }))).toBe(128);
    expect(sift.radius(sift.validateParams({}))).toBe(9);
    expect(() => sift.validateParams({ binSize: 1 })).toThrow(DescriptorParamError);
    expect(() => sift.validateParams({ binSize: 17 })).toThrow(/\[2, 16\]/);
    expect(() => sift.validateParams({ binSize: 4.5 })).toThrow(/integer/);
    expect(() => sift.validateParams({ sigma: -0.5 })).toThrow(/−1 \(automatic\) or ≥ 0/);
    expect(() => sift.validateParams({ sigma: 9 })).toThrow(DescriptorParamError);
    expect(() => sift.validateParams({ oriented: 'yes' })).toThrow(/true or false/);
    expect(() => sift.validateParams({ bins: 4 })).toThrow(/unknown parameter "bins"/);
    expect(sift.validateParams({ sigma: 0, oriented: true })).toEqual({ binSize: 4, sigma: 0, oriented: true });
  });

  it('draws 16 bins of binSize pixels at ±b/2, ±3b/2 and the Gaussian window σ = 2b', () => {
    const pat = sift.pattern!(sift.validateParams({ binSize: 6 }));
    expect(pat.cells).toHaveLength(16);
    expect(pat.cells![0]).toEqual({ x: -9, y: -9, size: 6 });
    expect(pat.cells![6]).toEqual({ x: 3, y: -3, size: 6 });
    expect(pat.points).toEqual([{ x: 0, y: 0, r: 12 }]);
  });
});
