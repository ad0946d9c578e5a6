import { beforeAll, describe, expect, it } from 'vitest';
import { cropImage } from '../core/image';
import { getDescriptor } from '../descriptors/registry';
import { describeDense, disposeMap } from '../match/descriptorMap';
import { randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { parseHomography } from './groundTruth';
import { evaluateMaps } from './evaluate';
import { errorField } from './errorMap';
import { parsePointsCsv } from './readers';

describe.each(NODE_BACKENDS)('evaluateMaps on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const big = randomTexture(80, 64, 3, false);
  // source = big[10.., 4..], target = big[16.., 0..]: source (x, y) is target (x − 6, y + 4).
  const source = cropImage(big, 10, 4, 56, 48);
  const target = cropImage(big, 16, 0, 56, 48);
  const sizes = { source: { width: 56, height: 48, workingWidth: 56, workingHeight: 48 }, target: { width: 56, height: 48, workingWidth: 56, workingHeight: 48 } };
  const settings = { stride: 4, targetStride: 1, thresholds: [1, 3], alphas: [0.1] };

  it('dense truth: raw patches score a pure shift; sparse truth at the same points agrees; no tensor leaks', async () => {
    const d = getDescriptor('patch');
    const p = d.validateParams({});
    const a = describeDense(source, d, p);
    const b = describeDense(target, d, p);
    const dense = await evaluateMaps(a, b, d.metric, parseHomography('1 0 -6 0 1 4 0 0 1'), sizes, settings);
    // Grid x = 1, 5, …, 53, y = 1, 5, …, 45; evaluated where x − 6 ≥ −½ (x = 9…53: 12) and y + 4 < 47.5 (y = 1…41: 11).
    expect(dense.metrics.points).toBe(12 * 11);
    expect(dense.metrics.pck['1']).toBeGreaterThan(0.9);
    expect(dense.metrics.epe_median).toBe(0);
    // RANSAC on the mutual matches recovers the shift: the corners land where H puts them.
    const corner = dense.metrics.corner;
    expect(corner?.ok).toBe(true);
    if (corner?.ok) {
      expect(corner.error).toBeLessThan(0.5);
      expect(corner.inliers).toBeGreaterThan(0.9 * dense.metrics.mutual.matches);
      expect(corner.matches).toBe(Array.from(dense.matches.mutual).filter((v) => v).length);
    }
    // The error map: every matched point, EPE where evaluated, NaN elsewhere, in the matches' order.
    const field = errorField(dense.matches, dense.evaluated, 4);
    expect(field.epe.length).toBe(dense.matches.x0.length);
    expect(field.missing).toBe(dense.matches.x0.length - 12 * 11);
    expect(Array.from(field.epe).filter((v) => !Number.isNaN(v))).toEqual(Array.from(dense.evaluated.epe, Math.fround));
    expect(Number.isNaN(field.epe[0])).toBe(true); // grid point (1, 1): x − 6 < −½, outside the target
    const csv = `x0,y0,x1,y1\n${Array.from(dense.matches.x0, (x, i) => `${x},${dense.matches.y0[i]},${x - 6},${dense.matches.y0[i] + 4}`).join('\n')}`;
    const sparse = await evaluateMaps(a, b, d.metric, parsePointsCsv(csv), sizes, settings);
    expect(sparse.metrics.points).toBe(dense.metrics.points);
    expect(sparse.metrics.pck).toEqual(dense.metrics.pck);
    expect(sparse.metrics.corner).toBeNull(); // sparse points are no homography
    expect(Array.from(sparse.evaluated.epe)).toEqual(Array.from(dense.evaluated.epe));
    expect(await leakedTensors(() => evaluateMaps(a, b, d.metric, parsePointsCsv(csv), sizes, settings))).toBe(0);
    expect(await leakedTensors(() => evaluateMaps(a, b, d.metric, parseHomography('1 0 -6 0 1 4 0 0 1'), sizes, settings))).toBe(0);
    disposeMap(a);
    disposeMap(b);
  });

  it('a working image smaller than the original is scored in original pixels', async () => {
    const d = getDescriptor('patch');
    const p = d.validateParams({});
    const a = describeDense(source, d, p);
    const b = describeDense(target, d, p);
    // Pretend both originals were twice as large: a working shift (−6, 4) is (−12, 8) in original pixels.
    const twice = { width: 112, height: 96, workingWidth: 56, workingHeight: 48 };
    const r = await evaluateMaps(a, b, d.metric, parseHomography('1 0 -12 0 1 8 0 0 1'), { source: twice, target: twice }, settings);
    expect(r.metrics.pck['1']).toBeGreaterThan(0.9);
    expect(r.metrics.epe_median).toBe(0);
    // x_orig = (x_work + ½)·2 − ½: grid point 1 → 2.5.
    expect(r.matches.x0[0]).toBe(2.5);
    // The fit and its corners are in original pixels too: 112 × 96 corners, truth in original pixels.
    expect(r.metrics.corner?.ok && r.metrics.corner.error).toBeLessThan(0.5);
    const H = r.metrics.corner?.ok ? r.metrics.corner.H : [];
    expect(H[2]).toBeCloseTo(-12, 3);
    expect(H[5]).toBeCloseTo(8, 3);
    disposeMap(a);
    disposeMap(b);
  });
});
