import { describe, expect, it } from 'vitest';
import { decodeImage, readPngHeader, sniffFormat } from './decodeImage';
import { readJpegOrientation } from './exif';
import { exifApp1, gray16PngBytes, grayAlphaPngBytes, jpegWithOrientation, pngBytes, rgbaFrom } from './testing/files';

const pixel = (img: { width: number; data: Float32Array }, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

describe('decodeImage: PNG', () => {
  it('reads 8-bit RGBA exactly, compositing alpha on black', () => {
    const rgba = rgbaFrom(3, 2, (x, y) => [10 * x, 100 + y, 255, y === 1 ? 51 : 255]);
    const { format, image, bitDepth } = decodeImage(pngBytes(3, 2, rgba));
    expect([format, image.width, image.height, bitDepth]).toEqual(['png', 3, 2, 8]);
    expect(pixel(image, 2, 0)).toEqual([20, 100, 255].map((c) => Math.fround(c / 255)));
    expect(pixel(image, 1, 1)).toEqual([10, 101, 255].map((c) => Math.fround((c * 51) / 65025)));
  });

  it('reads 16-bit grey as 8-bit RGB, rounding v·255/65535 (not the raw bytes)', () => {
    const levels = Uint16Array.from([0, 1000, 0x8080, 65535, 0x00ff, 0xff00]);
    const { image, bitDepth } = decodeImage(gray16PngBytes(3, 2, levels));
    expect(bitDepth).toBe(16);
    const expected = [0, 4, 128, 255, 1, 254]; // round(v·255/65535)
    for (let i = 0; i < 6; i++) expect(pixel(image, i % 3, Math.floor(i / 3))).toEqual(Array(3).fill(Math.fround(expected[i] / 255)));
  });

  it('expands grey + alpha to RGB on black', () => {
    const { image } = decodeImage(grayAlphaPngBytes(2, 1, Uint8Array.from([200, 128, 30, 255])));
    expect(pixel(image, 0, 0)).toEqual(Array(3).fill(Math.fround((200 * 128) / 65025)));
    expect(pixel(image, 1, 0)).toEqual(Array(3).fill(Math.fround(30 / 255)));
  });

  it('refuses a decompression bomb from its header alone', () => {
    const png = pngBytes(1, 1, new Uint8Array(4));
    new DataView(png.buffer, png.byteOffset).setUint32(16, 20000); // width
    new DataView(png.buffer, png.byteOffset).setUint32(20, 20000); // height
    expect(readPngHeader(png)).toEqual({ width: 20000, height: 20000, bitDepth: 8 });
    expect(() => decodeImage(png)).toThrow('the PNG declares 20000×20000 pixels (400 MP), over the 100 MP limit');
  });

  it('says what is wrong with files that are not images, empty or cut short', () => {
    expect(() => decodeImage(new Uint8Array(0))).toThrow(/^the file is empty \(0 bytes\)$/);
    expect(() => decodeImage(new TextEncoder().encode('hello world\nmore'))).toThrow('it is not a PNG, JPEG, GIF, WebP or BMP image (it starts with text "hello world")');
    expect(() => sniffFormat(Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 4, 0, 3, 0]))).toThrow('GIF is not read by the command line');
    const png = pngBytes(8, 8, new Uint8Array(256).fill(90));
    expect(() => decodeImage(png.subarray(0, 20))).toThrow('the PNG is truncated (20 bytes; its header alone needs 24)');
    expect(() => decodeImage(png.subarray(0, png.length - 20))).toThrow(/^truncated PNG \(the file ends after \d+ bytes, inside the image data\)$/);
  });
});

describe('decodeImage: JPEG with EXIF orientation', () => {
  // 16×8 stored: left half red, right half blue. Far from the edge, quality 100 keeps colours close.
  const stored = rgbaFrom(16, 8, (x) => (x < 8 ? [255, 0, 0] : [0, 0, 255]));
  const isRed = (p: number[]) => p[0] > 0.8 && p[2] < 0.2;
  const isBlue = (p: number[]) => p[2] > 0.8 && p[0] < 0.2;

  it.each(['II', 'MM'] as const)('reads orientation 6 and 8 in %s byte order and turns the pixels', (order) => {
    // 6: stored column 0 becomes the top row, so red is on top; 8: stored column 0 becomes the bottom.
    const cw = decodeImage(jpegWithOrientation(16, 8, stored, 6, order));
    expect([cw.format, cw.orientation, cw.image.width, cw.image.height]).toEqual(['jpeg', 6, 8, 16]);
    expect(isRed(pixel(cw.image, 4, 2)) && isBlue(pixel(cw.image, 4, 13))).toBe(true);
    const ccw = decodeImage(jpegWithOrientation(16, 8, stored, 8, order));
    expect([ccw.orientation, ccw.image.width, ccw.image.height]).toEqual([8, 8, 16]);
    expect(isBlue(pixel(ccw.image, 4, 2)) && isRed(pixel(ccw.image, 4, 13))).toBe(true);
  });

  it('leaves a JPEG without orientation upright', () => {
    const plain = decodeImage(jpegWithOrientation(16, 8, stored, 1, 'II'));
    expect([plain.image.width, plain.image.height]).toEqual([16, 8]);
    expect(isRed(pixel(plain.image, 2, 4)) && isBlue(pixel(plain.image, 13, 4))).toBe(true);
  });

  it('readJpegOrientation: every value, both byte orders, and 1 for anything malformed', () => {
    const jpeg = (app1: Uint8Array) => Uint8Array.from([0xff, 0xd8, ...app1, 0xff, 0xda, 0, 2]);
    for (let o = 1; o <= 8; o++) {
      expect(readJpegOrientation(jpeg(exifApp1(o, 'II')))).toBe(o);
      expect(readJpegOrientation(jpeg(exifApp1(o, 'MM')))).toBe(o);
    }
    expect(readJpegOrientation(jpeg(exifApp1(9, 'MM')))).toBe(1); // out of range
    expect(readJpegOrientation(jpeg(new Uint8Array(0)))).toBe(1); // no APP1
    const cut = exifApp1(6, 'II').subarray(0, 20); // the IFD entry is missing
    expect(readJpegOrientation(jpeg(cut))).toBe(1);
    expect(readJpegOrientation(Uint8Array.from([0x89, 0x50]))).toBe(1); // not a JPEG
  });
});
