/**
 * Reads an image file's format and declared size from its first bytes, before anything is decoded, so
 * that a broken file gets a precise message and a decompression bomb (a tiny PNG declaring 30000×30000)
 * is refused without allocating its pixels. Pure; used by the app, the worker and the CLI.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageHeader {
  format: ImageFormat;
  /** Declared size; undefined where the header does not say it within the bytes given. */
  width?: number;
  height?: number;
}

/** Images above this many pixels are refused outright (a 100 MP RGBA canvas is already 400 MB). */
export const MAX_DECODE_PIXELS = 100_000_000;

export class ImageFileError extends Error {}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/** Format and size from magic bytes. Throws ImageFileError with a plain-words reason. */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (bytes.length === 0) throw new ImageFileError('the file is empty (0 bytes)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 4 && bytes[0] === 0x89 && ascii(bytes, 1, 4) === 'PNG') {
    if (bytes.length < 24) throw new ImageFileError(`the PNG is truncated (${bytes.length} bytes; its header alone needs 24)`);
    if (ascii(bytes, 12, 16) !== 'IHDR') throw new ImageFileError('the PNG has no IHDR header (the file is damaged)');
    return { format: 'png', width: dv.getUint32(16), height: dv.getUint32(20) };
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { format: 'jpeg', ...jpegSize(bytes, dv) };
  if (bytes.length >= 10 && ascii(bytes, 0, 4) === 'GIF8') return { format: 'gif', width: dv.getUint16(6, true), height: dv.getUint16(8, true) };
  if (bytes.length >= 26 && ascii(bytes, 0, 2) === 'BM') return { format: 'bmp', width: Math.abs(dv.getInt32(18, true)), height: Math.abs(dv.getInt32(22, true)) };
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { format: 'webp', ...webpSize(bytes, dv) };
  throw new ImageFileError(`it is not a PNG, JPEG, GIF, WebP or BMP image (${describeStart(bytes)})`);
}

/** Throws unless the declared size is positive and under MAX_DECODE_PIXELS. */
export function checkDeclaredSize(h: ImageHeader, maxPixels = MAX_DECODE_PIXELS): void {
  if (h.width === undefined || h.height === undefined) return;
  if (h.width < 1 || h.height < 1) throw new ImageFileError(`the ${h.format.toUpperCase()} declares a ${h.width}×${h.height} image`);
  if (h.width * h.height > maxPixels) {
    throw new ImageFileError(`the ${h.format.toUpperCase()} declares ${h.width}×${h.height} pixels (${((h.width * h.height) / 1e6).toFixed(0)} MP), over the ${maxPixels / 1e6} MP limit`);
  }
}

function describeStart(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 16);
  const text = ascii(head, 0, head.length);
  if (/^[\x20-\x7e\t\r\n]+$/.test(text)) {
    if (/^\s*<(\?xml|svg)/i.test(text)) return 'it looks like SVG, a vector format; export it as PNG first';
    return `it starts with text "${text.trim().split(/[\r\n]/)[0].slice(0, 24)}"`;
  }
  if (ascii(bytes, 4, 8) === 'ftyp') return `it looks like ${/hei|mif/.test(ascii(bytes, 8, 12)) ? 'HEIC/HEIF' : 'an ISO media file'}, which browsers cannot decode; convert it to JPEG or PNG`;
  return `it starts with bytes ${Array.from(head.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}

/** Walks JPEG markers to the first SOFn frame header. */
function jpegSize(b: Uint8Array, dv: DataView): { width?: number; height?: number } {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return {};
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = dv.getUint16(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
    i += 2 + len;
  }
  return {};
}

function webpSize(b: Uint8Array, dv: DataView): { width?: number; height?: number } {
  const chunk = ascii(b, 12, 16);
  if (chunk === 'VP8X' && b.length >= 30) {
    const w = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
    const h = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
    return { width: w, height: h };
  }
  if (chunk === 'VP8 ' && b.length >= 30) return { width: dv.getUint16(26, true) & 0x3fff, height: dv.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25) {
    const v = dv.getUint32(21, true);
    return { width: (v & 0x3fff) + 1, height: ((v >> 14) & 0x3fff) + 1 };
  }
  return {};
}
