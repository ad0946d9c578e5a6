/**
 * The display copy of an image, decoded on the page: the original pixels (EXIF orientation applied, alpha
 * composited on black) in a canvas that Konva draws without resampling.
 */
import { checkDeclaredSize, ImageFileError, readImageHeader } from '../../engine/io/imageHeader';

export async function decodeForDisplay(bytes: ArrayBuffer): Promise<HTMLCanvasElement> {
  const header = readImageHeader(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 65536)));
  checkDeclaredSize(header);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: 'from-image' });
  } catch {
    throw new ImageFileError(`the ${header.format.toUpperCase()} data could not be decoded (the file is damaged or truncated)`);
  }
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new ImageFileError('the browser gave no 2D canvas to draw the image');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas;
}
