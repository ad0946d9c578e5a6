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
