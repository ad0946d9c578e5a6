/**
 * Mean corner error of a RANSAC homography fit, for pairs whose ground truth is a homography.
 *
 * Ref: D. DeTone, T. Malisiewicz, A. Rabinovich, "SuperPoint: Self-supervised interest point detection and
 * description", CVPR Workshops 2018, §7.2 (homography estimation on HPatches, V. Balntas et al., CVPR 2017):
 * fit H to the matches, map the four image corners with the fit and with the true H, average the distances.
 *
 * Here: RANSAC (engine/geometry/ransac.ts: normalised DLT on 4-match samples, seeded, refit on the inliers;
 * the Warp view's estimator) on the descriptor's mutual nearest-neighbour matches, in original pixels of
 * both images, so the threshold and the error are in original target pixels like every other metric.
 * Corners are the centres of the source image's corner pixels: (0, 0), (W − 1, 0), (W − 1, H − 1), (0, H − 1).
 *
 * Deviations: SuperPoint uses OpenCV's findHomography (adaptive iterations, LM refinement) and reports the
 * fraction of pairs under ε; this reports the mean corner error itself, with a fixed number of iterations.
 */
import { meanCornerError, type Homography } from '../geometry/homography';
import { ransacHomography, type RansacParams } from '../geometry/ransac';
import type { ScoredMatches } from './metrics';

/** RANSAC's settings for the corner error: the Warp view's defaults. Threshold in original target pixels. */
export const CORNER_RANSAC: Readonly<Required<RansacParams>> = { threshold: 3, iterations: 2000, seed: 1 };

/** The fit's outcome: the error, or why there is none. `matches` = mutual matches RANSAC was given. */
export type CornerFit =
  | { ok: true; error: number; inliers: number; matches: number; H: number[] }
  | { ok: false; reason: string; matches: number };

/**
 * Fits H to the mutual matches (`m` in original pixels: x0, y0 source, x1, y1 target; mutual 1/0 per match)
 * and returns the mean distance between where the fit and `truth` send the corners of the width × height
 * source image. Never NaN: a failure comes back as `ok: false` with the reason.
 */
export function cornerErrorOfFit(m: ScoredMatches, truth: Homography, width: number, height: number, params: Required<RansacParams> = CORNER_RANSAC): CornerFit {
  if (truth.length !== 9) throw new RangeError(`the true homography has 9 entries, got ${truth.length}`);
  if (!(width >= 1 && height >= 1)) throw new RangeError(`the source image size must be positive, got ${width}×${height}`);
  const idx: number[] = [];
  for (let i = 0; i < m.x0.length; i++) if (m.mutual[i]) idx.push(i);
  const matches = idx.length;
  if (matches < 4) return { ok: false, reason: `RANSAC needs at least 4 mutual matches, there ${matches === 1 ? 'is' : 'are'} ${matches}`, matches };
  const pick = (v: ArrayLike<number>) => Float64Array.from(idx, (i) => v[i]);
  const fit = ransacHomography({ x0: pick(m.x0), y0: pick(m.y0), x1: pick(m.x1), y1: pick(m.y1) }, params);
  if (!fit) return { ok: false, reason: 'RANSAC found no homography with 4 or more inliers (degenerate samples)', matches };
  const error = meanCornerError(fit.H, truth, width, height);
  if (!Number.isFinite(error)) return { ok: false, reason: 'the fitted or the true homography sends an image corner to infinity', matches };
  return { ok: true, error, inliers: fit.inlierCount, matches, H: Array.from(fit.H) };
}
