import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { parseHomography } from '../eval/groundTruth';
import { randomTexture } from '../testing/images';
import { invertHomography, normaliseH } from './homography';
import { homographyMap, warpRgb, warpRgbaByHomography, type RgbaImage } from './warp';

const SAMPLES = path.resolve(import.meta.dirname, '../../../public/samples');
const readRgba = (rel: string): RgbaImage => {
  const png = PNG.sync.read(fs.readFileSync(path.join(SAMPLES, rel)));
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
};
function crop(img: RgbaImage, x0: number, y0: number, w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  return { width: w, height: h, data };
}
/** Mean |a − b| over the grey levels of pixels where `mask` is set (RGB channels, 0…255). */
function meanAbsDiff(a: RgbaImage, b: RgbaImage, mask: Uint8Array): { mad: number; n: number } {
  let s = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const ga = (a.data[i * 4] + a.data[i * 4 + 1] + a.data[i * 4 + 2]) / 3;
    const gb = (b.data[i * 4] + b.data[i * 4 + 1] + b.data[i * 4 + 2]) / 3;
    s += Math.abs(ga - gb);
    n++;
  }
  return { mad: s / n, n };
}

describe('backward bilinear warp', () => {
  const graf1 = readRgba('graffiti/graf1.png');

  it('warps a shifted pair onto the target: identical in the overlap, masked outside it', () => {
    // Target pixel (x, y) is source pixel (x + 23, y + 11): source → target is the shift (−23, −11).
    const src = crop(graf1, 200, 150, 300, 220);
    const tgt = crop(graf1, 223, 161, 300, 220);
    const w = warpRgbaByHomography(src, normaliseH([1, 0, -23, 0, 1, -11, 0, 0, 1]), 300, 220);
    expect(w.validCount).toBe((300 - 23) * (220 - 11));
    expect(w.mask[0]).toBe(1);
    expect(w.mask[(219) * 300 + 299]).toBe(0);
    expect(w.image.data[(219 * 300 + 299) * 4 + 3]).toBe(0);
    const { mad } = meanAbsDiff(w.image, tgt, w.mask);
    expect(mad).toBe(0);
  });

  it('a half-pixel shift averages neighbours (bilinear), and the warp there and back stays close', () => {
    const src = crop(graf1, 300, 200, 64, 48);
    const w = warpRgbaByHomography(src, normaliseH([1, 0, 0.5, 0, 1, 0, 0, 0, 1]), 64, 48);
    // Output (x, y) samples the source at (x − ½, y): the mean of pixels x − 1 and x.
    const i = (10 * 64 + 20) * 4;
    expect(w.image.data[i]).toBe(Math.round((src.data[(10 * 64 + 19) * 4] + src.data[(10 * 64 + 20) * 4]) / 2));
    const H = normaliseH([1.05, 0.08, -6, -0.04, 0.97, 3, 2e-4, 1e-4, 1]);
    const fwd = warpRgbaByHomography(graf1, H, 800, 640);
    const back = warpRgbaByHomography(fwd.image, invertHomography(H), 800, 640);
    const inner = back.mask.map((v, k) => (v && fwd.image.data[k * 4 + 3] && (k % 800) > 40 && (k % 800) < 760 && k > 40 * 800 && k < 600 * 800 ? 1 : 0));
    // Two bilinear resamplings blur a little; the photo's fine texture keeps the error at a few levels.
    expect(meanAbsDiff(back.image, graf1, inner).mad).toBeLessThan(6);
  });

  it('graffiti 1→3 through the dataset homography: grey difference 16.9 warped, against 63.6 unwarped', () => {
    const graf3 = readRgba('graffiti/graf3.png');
    const gt = parseHomography(fs.readFileSync(path.join(SAMPLES, 'graffiti/H1to3.txt'), 'utf8'));
    if (gt.kind !== 'homography') throw new Error('expected a homography');
    const w = warpRgbaByHomography(graf1, gt.H, graf3.width, graf3.height);
    const warped = meanAbsDiff(w.image, graf3, w.mask);
    const all = new Uint8Array(graf3.width * graf3.height).fill(1);
    const raw = meanAbsDiff(graf1, graf3, all);
    // The figures ../shared/data/README.md gives for the same check.
    expect(warped.mad).toBeGreaterThan(15.5);
    expect(warped.mad).toBeLessThan(18.5);
    expect(raw.mad).toBeGreaterThan(60);
    expect(w.validCount / all.length).toBeGreaterThan(0.5);
  });

  it('warps RgbImages too, and rejects maps of the wrong size', () => {
    const img = randomTexture(40, 30, 3);
    const w = warpRgb(img, homographyMap(normaliseH([1, 0, 2, 0, 1, 1, 0, 0, 1]), 40, 30));
    // Output (5, 4) samples the source at (3, 3).
    expect(w.image.data[(4 * 40 + 5) * 3 + 1]).toBeCloseTo(img.data[(3 * 40 + 3) * 3 + 1], 6);
    expect(w.mask[0]).toBe(0);
    expect(() => warpRgb(img, { width: 4, height: 4, mapX: new Float32Array(3), mapY: new Float32Array(3) })).toThrow(/4×4/);
  });
});
