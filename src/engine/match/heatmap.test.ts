import { describe, expect, it } from 'vitest';
import { colorizeScores, goodness, heatmapRange } from './heatmap';
import { colorMapLut } from '../core/colormaps';

describe('query heatmap colours', () => {
  it('colours the best score with the bright end of the LUT in both metric directions', () => {
    const lut = colorMapLut('viridis');
    const d = colorizeScores(Float32Array.from([0, 10]), { lo: 0, hi: 10, higherIsBetter: false }, lut);
    expect(Array.from(d.slice(0, 4))).toEqual([0xfd, 0xe7, 0x25, 255]); // viridis top: #fde725
    expect(Array.from(d.slice(4, 8))).toEqual([0x44, 0x01, 0x54, 255]); // viridis bottom: #440154
    const s = colorizeScores(Float32Array.from([1]), { lo: -1, hi: 1, higherIsBetter: true }, lut);
    expect(Array.from(s.slice(0, 3))).toEqual([0xfd, 0xe7, 0x25]);
    expect(goodness(2, { lo: 2, hi: 2, higherIsBetter: false })).toBe(1);
  });

  it('colourises every pixel as the per-channel LUT lookup would (packed words, clamping, both directions)', () => {
    const lut = colorMapLut('cividis');
    const scores = Float32Array.from({ length: 600 }, (_, i) => (i - 50) * 0.37); // runs past both ends of the range
    for (const higherIsBetter of [false, true]) {
      const r = { lo: 0, hi: 180, higherIsBetter };
      const got = colorizeScores(scores, r, lut);
      for (let i = 0; i < scores.length; i++) {
        const k = Math.round(goodness(scores[i], r) * 255) * 3;
        expect([got[i * 4], got[i * 4 + 1], got[i * 4 + 2], got[i * 4 + 3]]).toEqual([lut[k], lut[k + 1], lut[k + 2], 255]);
      }
    }
  });

  it('heatmap ranges end at the stated quantile', () => {
    const scores = Float32Array.from({ length: 1000 }, (_, i) => i); // distances 0…999
    expect(heatmapRange(scores, 0, 999, false, 'full')).toEqual({ lo: 0, hi: 999, higherIsBetter: false });
    expect(heatmapRange(scores, 0, 999, false, 'best-10')).toEqual({ lo: 0, hi: 100, higherIsBetter: false });
    expect(heatmapRange(scores, 0, 999, true, 'best-half')).toEqual({ lo: 499, hi: 999, higherIsBetter: true });
  });

  it('a map scored only in a window (NaN elsewhere, the 2-channel query): ranges over the window, NaN transparent', () => {
    // 100 scored pixels 0…99 (higher is better) in a 200 000-pixel map: fewer than the strided sample would see.
    const scores = new Float32Array(200_000).fill(NaN);
    for (let i = 0; i < 100; i++) scores[50_000 + i] = i;
    expect(heatmapRange(scores, 0, 99, true, 'best-10')).toEqual({ lo: 89, hi: 99, higherIsBetter: true });
    const rgba = colorizeScores(scores.subarray(49_999, 50_001), { lo: 0, hi: 99, higherIsBetter: true }, colorMapLut('viridis'));
    expect(Array.from(rgba.slice(0, 4))).toEqual([0, 0, 0, 0]);
    expect(rgba[7]).toBe(255);
  });
});
