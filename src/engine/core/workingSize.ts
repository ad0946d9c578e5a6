/**
 * Images larger than a working limit are downscaled before descriptors are computed, because a dense
 * descriptor map costs H·W·D·4 bytes (a 12 MP photo with 128-D SIFT would need 6 GB). The display keeps
 * the original; the app maps coordinates through `scale`.
 */
import type { RgbImage } from './image';

/** Default limit on pixels computed per image: 800×800. Both built-in pairs fit under it. */
export const DEFAULT_MAX_WORKING_PIXELS = 640_000;

/** The working size for an image of `width`×`height`: same aspect, at most `maxPixels` pixels. */
export function workingSize(width: number, height: number, maxPixels = DEFAULT_MAX_WORKING_PIXELS) {
  if (width * height <= maxPixels) return { width, height, scale: 1 };
  const scale = Math.sqrt(maxPixels / (width * height));
  const w = Math.max(1, Math.floor(width * scale));
  const h = Math.max(1, Math.floor(height * scale));
  return { width: w, height: h, scale: w / width };
}

/**
 * Area-average downscale (each output pixel is the mean of the input area it covers, with fractional
 * coverage at the edges), so no aliasing reaches the descriptors. Output (h, w, 3) float32 in [0, 1].
 */
export function downscaleArea(img: RgbImage, w: number, h: number): RgbImage {
  if (w > img.width || h > img.height) throw new RangeError('downscaleArea only shrinks');
  const out = new Float32Array(w * h * 3);
  const sx = img.width / w;
  const sy = img.height / h;
  const row = new Float32Array(w * 3);
  for (let oy = 0; oy < h; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    row.fill(0);
    for (let y = Math.floor(y0); y < Math.min(Math.ceil(y1), img.height); y++) {
      const wy = Math.min(y + 1, y1) - Math.max(y, y0);
      accumulateRow(img, y, wy, sx, w, row);
    }
    const norm = 1 / (sx * sy);
    for (let i = 0; i < w * 3; i++) out[oy * w * 3 + i] = row[i] * norm;
  }
  return { width: w, height: h, data: out };
}

function accumulateRow(img: RgbImage, y: number, wy: number, sx: number, w: number, row: Float32Array) {
  const base = y * img.width * 3;
  for (let ox = 0; ox < w; ox++) {
    const x0 = ox * sx;
    const x1 = x0 + sx;
    for (let x = Math.floor(x0); x < Math.min(Math.ceil(x1), img.width); x++) {
      const wgt = wy * (Math.min(x + 1, x1) - Math.max(x, x0));
      const p = base + x * 3;
      row[ox * 3] += img.data[p] * wgt;
      row[ox * 3 + 1] += img.data[p + 1] * wgt;
      row[ox * 3 + 2] += img.data[p + 2] * wgt;
    }
  }
}

/**
 * Working ↔ original pixel coordinates for a per-axis scale s = working size / original size. With pixel
 * centres at integers, pixel i covers [i − ½, i + ½), so x_orig = (x_work + ½)/s − ½.
 */
export function toOriginal(xWork: number, scale: number): number {
  return scale === 1 ? xWork : (xWork + 0.5) / scale - 0.5;
}

export function toWorking(xOrig: number, scale: number): number {
  return scale === 1 ? xOrig : (xOrig + 0.5) * scale - 0.5;
}
