import { describe, expect, it } from 'vitest';
import { checkDeclaredSize, readImageHeader } from './imageHeader';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));
const u32be = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

describe('readImageHeader', () => {
  it('reads PNG size from IHDR and refuses a decompression bomb before decoding', () => {
    const png = bytes([0x89], 'PNG\r\n\x1a\n', u32be(13), 'IHDR', u32be(30000), u32be(30000), [8, 6, 0, 0, 0]);
    const h = readImageHeader(png);
    expect(h).toEqual({ format: 'png', width: 30000, height: 30000 });
    expect(() => checkDeclaredSize(h)).toThrow('the PNG declares 30000×30000 pixels (900 MP), over the 100 MP limit');
  });

  it('finds the JPEG frame size after other segments', () => {
    // SOI, APP0 (length 4 incl. its 2 bytes + 2 data bytes), SOF0 with height 480, width 640.
    const jpg = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x01, 0xe0, 0x02, 0x80, 3]);
    expect(readImageHeader(jpg)).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('reads GIF and BMP sizes', () => {
    expect(readImageHeader(bytes('GIF89a', [3, 0, 2, 0]))).toEqual({ format: 'gif', width: 3, height: 2 });
    const bmp = new Uint8Array(30);
    bmp.set(bytes('BM'), 0);
    new DataView(bmp.buffer).setInt32(18, 7, true);
    new DataView(bmp.buffer).setInt32(22, -5, true); // top-down BMPs store a negative height
    expect(readImageHeader(bmp)).toEqual({ format: 'bmp', width: 7, height: 5 });
  });

  it('says in plain words what a non-image is', () => {
    expect(() => readImageHeader(new Uint8Array(0))).toThrow('the file is empty (0 bytes)');
    expect(() => readImageHeader(bytes('Dear diary,\ntoday'))).toThrow('it starts with text "Dear diary,"');
    expect(() => readImageHeader(bytes('<?xml version="1.0"?><svg'))).toThrow(/SVG, a vector format/);
    expect(() => readImageHeader(bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0]))).toThrow(/HEIC\/HEIF, which browsers cannot decode/);
    expect(() => readImageHeader(bytes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toThrow('it starts with bytes 01 02 03 04');
  });

  it('accepts a declared size inside the limit and rejects zero', () => {
    expect(() => checkDeclaredSize({ format: 'png', width: 10000, height: 10000 })).not.toThrow();
    expect(() => checkDeclaredSize({ format: 'png', width: 0, height: 5 })).toThrow('declares a 0×5 image');
  });
});
