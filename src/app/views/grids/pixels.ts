/** Between the page's canvases and the engine's RgbImage, for the playground's sampler (DOM). */
import { rgbaToRgbImage, type RgbImage } from '../../../engine/core/image';

/** The canvas as an RgbImage, scaled down (area-averaged by the browser) so its longer side is at most `maxSide`. */
export function canvasToRgbImage(src: HTMLCanvasElement, maxSide = 1024): RgbImage {
  const s = Math.min(1, maxSide / Math.max(src.width, src.height));
  const w = Math.max(1, Math.round(src.width * s));
  const h = Math.max(1, Math.round(src.height * s));
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(src, 0, 0, w, h);
  return rgbaToRgbImage(ctx.getImageData(0, 0, w, h).data, w, h);
}

/** An RgbImage ([0, 1] floats) as an opaque canvas. */
export function rgbImageToCanvas(img: RgbImage): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = img.width;
  c.height = img.height;
  const ctx = c.getContext('2d')!;
  const out = ctx.createImageData(img.width, img.height);
  for (let i = 0, j = 0; i < img.data.length; i += 3, j += 4) {
    out.data[j] = img.data[i] * 255;
    out.data[j + 1] = img.data[i + 1] * 255;
    out.data[j + 2] = img.data[i + 2] * 255;
    out.data[j + 3] = 255;
  }
  ctx.putImageData(out, 0, 0);
  return c;
}
