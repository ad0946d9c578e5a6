import { describe, expect, it } from 'vitest';
import { bucketSegments, buildMatchSegments, correctnessBuckets } from './builders';
import type { MatchSet } from '../../engine/match/matchPair';

const matches: MatchSet = {
  x0: Float32Array.from([0, 10, 20]), y0: Float32Array.from([0, 0, 0]),
  x1: Float32Array.from([1, 11, 21]), y1: Float32Array.from([2, 2, 2]),
  score: Float32Array.from([5, 1, 3]), mutual: Uint8Array.from([1, 1, 0]), candidates: 3,
};

describe('canvas builders', () => {
  it('orders segments best first for a distance metric and keeps only the limit', () => {
    const s = buildMatchSegments(matches, 2, false, { sx: 1, sy: 1 }, { sx: 1, sy: 1 });
    expect(Array.from(s.matchIndex)).toEqual([1, 2]);
    expect(Array.from(s.coords)).toEqual([10, 0, 11, 2, 20, 0, 21, 2]);
    expect(s.range).toEqual({ lo: 1, hi: 5, higherIsBetter: false });
    expect(Array.from(s.color)).toEqual([255, 128]); // score 1 is best (bright), 3 is mid-range
  });

  it('orders best first for a similarity metric and maps working pixels to original pixels', () => {
    const s = buildMatchSegments(matches, 10, true, { sx: 0.5, sy: 0.5 }, { sx: 1, sy: 1 });
    expect(Array.from(s.matchIndex)).toEqual([0, 2, 1]);
    // Working x = 0 at scale ½ is original (0 + ½)/½ − ½ = 0.5.
    expect(s.coords[0]).toBe(0.5);
    expect(s.coords[1]).toBe(0.5);
  });

  it('filters mutual-only and by a score limit in the metric\'s direction, before the best-first limit', () => {
    const one = { sx: 1, sy: 1 };
    expect(Array.from(buildMatchSegments(matches, 10, false, one, one, { mutualOnly: true }).matchIndex)).toEqual([1, 0]);
    // Distances: keep ≤ 3. Similarities: keep ≥ 3.
    expect(Array.from(buildMatchSegments(matches, 10, false, one, one, { scoreLimit: 3 }).matchIndex)).toEqual([1, 2]);
    expect(Array.from(buildMatchSegments(matches, 10, true, one, one, { scoreLimit: 3 }).matchIndex)).toEqual([0, 2]);
    expect(Array.from(buildMatchSegments(matches, 1, true, one, one, { mutualOnly: true, scoreLimit: 3 }).matchIndex)).toEqual([0]);
    // The colour range is that of all matches, so a filtered line keeps its colour.
    expect(buildMatchSegments(matches, 10, false, one, one, { mutualOnly: true }).range).toEqual({ lo: 1, hi: 5, higherIsBetter: false });
  });

  it('buckets every segment exactly once', () => {
    const color = Uint8Array.from([0, 15, 16, 255, 128]);
    const b = bucketSegments(color, 16);
    expect(b.reduce((n, l) => n + l.length, 0)).toBe(5);
    expect(Array.from(b[0])).toEqual([0, 1]);
    expect(Array.from(b[1])).toEqual([2]);
    expect(Array.from(b[15])).toEqual([3]);
  });
});

describe('correctnessBuckets', () => {
  it('splits segments into unknown, wrong and correct at the threshold (inclusive)', () => {
    // Truth x' = x + 10 except at x = 3 (unknown); the target is 100 px wide.
    const truth = (x: number, y: number): [number, number] | null => (x === 3 ? null : [x + 10, y]);
    const coords = Float32Array.from([
      0, 0, 10, 0, //  EPE 0: correct
      1, 0, 14, 0, //  EPE 3: correct at T = 3
      2, 0, 15.5, 0, // EPE 3.5: wrong
      3, 0, 13, 0, //  unknown
      95, 0, 0, 0, //  truth at x' = 105, outside the target: unknown
    ]);
    const [unknown, wrong, correct] = correctnessBuckets(coords, truth, 100, 50, 3);
    expect(Array.from(correct)).toEqual([0, 1]);
    expect(Array.from(wrong)).toEqual([2]);
    expect(Array.from(unknown)).toEqual([3, 4]);
  });
});
