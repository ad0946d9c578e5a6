import { describe, expect, it } from 'vitest';
import type { MatchSet } from '../../../engine/match/matchPair';
import { composite, keepMask, keptInOriginal, meanAbsDiff, robustFlowRadius, runRansac } from './model';

const matchSet = (score: number[], mutual: number[]): MatchSet => ({
  x0: Float32Array.from(score, (_, i) => i * 10), y0: new Float32Array(score.length), x1: Float32Array.from(score, (_, i) => i * 10 + 1),
  y1: new Float32Array(score.length), score: Float32Array.from(score), mutual: Uint8Array.from(mutual), candidates: score.length,
});

const img = (w: number, h: number, v: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(v) });

describe('Warp view model', () => {
  it('keeps matches by the mutual check and a score threshold in the metric’s direction', () => {
    const m = matchSet([0.2, 0.9, 0.5], [1, 0, 1]);
    expect(Array.from(keepMask(m, { mutualOnly: true, scoreCut: null, higherIsBetter: false }))).toEqual([1, 0, 1]);
    expect(Array.from(keepMask(m, { mutualOnly: false, scoreCut: 0.5, higherIsBetter: false }))).toEqual([1, 0, 1]);
    expect(Array.from(keepMask(m, { mutualOnly: false, scoreCut: 0.5, higherIsBetter: true }))).toEqual([0, 1, 1]);
  });

  it('converts kept matches to original pixels through the working scale', () => {
    const m = matchSet([1, 1], [1, 1]);
    const half = { width: 100, height: 100, sx: 0.5, sy: 0.5 };
    const k = keptInOriginal(m, Uint8Array.of(0, 1), half, half);
    // Working x = 10 at scale ½ is original (10 + ½)·2 − ½ = 20.5; x₁ = 11 → 22.5.
    expect([k.x0[0], k.x1[0], k.index[0]]).toEqual([20.5, 22.5, 1]);
    expect(runRansac(k, 3, 100)).toEqual({ ok: false, message: 'RANSAC needs at least 4 matches; 1 pass the filters.' });
  });

  it('composites blend, swipe, checkerboard and difference; masked pixels never pass for matches', () => {
    const w = img(4, 2, 200);
    const t = img(4, 2, 100);
    const mask = Uint8Array.of(1, 1, 1, 0, 1, 1, 1, 1);
    const px = (d: Uint8ClampedArray, i: number) => d[i * 4];
    const blend = composite(w, mask, t, { mode: 'blend', alpha: 0.25, swipe: 0, checker: 1 });
    expect(px(blend, 0)).toBe(125);
    expect(px(blend, 3)).toBe(35); // target dimmed to 35 %
    const swipe = composite(w, mask, t, { mode: 'swipe', alpha: 0, swipe: 0.5, checker: 1 });
    expect([0, 1, 2, 3].map((i) => px(swipe, i))).toEqual([200, 200, 100, 100]);
    const checker = composite(w, mask, t, { mode: 'checker', alpha: 0, swipe: 0, checker: 1 });
    expect([0, 1, 4, 5].map((i) => px(checker, i))).toEqual([200, 100, 100, 200]);
    const diff = composite(w, mask, t, { mode: 'difference', alpha: 0, swipe: 0, checker: 1 });
    expect(px(diff, 0)).toBe(200); // |200 − 100| × 2
    expect(Array.from(diff.subarray(12, 16))).toEqual([24, 32, 56, 255]);
    expect(meanAbsDiff(w, t, mask)).toBe(100);
  });

  it('sets the flow wheel’s rim at the 95th percentile, ignoring unknown pixels', () => {
    // 89 finite lengths of 3 and 10 of 500: the 95th percentile is 500, the 80th is 3.
    const u = Float32Array.from({ length: 100 }, (_, i) => (i < 90 ? 3 : 500));
    const v = new Float32Array(100);
    u[0] = NaN;
    expect(robustFlowRadius(u, v)).toBe(500);
    expect(robustFlowRadius(u, v, 0.8)).toBe(3);
    expect(robustFlowRadius(Float32Array.of(NaN), Float32Array.of(NaN))).toBe(0);
  });
});
