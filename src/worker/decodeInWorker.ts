/**
 * Decoding image files inside the worker: the browser's own decoders (PNG, JPEG, WebP, BMP, GIF's first
 * frame) via createImageBitmap, with EXIF orientation applied and no colour-space conversion, read back
 * through an OffscreenCanvas.
 */
import { rgbaToRgbImage, type RgbImage } from '../engine/core/image';
import { checkDeclaredSize, ImageFileError, readImageHeader, type ImageHeader } from '../engine/io/imageHeader';

export interface DecodedFile {
  header: ImageHeader;
  image: RgbImage;
}

export async function decodeImageBytes(bytes: ArrayBuffer): Promise<DecodedFile> {
  const header = readImageHeader(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 65536)));
  checkDeclaredSize(header);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
      imageOrientation: 'from-image',
    });
  } catch {
    throw new ImageFileError(`the ${header.format.toUpperCase()} data could not be decoded (the file is damaged or truncated)`);
  }
  try {
    const { width, height } = bitmap;
    if (width < 1 || height < 1) throw new ImageFileError('the image has no pixels');
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new ImageFileError('no 2D canvas is available in the worker to read pixels');
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return { header, image: rgbaToRgbImage(rgba, width, height) };
  } finally {
    bitmap.close();
  }
}
