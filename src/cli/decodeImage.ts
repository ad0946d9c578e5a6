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

/** Largest image decoded, in pixels (the limit jpeg-js uses too). Working size is a separate, lower limit. */
export const MAX_DECODE_PIXELS = 100_000_000;

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

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Signature (8) + IHDR length and type (8) + IHDR data (13) + CRC (4). */
const PNG_HEADER_BYTES = 33;

export function sniffFormat(bytes: Uint8Array): 'png' | 'jpeg' {
  if (bytes.length === 0) throw new ImageDecodeError('empty file');
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  throw new ImageDecodeError(`not a PNG or JPEG file (starts with '${describeStart(bytes)}')`);
}

/** The first bytes of a file, readable: up to 12 bytes or the first line break, others as \xNN. */
function describeStart(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes.subarray(0, 12)) {
    if (b === 0x0a || b === 0x0d) break;
    out += b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
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

function checkDecodeSize(format: string, width: number, height: number): void {
  if (width * height > MAX_DECODE_PIXELS) {
    const mp = ((width * height) / 1e6).toFixed(1);
    throw new ImageDecodeError(`${format} is ${width}×${height} (${mp} MP); matchscope reads at most ${MAX_DECODE_PIXELS / 1e6} MP`);
  }
}

function decodePng(bytes: Uint8Array): DecodedImage {
  const { width, height, bitDepth } = readPngHeader(bytes);
  checkDecodeSize('PNG', width, height);
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
