/** Synthetic test images with known content (no randomness from the platform: a fixed-seed PRNG). */
import type { RgbImage } from '../core/image';
import { mulberry32 } from '../core/random';

export { mulberry32 };

/**
 * Random colour texture quantised to 8 bits. With `blur`, the noise is smoothed by a 3×3 box so that
 * neighbouring pixels correlate, like a photo (and become harder to tell apart).
 */
export function randomTexture(width: number, height: number, seed = 1, blur = true): RgbImage {
  const rnd = mulberry32(seed);
  const raw = new Float32Array(width * height * 3).map(() => rnd());
  if (!blur) return { width, height, data: raw.map((v) => Math.round(v * 255) / 255) };
  const data = new Float32Array(raw.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        let n = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy, xx = x + dx;
            if (yy < 0 || xx < 0 || yy >= height || xx >= width) continue;
            s += raw[(yy * width + xx) * 3 + c];
            n++;
          }
        }
        data[(y * width + x) * 3 + c] = Math.round((s / n) * 255) / 255;
      }
    }
  }
  return { width, height, data };
}

/** An image from a grey-level function (values in [0, 1]). */
export function grayImage(width: number, height: number, f: (x: number, y: number) => number): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(f(x, y), (y * width + x) * 3, (y * width + x) * 3 + 3);
  return { width, height, data };
}
