import { describe, expect, it } from 'vitest';
import { buildErrorCells, errorLevel, pointUnder } from './errorMap';

describe('error map builders', () => {
  it('maps EPE to colour levels clipped at the maximum, and lists points without ground truth apart', () => {
    expect(errorLevel(0, 10)).toBe(0);
    expect(errorLevel(5, 10)).toBe(128); // 127.5 rounds up
    expect(errorLevel(10, 10)).toBe(255);
    expect(errorLevel(250, 10)).toBe(255);
    expect(errorLevel(1, 20)).toBe(13); // 12.75
    const cells = buildErrorCells(Float32Array.of(0, NaN, 5, 12, 10, NaN, 2.5), 10);
    expect(cells.missing).toEqual([1, 5]);
    expect(cells.clipped).toBe(2);
    expect(cells.levels[0]).toEqual([0]);
    expect(cells.levels[128]).toEqual([2]);
    expect(cells.levels[255]).toEqual([3, 4]);
    expect(cells.levels[64]).toEqual([6]); // 63.75
    expect(cells.levels.reduce((n, l) => n + l.length, 0)).toBe(5);
    expect(() => buildErrorCells([1], 0)).toThrow(/must be positive/);
  });

  it('finds the point under the pointer within half a cell (diagonal included), else -1', () => {
    const field = { x: Float32Array.of(4, 12, 4), y: Float32Array.of(4, 4, 12), cell: 8 };
    expect(pointUnder(field, 4, 4)).toBe(0);
    expect(pointUnder(field, 11, 5)).toBe(1);
    expect(pointUnder(field, 7.9, 7.9)).toBe(0);
    expect(pointUnder(field, 5, 11)).toBe(2);
    expect(pointUnder(field, 30, 30)).toBe(-1);
    expect(pointUnder({ x: new Float32Array(0), y: new Float32Array(0), cell: 8 }, 0, 0)).toBe(-1);
  });
});
