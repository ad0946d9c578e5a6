/**
 * The BRISK descriptor: orientation from the long pairs, then 512 intensity comparisons of the short pairs
 * on the rotated pattern, packed into 16 uint32 words.
 * Reference: S. Leutenegger, M. Chli and R. Y. Siegwart, "BRISK: Binary Robust Invariant Scalable Keypoints",
 * ICCV 2011, §3.1. Checked bit for bit against OpenCV 4.6 (scripts/oracles/brisk_opencv.py).
 *
 * Deviations from the paper (all shared with the authors' code in OpenCV):
 * - Each point's "Gaussian smoothing with σ_i" is an area-weighted box mean of half-side σ_i (exact
 *   fractional pixel coverage, from an integral image), the paper's own speed-up; values are kept at
 *   1/1024 grey level.
 * - The local gradient is summed as (p_j − p_i)(I_i − I_j)/‖p_j − p_i‖², the negative of the paper's
 *   g(p_i, p_j), so the angle points from bright to dark; the description is equally rotation invariant.
 * - The angle is quantised to 1024 rotations and the keypoint size to 64 pattern scales (the authors' look-up).
 * - Keypoints whose rotated pattern and boxes would leave the image are dropped, not padded.
 */
import { BRISK_PAIRS, BRISK_POINTS, patternAt, patternBorder, rotationIndex, scaleIndex } from './pattern';
import { assertGrey8, integralImage, type Grey8 } from './grey';

export const BRISK_WORDS = 16;
const N_POINTS = BRISK_POINTS.length;

/** A BRISK keypoint in OpenCV's units. */
export interface BriskKeypoint {
  /** 0-based input pixel coordinates, pixel centres at integers. */
  x: number;
  y: number;
  /** Pattern extent in pixels: 12 × the continuous detection scale. */
  size: number;
  /** Degrees in [0, 360), +x towards +y (y down); −1 until the orientation is assigned. */
  angle: number;
  /** Refined FAST score (0…255). */
  response: number;
  /** Scale-space layer: 0 = c_0, 1 = d_0, 2 = c_1, … */
  layer: number;
}

/** Area-weighted box mean of half-side `s` at (xf, yf), × 1024 and rounded (the reference's fixed point). */
function boxMean(S: Float64Array, g: Grey8, xf: number, yf: number, s: number): number {
  const W = g.width + 1;
  const gw = g.width;
  const I = g.data;
  const x0 = xf - s, x1 = xf + s, y0 = yf - s, y1 = yf + s;
  // Pixels holding the box's edges, and how much of each the box covers (σ ≥ 0.65, so xl < xr and yt < yb).
  const xl = Math.trunc(x0 + 0.5), xr = Math.trunc(x1 + 0.5), yt = Math.trunc(y0 + 0.5), yb = Math.trunc(y1 + 0.5);
  const wl = xl + 0.5 - x0, wr = x1 - xr + 0.5, wt = yt + 0.5 - y0, wb = y1 - yb + 0.5;
  // Integral-image corners of the interior columns (xl, xr) and rows (yt, yb).
  const a = xl + 1, b = xr, c = yt + 1, d = yb;
  const top = S[c * W + b] - S[yt * W + b] - S[c * W + a] + S[yt * W + a];
  const bottom = S[(d + 1) * W + b] - S[d * W + b] - S[(d + 1) * W + a] + S[d * W + a];
  const left = S[d * W + a] - S[c * W + a] - S[d * W + xl] + S[c * W + xl];
  const right = S[d * W + xr + 1] - S[c * W + xr + 1] - S[d * W + xr] + S[c * W + xr];
  const inner = S[d * W + b] - S[c * W + b] - S[d * W + a] + S[c * W + a];
  const sum = wl * wt * I[yt * gw + xl] + wr * wt * I[yt * gw + xr] + wl * wb * I[yb * gw + xl] + wr * wb * I[yb * gw + xr]
    + wt * top + wb * bottom + wl * left + wr * right + inner;
  return Math.floor((1024 * sum) / (4 * s * s) + 0.5);
}

function sampleAll(S: Float64Array, g: Grey8, x: number, y: number, k: number, r: number, out: Int32Array): void {
  const p = patternAt(k, r);
  for (let i = 0; i < N_POINTS; i++) out[i] = boxMean(S, g, Math.fround(p.x[i] + x), Math.fround(p.y[i] + y), p.sigma[i]);
}

/** Orientation (degrees, [0, 360)) from the long pairs of the unrotated pattern's smoothed values. */
function orientation(v: Int32Array): number {
  const { i, j, wx, wy } = BRISK_PAIRS.long;
  let gx = 0, gy = 0;
  for (let p = 0; p < i.length; p++) {
    const d = v[i[p]] - v[j[p]];
    gx += Math.trunc((d * wx[p]) / 1024);
    gy += Math.trunc((d * wy[p]) / 1024);
  }
  const a = Math.fround((Math.atan2(gy, gx) / Math.PI) * 180);
  return a < 0 ? a + 360 : a;
}

/**
 * Orientations and descriptors of keypoints on `g` ((H, W) uint8).
 * `keypoints` need x, y, size; angles are (re)computed, as OpenCV's compute() does.
 * Returns the kept keypoints (those whose pattern fits in the image) with their angle, `index` into the
 * input for each, and `descriptors`: (kept, 16) uint32, bit b of the short-pair list in word b >> 5, bit b & 31.
 */
export function describeBrisk(g: Grey8, keypoints: readonly Pick<BriskKeypoint, 'x' | 'y' | 'size'>[]): { keypoints: BriskKeypoint[]; index: Int32Array; descriptors: Uint32Array } {
  assertGrey8(g);
  const S = integralImage(g);
  const kept: BriskKeypoint[] = [];
  const index: number[] = [];
  const words: Uint32Array[] = [];
  const v = new Int32Array(N_POINTS);
  const { i: si, j: sj } = BRISK_PAIRS.short;
  for (let n = 0; n < keypoints.length; n++) {
    const kp = keypoints[n];
    if (!(kp.size > 0) || !Number.isFinite(kp.x) || !Number.isFinite(kp.y)) throw new RangeError(`keypoint ${n} needs a finite position and a positive size`);
    const k = scaleIndex(kp.size);
    const b = patternBorder(k);
    if (kp.x < b || kp.x >= g.width - b || kp.y < b || kp.y >= g.height - b) continue;
    sampleAll(S, g, kp.x, kp.y, k, 0, v);
    const angle = orientation(v);
    sampleAll(S, g, kp.x, kp.y, k, rotationIndex(angle), v);
    const d = new Uint32Array(BRISK_WORDS);
    for (let p = 0; p < si.length; p++) if (v[si[p]] > v[sj[p]]) d[p >>> 5] |= 1 << (p & 31);
    kept.push({ x: kp.x, y: kp.y, size: kp.size, angle, response: 'response' in kp ? Number(kp.response) : 0, layer: 'layer' in kp ? Number(kp.layer) : 0 });
    index.push(n);
    words.push(d);
  }
  const descriptors = new Uint32Array(kept.length * BRISK_WORDS);
  words.forEach((d, n) => descriptors.set(d, n * BRISK_WORDS));
  return { keypoints: kept, index: Int32Array.from(index), descriptors };
}
