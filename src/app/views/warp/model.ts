/**
 * What the Warp view computes from the store's compute result, as pure functions: which matches take part,
 * the matches in original pixels for RANSAC, the backward map for each way of warping, and the composites
 * shown on screen. No React, no DOM: testable in Node.
 */
import type { MatchSet } from '../../../engine/match/matchPair';
import { toOriginal } from '../../../engine/core/workingSize';
import { fieldMapFromMatches, type Frame } from '../../../engine/geometry/correspondenceField';
import { ransacHomography, type RansacResult } from '../../../engine/geometry/ransac';
import type { RgbaImage } from '../../../engine/geometry/warp';

export type WarpThrough = 'field' | 'ransac' | 'truth';
export type WarpDisplay = 'blend' | 'swipe' | 'checker' | 'difference' | 'flow';

export interface MatchFilter {
  /** Keep only matches that passed the mutual check. */
  mutualOnly: boolean;
  /** Keep matches at least this good (metric units); null = all. */
  scoreCut: number | null;
  higherIsBetter: boolean;
}

/** 1 for each match that takes part in the field and in RANSAC. */
export function keepMask(m: MatchSet, f: MatchFilter): Uint8Array {
  return Uint8Array.from(m.score, (s, i) => {
    if (f.mutualOnly && !m.mutual[i]) return 0;
    if (f.scoreCut !== null && (f.higherIsBetter ? s < f.scoreCut : s > f.scoreCut)) return 0;
    return 1;
  });
}

export function countOnes(m: Uint8Array): number {
  let c = 0;
  for (const v of m) c += v;
  return c;
}

/** The kept matches in original pixels of each image (RANSAC's H and threshold are then in original pixels). */
export function keptInOriginal(m: MatchSet, keep: Uint8Array, source: Frame, target: Frame) {
  const n = countOnes(keep);
  const out = { x0: new Float64Array(n), y0: new Float64Array(n), x1: new Float64Array(n), y1: new Float64Array(n), index: new Int32Array(n) };
  for (let i = 0, k = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    out.x0[k] = toOriginal(m.x0[i], source.sx);
    out.y0[k] = toOriginal(m.y0[i], source.sy);
    out.x1[k] = toOriginal(m.x1[i], target.sx);
    out.y1[k] = toOriginal(m.y1[i], target.sy);
    out.index[k++] = i;
  }
  return out;
}

export type KeptMatches = ReturnType<typeof keptInOriginal>;

export type RansacOutcome = { ok: true; result: RansacResult } | { ok: false; message: string };

export function runRansac(kept: KeptMatches, threshold: number, iterations: number): RansacOutcome {
  if (kept.x0.length < 4) return { ok: false, message: `RANSAC needs at least 4 matches; ${kept.x0.length} pass the filters.` };
  try {
    const result = ransacHomography(kept, { threshold, iterations, seed: 1 });
    if (!result) return { ok: false, message: 'RANSAC found no homography with 4 or more inliers (every sample was degenerate).' };
    return { ok: true, result };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** The dense nearest-neighbour field's backward map over the target (see engine/geometry/correspondenceField.ts). */
export function nnFieldMap(m: MatchSet, keep: Uint8Array, higherIsBetter: boolean, cell: number, source: Frame, target: Frame) {
  const priority = higherIsBetter ? m.score : Float32Array.from(m.score, (s) => -s);
  return fieldMapFromMatches(m, source, target, { keep, priority, cell });
}

/** Mean absolute difference of the grey levels (mean of R, G, B; 0…255) of two images where `mask` is set. */
export function meanAbsDiff(a: RgbaImage, b: RgbaImage, mask: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const j = i * 4;
    s += Math.abs(a.data[j] + a.data[j + 1] + a.data[j + 2] - b.data[j] - b.data[j + 1] - b.data[j + 2]) / 3;
    n++;
  }
  return n ? s / n : NaN;
}

export interface CompositeParams {
  mode: Exclude<WarpDisplay, 'flow'>;
  /** Blend: weight of the warped source (0 = target only). */
  alpha: number;
  /** Swipe: the warped source left of this fraction of the width, the target right of it. */
  swipe: number;
  /** Checkerboard: square side in target pixels. */
  checker: number;
}

/** Gain of the difference image, so small residuals are visible; stated in the UI. */
export const DIFFERENCE_GAIN = 2;

/**
 * The composite the view shows, in the target frame (both inputs target-sized). Where the warp has no
 * source value the target is shown dimmed (blend), black (swipe, checkerboard) or dark blue (difference),
 * so a masked pixel is never mistaken for a match.
 */
export function composite(warped: RgbaImage, mask: Uint8Array, target: RgbaImage, p: CompositeParams): Uint8ClampedArray<ArrayBuffer> {
  const { width: W, height: H } = target;
  const out = new Uint8ClampedArray(W * H * 4);
  const w = warped.data;
  const t = target.data;
  const swipeX = p.swipe * W;
  const cell = Math.max(1, Math.round(p.checker));
  for (let y = 0, i = 0; y < H; y++) {
    for (let x = 0; x < W; x++, i++) {
      const j = i * 4;
      out[j + 3] = 255;
      const valid = mask[i] === 1;
      if (p.mode === 'blend') {
        const a = valid ? p.alpha : 0;
        const dim = valid ? 1 : 0.35;
        for (let c = 0; c < 3; c++) out[j + c] = (a * w[j + c] + (1 - a) * t[j + c]) * dim;
      } else if (p.mode === 'difference') {
        if (valid) for (let c = 0; c < 3; c++) out[j + c] = DIFFERENCE_GAIN * Math.abs(w[j + c] - t[j + c]);
        else out.set([24, 32, 56], j);
      } else {
        const showWarped = p.mode === 'swipe' ? x < swipeX : ((Math.floor(x / cell) + Math.floor(y / cell)) & 1) === 0;
        if (!showWarped) out.set(t.subarray(j, j + 3), j);
        else if (valid) out.set(w.subarray(j, j + 3), j);
      }
    }
  }
  return out;
}

/**
 * The flow length the colour wheel's rim stands for: the 95th percentile of the finite flow lengths (from
 * an even sample of ≤ 20 000 pixels), so a few wild matches do not wash every colour out. Longer flows
 * get Middlebury's out-of-range rendering (darkened). 0 when there is no flow.
 */
export function robustFlowRadius(u: Float32Array, v: Float32Array, quantile = 0.95): number {
  const step = Math.max(1, Math.floor(u.length / 20_000));
  const lengths: number[] = [];
  for (let i = 0; i < u.length; i += step) {
    const l = Math.hypot(u[i], v[i]);
    if (Number.isFinite(l)) lengths.push(l);
  }
  if (lengths.length === 0) return 0;
  lengths.sort((a, b) => a - b);
  return lengths[Math.min(lengths.length - 1, Math.floor(quantile * lengths.length))];
}
