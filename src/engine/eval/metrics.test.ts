import { describe, expect, it } from 'vitest';
import { parseHomography } from './groundTruth';
import { evaluateMatches, fractionWithin, median, pairMetrics } from './metrics';

describe('evaluation metrics on a hand-made pair', () => {
  // Ground truth x' = x + 10 on a 100×50 target. Five matches with errors 0, 1, 5 (3-4-5), 12 and one whose
  // true target (x' = 105) leaves the image, so it is not evaluated. Mutual: the first, third and fourth.
  const gt = parseHomography('1 0 10 0 1 0 0 0 1');
  const m = {
    x0: [0, 1, 2, 3, 95], y0: [0, 0, 0, 0, 0],
    x1: [10, 12, 15, 25, 0], y1: [0, 0, 4, 0, 0],
    mutual: [1, 0, 1, 1, 1],
  };
  const e = evaluateMatches(m, gt, 100, 50);
  const r = pairMetrics(e, 100, 50, { thresholds: [1, 3, 5, 10], alphas: [0.05, 0.1] });

  it('keeps points with in-image ground truth and measures the end-point error', () => {
    expect(Array.from(e.index)).toEqual([0, 1, 2, 3]);
    expect(Array.from(e.epe)).toEqual([0, 1, 5, 12]);
    expect(r.points).toBe(4);
  });

  it('PCK@T counts EPE ≤ T (T inclusive)', () => {
    expect(r.pck).toEqual({ '1': 2 / 4, '3': 2 / 4, '5': 3 / 4, '10': 3 / 4 });
  });

  it('PCK@α uses T = α·max(W, H) of the target: 5 px and 10 px here', () => {
    expect(r.pck_alpha).toEqual({ '0.05': 3 / 4, '0.1': 3 / 4 });
  });

  it('mutual matches: count and precision over the mutual evaluated points only', () => {
    // The fifth match is mutual but not evaluated; the mutual errors are 0, 5, 12.
    expect(r.mutual.matches).toBe(3);
    expect(r.mutual.precision).toEqual({ '1': 1 / 3, '3': 1 / 3, '5': 2 / 3, '10': 2 / 3 });
  });

  it('MMA is the mean mutual precision over T = 1..10', () => {
    // T = 1..4: 1/3 each; T = 5..10: 2/3 each → (4/3 + 12/3) / 10.
    expect(r.mma).toBeCloseTo((4 / 3 + 12 / 3) / 10, 12);
  });

  it('median EPE: mean of the two middle values for an even count', () => {
    expect(r.epe_median).toBe(3);
    expect(median([7, 1, 3])).toBe(3);
  });

  it('empty sets give NaN, not 0', () => {
    const none = pairMetrics(evaluateMatches({ x0: [95], y0: [0], x1: [0], y1: [0], mutual: [0] }, gt, 100, 50), 100, 50, { thresholds: [3], alphas: [0.1] });
    expect(none.points).toBe(0);
    expect(none.pck['3']).toBeNaN();
    expect(none.epe_median).toBeNaN();
    expect(none.mutual).toEqual({ matches: 0, precision: { '3': NaN } });
    expect(none.mma).toBeNaN();
    expect(fractionWithin([1, 2], 1, [0, 0])).toBeNaN();
  });

  it('a true target on the image border: −½ is inside, W − ½ is outside', () => {
    const shift = parseHomography('1 0 -0.5 0 1 0 0 0 1');
    expect(evaluateMatches({ x0: [0, 100], y0: [0, 0], x1: [0, 0], y1: [0, 0], mutual: [0, 0] }, shift, 99.5, 50).index.length).toBe(1);
  });
});
