/**
 * PNG and JPEG files → RgbImage, in Node, with the installed pure-JS decoders (pngjs, jpeg-js). The
 * format comes from the magic bytes, never the file name. Sizes are checked from the header before any
 * pixel buffer is allocated, so a tiny file that claims to be huge (a decompression bomb) costs nothing.
 *
 * Decoding matches what a browser's canvas gives the app: 8 bits per channel (16-bit PNGs are rounded,
 * v·255/65535), grey expanded to RGB, alpha composited on black, and a JPEG's EXIF orientation applied.
 */
import { PNG } from 'pngjs';
import { decode as decodeJpegBytes } from 'jpeg-js';
import { rgbaToRgbImage, type RgbImage } from '../engine/core/image';
import { applyOrientation, type ExifOrientation } from '../engine/core/orientation';
import { readJpegOrientation } from './exif';
import { checkDeclaredSize, ImageFileError, MAX_DECODE_PIXELS, readImageHeader } from '../engine/io/imageHeader';

/** Largest image decoded, in pixels: the same limit as the app (the one jpeg-js uses too). */
export { MAX_DECODE_PIXELS };

export interface DecodedImage {
  readonly format: 'png' | 'jpeg';
  /** The image as displayed (after EXIF orientation), at full resolution. */
  readonly image: RgbImage;
  /** Bits per channel in the file (PNG: 1, 2, 4, 8 or 16; JPEG: 8). */
  readonly bitDepth: number;
  /** The EXIF orientation that was applied (1 for PNG and for JPEGs without one). */
  readonly orientation: ExifOrientation;
}

/** The file is not an image we can read; the message says why, without the path (the caller adds it). */
export class ImageDecodeError extends Error {}

/** Signature (8) + IHDR length and type (8) + IHDR data (13) + CRC (4). */
const PNG_HEADER_BYTES = 33;

/**
 * The format from the magic bytes, with the declared size checked, through the same header reader the app
 * uses (so both say the same thing about the same broken file). The CLI decodes PNG and JPEG only.
 */
export function sniffFormat(bytes: Uint8Array): 'png' | 'jpeg' {
  try {
    const header = readImageHeader(bytes);
    checkDeclaredSize(header);
    if (header.format !== 'png' && header.format !== 'jpeg') {
      throw new ImageFileError(`${header.format.toUpperCase()} is not read by the command line (PNG and JPEG are; the app reads it)`);
    }
    return header.format;
  } catch (e) {
    throw e instanceof ImageFileError ? new ImageDecodeError(e.message) : e;
  }
}

export function decodeImage(bytes: Uint8Array): DecodedImage {
  return sniffFormat(bytes) === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
}

/** Width, height and bit depth from a PNG's IHDR chunk, which the format requires to come first. */
export function readPngHeader(bytes: Uint8Array): { width: number; height: number; bitDepth: number } {
  if (bytes.length < PNG_HEADER_BYTES) throw new ImageDecodeError(`truncated PNG (${bytes.length} bytes; the header alone needs ${PNG_HEADER_BYTES})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw new ImageDecodeError('corrupt PNG: the first chunk is not IHDR');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw new ImageDecodeError(`corrupt PNG: it declares a ${width}×${height} image`);
  return { width, height, bitDepth: bytes[24] };
}

function decodePng(bytes: Uint8Array): DecodedImage {
  const { bitDepth } = readPngHeader(bytes);
  let png;
  try {
    // Without skipRescale, pngjs scales every depth (1 to 16 bits) to 8-bit RGBA with rounding.
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // pngjs reports running out of bytes as pending reads on a finished stream.
    if (/finished stream|end of (file|stream)/i.test(why)) throw new ImageDecodeError(`truncated PNG (the file ends after ${bytes.length} bytes, inside the image data)`);
    throw new ImageDecodeError(`corrupt PNG (${why})`);
  }
  const image = rgbaToRgbImage(new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
  return { format: 'png', image, bitDepth, orientation: 1 };
}

function decodeJpeg(bytes: Uint8Array): DecodedImage {
  let jpeg;
  try {
    jpeg = decodeJpegBytes(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_DECODE_PIXELS / 1e6,
      maxMemoryUsageInMB: 1024,
    });
  } catch (e) {
    throw new ImageDecodeError(`corrupt or truncated JPEG (${e instanceof Error ? e.message : String(e)})`);
  }
  const orientation = readJpegOrientation(bytes);
  const upright = applyOrientation(jpeg.data, jpeg.width, jpeg.height, orientation);
  const image = rgbaToRgbImage(upright.data, upright.width, upright.height);
  return { format: 'jpeg', image, bitDepth: 8, orientation };
}
