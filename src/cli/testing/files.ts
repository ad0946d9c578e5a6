/** For CLI tests: image and array files with known content, written and read back without the CLI. */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { encode as encodeJpeg } from 'jpeg-js';
import { mulberry32 } from '../../engine/testing/images';

/** (H, W, 4) uint8 RGBA from a colour function; alpha 255 unless the function gives a fourth value. */
export function rgbaFrom(width: number, height: number, colour: (x: number, y: number) => number[]): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a = 255] = colour(x, y);
      out.set([r, g, b, a], (y * width + x) * 4);
    }
  }
  return out;
}

/** Opaque uniform noise, every channel an independent byte (fixed seed). */
export function noiseRgba(width: number, height: number, seed: number): Uint8Array {
  const rnd = mulberry32(seed);
  return rgbaFrom(width, height, () => [0, 0, 0].map(() => Math.floor(rnd() * 256)));
}

/** The crop [x0, x0+w) × [y0, y0+h) of an RGBA buffer of width `width`. */
export function cropRgba(rgba: Uint8Array, width: number, x0: number, y0: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) out.set(rgba.subarray(((y0 + y) * width + x0) * 4, ((y0 + y) * width + x0 + w) * 4), y * w * 4);
  return out;
}

/** An 8-bit RGBA PNG. */
export function pngBytes(width: number, height: number, rgba: Uint8Array): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba);
  return PNG.sync.write(png);
}

export function writePng(path: string, width: number, height: number, rgba: Uint8Array): void {
  writeFileSync(path, pngBytes(width, height, rgba));
}

/** A 16-bit greyscale PNG (colour type 0) from 16-bit levels. */
export function gray16PngBytes(width: number, height: number, levels: Uint16Array): Buffer {
  const png = new PNG({ width, height, bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(levels.buffer, levels.byteOffset, levels.byteLength);
  return PNG.sync.write(png, { bitDepth: 16, colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** An 8-bit grey + alpha PNG (colour type 4) from [grey, alpha] pairs. */
export function grayAlphaPngBytes(width: number, height: number, grayAlpha: Uint8Array): Buffer {
  const png = new PNG({ width, height, colorType: 4, inputColorType: 4 });
  png.data = Buffer.from(grayAlpha);
  return PNG.sync.write(png, { colorType: 4, inputColorType: 4 });
}

/** The APP1 segment of a minimal EXIF block holding only an orientation tag, in either byte order. */
export function exifApp1(orientation: number, order: 'II' | 'MM'): Uint8Array {
  const little = order === 'II';
  const tiff = new DataView(new ArrayBuffer(8 + 2 + 12 + 4));
  tiff.setUint8(0, order.charCodeAt(0));
  tiff.setUint8(1, order.charCodeAt(1));
  tiff.setUint16(2, 42, little);
  tiff.setUint32(4, 8, little); // IFD0 right after the header
  tiff.setUint16(8, 1, little); // one entry
  tiff.setUint16(10, 0x0112, little); // Orientation
  tiff.setUint16(12, 3, little); // SHORT
  tiff.setUint32(14, 1, little); // count
  tiff.setUint16(18, orientation, little); // value, left-justified in the 4-byte field
  const body = [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], [...new Uint8Array(tiff.buffer)]);
  const length = body.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...body]);
}

/** A JPEG (quality 100) of the RGBA pixels as stored, with an EXIF orientation inserted after SOI. */
export function jpegWithOrientation(width: number, height: number, rgba: Uint8Array, orientation: number, order: 'II' | 'MM'): Uint8Array {
  const plain = encodeJpeg({ width, height, data: Buffer.from(rgba) }, 100).data;
  const app1 = exifApp1(orientation, order);
  const out = new Uint8Array(plain.length + app1.length);
  out.set(plain.subarray(0, 2));
  out.set(app1, 2);
  out.set(plain.subarray(2), 2 + app1.length);
  return out;
}

/** Reads a float32 .npy (version 1.0) back: its shape and data. Throws on anything else. */
export function parseNpy(bytes: Uint8Array): { shape: number[]; data: Float32Array } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY' || bytes[6] !== 1) throw new Error('not a .npy 1.0 file');
  const headerLength = bytes[8] | (bytes[9] << 8);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + headerLength));
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) throw new Error(`unexpected header ${header}`);
  const shapeText = /'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const start = 10 + headerLength;
  if (start % 64 !== 0) throw new Error(`data starts at ${start}, not 64-byte aligned`);
  const data = new Float32Array(new Uint8Array(bytes.subarray(start)).buffer); // a copy: Buffers share a pool
  return { shape, data };
}
