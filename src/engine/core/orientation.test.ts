import { describe, expect, it } from 'vitest';
import { applyOrientation, isExifOrientation, swapsAxes } from './orientation';

// A 3×2 image whose pixels are named a..f, stored row-major:
//   a b c
//   d e f
// Each pixel's four bytes are distinct, so a channel mix-up would show too.
const NAMES = 'abcdef';
const W = 3;
const H = 2;
const stored = new Uint8Array(W * H * 4);
for (let i = 0; i < W * H; i++) stored.set([10 * i + 1, 10 * i + 2, 10 * i + 3, 255 - i], i * 4);

function names(data: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let y = 0; y < data.length / 4 / width; y++) {
    let row = '';
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const i = (data[p] - 1) / 10;
      expect(Array.from(data.subarray(p, p + 4))).toEqual([10 * i + 1, 10 * i + 2, 10 * i + 3, 255 - i]);
      row += NAMES[i];
    }
    rows.push(row);
  }
  return rows;
}

// What a viewer shows for each orientation (Exif 2.32, tag 0x0112), written out by hand.
const EXPECTED: Record<number, string[]> = {
  1: ['abc', 'def'],
  2: ['cba', 'fed'], // mirrored left-right
  3: ['fed', 'cba'], // rotated 180°
  4: ['def', 'abc'], // mirrored top-bottom
  5: ['ad', 'be', 'cf'], // transposed
  6: ['da', 'eb', 'fc'], // stored image turned 90° clockwise
  7: ['fc', 'eb', 'da'], // transverse
  8: ['cf', 'be', 'ad'], // turned 90° counter-clockwise
};

describe('applyOrientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('orientation %i on a 3×2 image', (o) => {
    const before = stored.slice();
    const out = applyOrientation(stored, W, H, o);
    const swap = o >= 5;
    expect([out.width, out.height]).toEqual(swap ? [2, 3] : [3, 2]);
    expect(out.data.length).toBe(stored.length);
    expect(names(out.data, out.width)).toEqual(EXPECTED[o]);
    expect(out.data).not.toBe(stored);
    expect(stored).toEqual(before);
  });

  it('undoes itself where the orientation is its own inverse, and 6 undoes 8', () => {
    for (const o of [2, 3, 4, 5, 7]) {
      const once = applyOrientation(stored, W, H, o);
      const twice = applyOrientation(once.data, once.width, once.height, o);
      expect(twice).toEqual({ data: stored, width: W, height: H });
    }
    const cw = applyOrientation(stored, W, H, 6);
    expect(applyOrientation(cw.data, cw.width, cw.height, 8).data).toEqual(stored);
  });

  it('accepts Uint8ClampedArray and a 1×1 image', () => {
    const one = new Uint8ClampedArray([1, 2, 3, 4]);
    expect(Array.from(applyOrientation(one, 1, 1, 6).data)).toEqual([1, 2, 3, 4]);
  });

  it('rejects orientations outside 1..8 and mismatched buffers', () => {
    for (const bad of [0, 9, 2.5, NaN]) expect(() => applyOrientation(stored, W, H, bad)).toThrow(/1\.\.8/);
    expect(() => applyOrientation(stored, 2, 2, 1)).toThrow(/expected 2×2×4/);
    expect(() => applyOrientation(new Uint8Array(0), 0, 0, 1)).toThrow(/positive/);
  });

  it('classifies values', () => {
    expect([0, 1, 8, 9, '1'].map(isExifOrientation)).toEqual([false, true, true, false, false]);
    expect(([1, 2, 3, 4, 5, 6, 7, 8] as const).map(swapsAxes)).toEqual([false, false, false, false, true, true, true, true]);
  });
});
