import { describe, expect, it } from 'vitest';
import { colorWheel, flowColor, flowToRgba, flowWheelLegend, WHEEL_SIZE } from './flowColor';

/** The flow of length r at wheel position k (0…54), from a = atan2(−v, −u)/π = 2k/54 − 1. */
function atWheel(k: number, r = 1): [number, number] {
  const a = (2 * k) / (WHEEL_SIZE - 1) - 1;
  return [-r * Math.cos(a * Math.PI), -r * Math.sin(a * Math.PI)];
}

describe('Middlebury flow colours (Baker et al. 2011)', () => {
  it('has the 55-colour wheel with its six primaries where colorcode.cpp puts them', () => {
    const w = colorWheel();
    expect(WHEEL_SIZE).toBe(55);
    const c = (k: number) => Array.from(w.subarray(k * 3, k * 3 + 3));
    expect(c(0)).toEqual([255, 0, 0]);
    expect(c(15)).toEqual([255, 255, 0]);
    expect(c(21)).toEqual([0, 255, 0]);
    expect(c(25)).toEqual([0, 255, 255]);
    expect(c(36)).toEqual([0, 0, 255]);
    expect(c(49)).toEqual([255, 0, 255]);
    // Inside a segment: RY at k = 7 is floor(255·7/15) = 119; CB at k = 27 is 255 − floor(255·2/11) = 209.
    expect(c(7)).toEqual([255, 119, 0]);
    expect(c(27)).toEqual([0, 209, 255]);
  });

  it('gives the wheel colour at unit flow in the wheel directions, white at zero, darker beyond 1', () => {
    for (const k of [0, 7, 15, 21, 25, 27, 36, 49]) {
      const [u, v] = atWheel(k);
      const w = colorWheel();
      expect(flowColor(u, v)).toEqual(Array.from(w.subarray(k * 3, k * 3 + 3)));
    }
    expect(flowColor(1, 0)).toEqual([255, 0, 0]); // right: red
    expect(flowColor(-1, 0)).toEqual([0, 209, 255]); // left: cyan-blue (k = 27)
    expect(flowColor(0, 1)).toEqual([255, 229, 0]); // down: between k = 13 (221) and 14 (238)
    expect(flowColor(0, -1)).toEqual([88, 0, 255]); // up: between k = 40 (78) and 41 (98)
    expect(flowColor(0, 0)).toEqual([255, 255, 255]);
    // Half length: halfway to white. Beyond the unit circle: 0.75 of the colour.
    expect(flowColor(0.5, 0)).toEqual([255, 127, 127]);
    expect(flowColor(2, 0)).toEqual([191, 0, 0]);
    expect(flowColor(NaN, 0)).toEqual([0, 0, 0]);
  });

  it('normalises a field by its largest flow and leaves unknown pixels transparent', () => {
    const u = Float32Array.of(4, -2, NaN, 0);
    const v = Float32Array.of(0, 0, 1, 0);
    const { data, maxRad } = flowToRgba(u, v, 2, 2);
    expect(maxRad).toBe(4);
    expect(Array.from(data.subarray(0, 4))).toEqual([255, 0, 0, 255]);
    expect(Array.from(data.subarray(8, 12))).toEqual([0, 0, 0, 0]);
    expect(Array.from(data.subarray(12, 16))).toEqual([255, 255, 255, 255]);
    expect(() => flowToRgba(u, v, 3, 2)).toThrow(/3×2/);
  });

  it('draws the legend disc: white centre, red at the right rim, transparent corners', () => {
    const s = 65;
    const d = flowWheelLegend(s);
    const px = (x: number, y: number) => Array.from(d.subarray((y * s + x) * 4, (y * s + x) * 4 + 4));
    expect(px(32, 32)).toEqual([255, 255, 255, 255]);
    expect(px(64, 32)).toEqual([255, 0, 0, 255]);
    expect(px(0, 32)).toEqual([0, 209, 255, 255]);
    expect(px(0, 0)[3]).toBe(0);
  });
});
