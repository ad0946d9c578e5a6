/**
 * The engine's image type and the pure pixel operations every room shares.
 * Coordinates are 0-based with pixel centres at integers (OpenCV's convention).
 */

/** An RGB image: `data` is (H, W, 3) float32, row-major, values in [0, 1]. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export class ImageShapeError extends Error {}

/** Throws unless `img` is a well-formed RgbImage with finite pixels. */
export function assertRgbImage(img: RgbImage): void {
  const { width, height, data } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImageShapeError(`image size must be positive integers, got ${width}×${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new ImageShapeError(`image data has ${data.length} values, expected ${width}×${height}×3`);
  }
}

/**
 * RGBA bytes (as from ImageData, PNG or JPEG decoders) → RgbImage, alpha composited on black.
 * `rgba` is (H, W, 4) uint8; straight (not premultiplied) alpha.
 */
export function rgbaToRgbImage(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): RgbImage {
  if (rgba.length !== width * height * 4) {
    throw new ImageShapeError(`RGBA buffer has ${rgba.length} bytes, expected ${width}×${height}×4`);
  }
  const data = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    // Composite on black: c · α. Divide once by 255² to land in [0, 1].
    const a = rgba[i + 3];
    data[j] = (rgba[i] * a) / 65025;
    data[j + 1] = (rgba[i + 1] * a) / 65025;
    data[j + 2] = (rgba[i + 2] * a) / 65025;
  }
  return { width, height, data };
}

/** The crop [x0, x0+w) × [y0, y0+h) of an image. Throws when the crop leaves the image. */
export function cropImage(img: RgbImage, x0: number, y0: number, w: number, h: number): RgbImage {
  if (x0 < 0 || y0 < 0 || w < 1 || h < 1 || x0 + w > img.width || y0 + h > img.height) {
    throw new ImageShapeError(`crop ${w}×${h}+${x0}+${y0} leaves the ${img.width}×${img.height} image`);
  }
  const data = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * img.width + x0) * 3;
    data.set(img.data.subarray(from, from + w * 3), y * w * 3);
  }
  return { width: w, height: h, data };
}
