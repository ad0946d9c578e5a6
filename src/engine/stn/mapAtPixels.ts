/**
 * A per-pixel map's values at a few pixels without computing it over the whole image: each from a crop
 * around the pixel covering everything the map reads there (`reach`, plus a margin). Inside the image
 * nothing the pixel reads lies beyond the crop, and where the crop meets the image border the padding is
 * the image's own, so the values equal the whole map's. Serves SIFT's θ₀ and DAISY's θ(x) (siftFrames.ts,
 * daisyFrames.ts). `points`: integer pixels inside the image. Out: one value per point.
 */
import { cropImage, type RgbImage } from '../core/image';

export async function mapAtPixels(
  img: RgbImage,
  points: readonly { x: number; y: number }[],
  reach: number,
  mapOf: (crop: RgbImage) => Promise<Float32Array>,
): Promise<Float32Array> {
  const m = Math.ceil(reach) + 2;
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const { x, y } = points[i];
    if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= img.width || y >= img.height) {
      throw new RangeError(`(${x}, ${y}) is not a pixel of the ${img.width}×${img.height} image`);
    }
    const x0 = Math.max(0, x - m);
    const y0 = Math.max(0, y - m);
    const w = Math.min(img.width, x + m + 1) - x0;
    const h = Math.min(img.height, y + m + 1) - y0;
    const map = await mapOf(cropImage(img, x0, y0, w, h));
    out[i] = map[(y - y0) * w + (x - x0)];
  }
  return out;
}
