/**
 * The sampling pattern of a BRISK keypoint (Leutenegger et al., ICCV 2011, Fig. 3; keypoints/brisk/pattern.ts)
 * for the Grids view: the 60 points at the keypoint's look-up scale, each with its smoothing half-side σ_i
 * as radius, and a needle along its orientation (placed rotated by the keypoint's angle).
 */
import type { SamplingPattern } from '../../../engine/descriptors/contract';
import { patternAt, patternScale, scaleIndex, BRISK_RADII } from '../../../engine/keypoints/brisk/pattern';

/** `size`: the keypoint's pattern extent (OpenCV's KeyPoint.size) in input pixels. */
export function briskKeypointPattern(size: number): SamplingPattern {
  const k = scaleIndex(size);
  const p = patternAt(k, 0);
  const points = Array.from(p.x, (x, i) => ({ x, y: p.y[i], r: p.sigma[i] }));
  const reach = patternScale(k) * BRISK_RADII[BRISK_RADII.length - 1];
  return { points, pairs: [{ x1: 0, y1: 0, x2: reach, y2: 0 }], caption: 'BRISK keypoint: 60 points on 4 rings, circles of the smoothing σ_i, needle along its orientation' };
}

/** How far a BRISK pattern reaches from its keypoint (outer ring plus its smoothing σ), input pixels. */
export function briskReach(size: number): number {
  const s = patternScale(scaleIndex(size));
  return s * BRISK_RADII[BRISK_RADII.length - 1] * (1 + 1.3 * Math.sin(Math.PI / 20));
}

/**
 * Up to `n` keypoints (indices) whose patterns do not overlap, largest first: BRISK patterns reach ~1.3 ×
 * the keypoint size, so the largest ones alone would cover the image with circles.
 */
export function separatedKeypoints(x: ArrayLike<number>, y: ArrayLike<number>, scale: ArrayLike<number>, n: number): number[] {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => scale[b] - scale[a]);
  const kept: number[] = [];
  for (const i of order) {
    const ri = briskReach(2 * scale[i]);
    if (kept.every((j) => Math.hypot(x[i] - x[j], y[i] - y[j]) > ri + briskReach(2 * scale[j]))) kept.push(i);
    if (kept.length === n) break;
  }
  return kept;
}
