import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../core/random';
import type { RgbImage } from '../core/image';
import { parseHomography, trueTarget } from '../eval/groundTruth';
import { applyH, geometricHomography, invert3, mul3, warpHomography, IDENTITY_GEOMETRY } from './geometric';
import { distortImage, formatHomography, validateDistortion } from './index';
import { addNoise, gradientMagnitude, infraredLike, invertContrast, jpegRoundTrip, swapChannels } from './photometric';

/** A smooth random texture (sum of a few sinusoids per channel), so bilinear resampling is accurate. */
function texture(w: number, h: number): RgbImage {
  const r = mulberry32(7);
  const waves = Array.from({ length: 9 }, () => [r() * 0.15, r() * 0.15, r() * 6]);
  const data = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
    let v = 0;
    for (let k = c * 3; k < c * 3 + 3; k++) v += Math.sin(waves[k][0] * x + waves[k][1] * y + waves[k][2]);
    data[(y * w + x) * 3 + c] = 0.5 + v / 6;
  }
  return { width: w, height: h, data };
}

const bilinear = (img: RgbImage, x: number, y: number, c: number) => {
  const x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0;
  const at = (xx: number, yy: number) => img.data[(yy * img.width + xx) * 3 + c];
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
};

describe('geometric distortions', () => {
  const src = texture(64, 48);
  const spec = { rotationDeg: 20, scale: 0.9, shear: 0.1, aspect: 1.1, px: 0.1, py: -0.05, tx: 3, ty: -2 };

  it('identity parameters give the identity homography and an unchanged image', () => {
    const H = geometricHomography(IDENTITY_GEOMETRY, 64, 48);
    H.forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0, 0, 1, 0, 0, 0, 1][i], 12));
    expect(distortImage(src, {}).image.data).toEqual(src.data);
  });

  it('composes rotation, scale and translation about the centre as stated', () => {
    const H = geometricHomography({ ...IDENTITY_GEOMETRY, rotationDeg: 90, scale: 2, tx: 1 }, 65, 49);
    // Centre (32, 24) stays and moves by t; a point 1 px right of the centre goes 2 px up (counter-clockwise on screen).
    expect(applyH(H, 32, 24)).toEqual([33, 24].map((v) => expect.closeTo(v, 10)));
    expect(applyH(H, 33, 24)).toEqual([33, 22].map((v) => expect.closeTo(v, 10)));
  });

  it('the target at H·p holds the source value at p (re-warping check)', () => {
    const { H } = distortImage(src, spec);
    // The same warp with −1 outside the source, so target pixels next to uncovered ones can be skipped.
    const image = warpHomography(src, H, 64, 48, -1);
    expect(distortImage(src, spec).image.data.filter((v, i) => image.data[i] >= 0 && v !== image.data[i]).length).toBe(0);
    const r = mulberry32(3);
    let checked = 0;
    for (let i = 0; i < 200; i++) {
      const x = Math.floor(r() * 64), y = Math.floor(r() * 48);
      const [u, v] = applyH(H, x, y);
      if (!(u >= 0 && v >= 0 && u < 63 && v < 47)) continue;
      const corners = [0, 1, 64, 65].map((o) => image.data[((Math.floor(v) * 64 + Math.floor(u)) + o) * 3]);
      if (corners.some((c) => c < 0)) continue;
      checked++;
      // Bilinear in the target around H·p blurs by < ½ px: the texture is smooth, so the difference is small.
      for (let c = 0; c < 3; c++) expect(Math.abs(bilinear(image, u, v, c) - src.data[(y * 64 + x) * 3 + c])).toBeLessThan(0.03);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('warping the target back through H⁻¹ restores the source where the target covers it', () => {
    const { image, H } = distortImage(src, spec);
    const back = warpHomography(image, invert3(H), 64, 48, -1);
    let n = 0, err = 0;
    for (let i = 0; i < back.data.length; i++) {
      if (back.data[i] < 0) continue;
      // Skip pixels whose footprint touched the target's black border.
      const p = Math.floor(i / 3), [u, v] = applyH(H, p % 64, Math.floor(p / 64));
      if (!(u >= 1 && v >= 1 && u <= 62 && v <= 46)) continue;
      n++;
      err += Math.abs(back.data[i] - src.data[i]);
    }
    expect(n).toBeGreaterThan(2000);
    expect(err / n).toBeLessThan(0.01);
  });

  it('H.txt round-trips through the homography reader exactly', () => {
    const { H } = distortImage(src, spec);
    const gt = parseHomography(formatHomography(H));
    expect(trueTarget(gt, 10, 20)).toEqual(applyH(H, 10, 20));
  });

  it('inverse and product agree', () => {
    const H = geometricHomography(spec as never, 64, 48);
    mul3(H, invert3(H)).forEach((v, i) => expect(v).toBeCloseTo([1, 0, 0, 0, 1, 0, 0, 0, 1][i], 12));
  });
});

describe('photometric and modality changes', () => {
  const src = texture(16, 12);

  it('seeded noise repeats with the seed and has the asked σ', () => {
    const flat = { width: 100, height: 100, data: new Float32Array(30000).fill(0.5) };
    const a = addNoise(flat, 0.05, 9), b = addNoise(flat, 0.05, 9), c = addNoise(flat, 0.05, 10);
    expect(a.data).toEqual(b.data);
    expect(a.data).not.toEqual(c.data);
    const sd = Math.sqrt(a.data.reduce((s, v) => s + (v - 0.5) ** 2, 0) / a.data.length);
    expect(sd).toBeGreaterThan(0.048);
    expect(sd).toBeLessThan(0.052);
  });

  it('inversion, channel swap and the infrared-like grey are the stated maps', () => {
    expect(invertContrast(src).data[5]).toBeCloseTo(1 - src.data[5], 6);
    const s = swapChannels(src).data;
    expect([s[0], s[1], s[2]]).toEqual([src.data[2], src.data[1], src.data[0]]);
    const ir = infraredLike({ width: 1, height: 1, data: Float32Array.from([0.2, 0.5, 0.4]) }).data;
    expect(ir[0]).toBeCloseTo(0.1 * 0.2 + 1.2 * 0.5 - 0.5 * 0.4 + 0.15, 6);
  });

  it('gradient magnitude peaks on a vertical step edge and is 0 on flat ground', () => {
    const step = { width: 6, height: 3, data: new Float32Array(54).map((_, i) => (Math.floor(i / 3) % 6 >= 3 ? 1 : 0)) };
    const g = gradientMagnitude(step).data;
    const row = Array.from({ length: 6 }, (_, x) => g[(6 + x) * 3]);
    [0, 0, 1, 1, 0, 0].forEach((v, x) => expect(row[x]).toBeCloseTo(v, 9));
  });

  it('a JPEG round trip at quality 95 stays close; at 5 it does not', () => {
    const mad = (q: number) => jpegRoundTrip(src, q).data.reduce((s, v, i) => s + Math.abs(v - src.data[i]), 0) / src.data.length;
    expect(mad(95)).toBeLessThan(0.01);
    expect(mad(5)).toBeGreaterThan(mad(95) * 3);
  });

  it('bad parameters are refused with the field named', () => {
    expect(() => validateDistortion({ scale: 0 })).toThrow(/scale must be a number in \[0.1, 10\]/);
    expect(() => validateDistortion({ modality: 'xray' as never })).toThrow(/modality/);
  });
});
