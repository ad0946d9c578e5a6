/** 8-bit grey images for BRISK, whose FAST scores and thresholds are defined on 0…255 intensities. */
import { assertRgbImage, type RgbImage } from '../../core/image';

/** (H, W) uint8 grey image, row-major. */
export interface Grey8 {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Throws unless `g` is a well-formed Grey8. */
export function assertGrey8(g: Grey8): void {
  if (!Number.isInteger(g.width) || !Number.isInteger(g.height) || g.width < 1 || g.height < 1) {
    throw new RangeError(`grey image size must be positive integers, got ${g.width}×${g.height}`);
  }
  if (g.data.length !== g.width * g.height) throw new RangeError(`grey image has ${g.data.length} bytes, expected ${g.width}×${g.height}`);
}

/** RgbImage ([0, 1] floats) → BT.601 luma rounded to 8 bits, as OpenCV's COLOR_RGB2GRAY on the decoded bytes. */
export function toGrey8(img: RgbImage): Grey8 {
  assertRgbImage(img);
  const n = img.width * img.height;
  const data = new Uint8Array(n);
  const d = img.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) data[i] = Math.round(255 * (0.299 * d[j] + 0.587 * d[j + 1] + 0.114 * d[j + 2]));
  return { width: img.width, height: img.height, data };
}

/** Summed-area table, (H + 1, W + 1) float64: S[y][x] = Σ of data over rows < y, columns < x. */
export function integralImage(g: Grey8): Float64Array {
  const w = g.width + 1;
  const s = new Float64Array(w * (g.height + 1));
  for (let y = 0; y < g.height; y++) {
    let row = 0;
    for (let x = 0; x < g.width; x++) {
      row += g.data[y * g.width + x];
      s[(y + 1) * w + x + 1] = s[y * w + x + 1] + row;
    }
  }
  return s;
}
