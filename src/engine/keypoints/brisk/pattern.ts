/**
 * The BRISK sampling pattern and its point pairs.
 * Reference: S. Leutenegger, M. Chli and R. Y. Siegwart, "BRISK: Binary Robust Invariant Scalable Keypoints",
 * ICCV 2011, §3.1 (Fig. 3). Constants as in the authors' code, which OpenCV 4.6 ships (features2d/src/brisk.cpp).
 *
 * N = 60 points on the centre and 4 concentric rings; each point p_i is smoothed with a box whose half-side
 * σ_i is proportional to the spacing of its ring (the red circles of Fig. 3). Pairs closer than δ_max are the
 * short pairs (the 512 bits), pairs farther than δ_min the long pairs (the orientation). The pattern is
 * precomputed at 64 scales (from 1 to 30, geometric) and rotated on the fly by the keypoint's discretised
 * angle (1024 steps), as the authors' look-up table does.
 */

/** Radii of the centre and the 4 rings at unit pattern scale (the paper's values × 0.85, the code's). */
export const BRISK_RADII: readonly number[] = [0, 2.9, 4.9, 7.4, 10.8].map((r) => Math.fround(0.85 * r));
/** Points per ring: 1 + 10 + 14 + 15 + 20 = 60. */
export const BRISK_RING_COUNTS: readonly number[] = [1, 10, 14, 15, 20];
/** δ_max = 9.75 t and δ_min = 13.67 t at the unit pattern (t = 0.6): 5.85 and 8.2 px. */
export const BRISK_D_MAX = 5.85;
export const BRISK_D_MIN = 8.2;
/** The pattern's scale look-up: 64 scales from 1 to 30; keypoint size 12 · 0.6 maps to scale 1. */
export const BRISK_SCALES = 64;
export const BRISK_SCALE_RANGE = 30;
export const BRISK_ROTATIONS = 1024;
export const BRISK_BASIC_SIZE = 12;
/** σ_i = 1.3 · (scale) · r_i · sin(π / n_i) (half the chord between ring neighbours, widened by 1.3). */
const SIGMA_SCALE = 1.3;

export interface PatternPoint { ring: number; radius: number; alpha: number; sigma: number }

/** The 60 points at unit scale, no rotation: ring, radius, polar angle α and smoothing half-side σ. */
export const BRISK_POINTS: readonly PatternPoint[] = (() => {
  const pts: PatternPoint[] = [];
  BRISK_RING_COUNTS.forEach((n, ring) => {
    const r = BRISK_RADII[ring];
    const sigma = ring === 0 ? SIGMA_SCALE * 0.5 : SIGMA_SCALE * r * Math.sin(Math.PI / n);
    for (let k = 0; k < n; k++) pts.push({ ring, radius: r, alpha: (2 * Math.PI * k) / n, sigma });
  });
  return pts;
})();

/** Short pairs (i > j, ‖p_j − p_i‖ < δ_max): 512 of them, in the bit order of the descriptor. */
export interface ShortPairs { i: Uint8Array; j: Uint8Array }
/** Long pairs (‖p_j − p_i‖ > δ_min) with (p_j − p_i) / ‖p_j − p_i‖², fixed point × 2048 as the authors round it. */
export interface LongPairs { i: Uint8Array; j: Uint8Array; wx: Int32Array; wy: Int32Array }

function pairs(): { short: ShortPairs; long: LongPairs } {
  const px = BRISK_POINTS.map((p) => Math.fround(p.radius * Math.cos(p.alpha)));
  const py = BRISK_POINTS.map((p) => Math.fround(p.radius * Math.sin(p.alpha)));
  const s: [number, number][] = [];
  const l: [number, number, number, number][] = [];
  for (let i = 1; i < px.length; i++) {
    for (let j = 0; j < i; j++) {
      const dx = px[j] - px[i];
      const dy = py[j] - py[i];
      const d2 = dx * dx + dy * dy;
      // Fixed point as the reference rounds it (int(v + 0.5), truncating toward zero), so angles agree.
      if (d2 > BRISK_D_MIN ** 2) l.push([i, j, Math.trunc((dx / d2) * 2048 + 0.5), Math.trunc((dy / d2) * 2048 + 0.5)]);
      else if (d2 < BRISK_D_MAX ** 2) s.push([i, j]);
    }
  }
  return {
    short: { i: Uint8Array.from(s, (p) => p[0]), j: Uint8Array.from(s, (p) => p[1]) },
    long: { i: Uint8Array.from(l, (p) => p[0]), j: Uint8Array.from(l, (p) => p[1]), wx: Int32Array.from(l, (p) => p[2]), wy: Int32Array.from(l, (p) => p[3]) },
  };
}

export const BRISK_PAIRS = pairs();

/** Pattern scale of look-up entry k: 30^(k / 64). */
export function patternScale(k: number): number {
  return Math.fround(2 ** ((k * Math.log2(BRISK_SCALE_RANGE)) / BRISK_SCALES));
}

/** Look-up index of a keypoint of `size` (pixels): round(64 / log2 30 · log2(size / 7.2)), clamped to 0…63. */
export function scaleIndex(size: number): number {
  const k = Math.trunc((BRISK_SCALES / Math.log2(BRISK_SCALE_RANGE)) * Math.log2(size / (BRISK_BASIC_SIZE * 0.6)) + 0.5);
  return Math.min(BRISK_SCALES - 1, Math.max(0, k));
}

/** Border (pixels) a keypoint at look-up scale k needs: the farthest point plus its box, plus one. */
export function patternBorder(k: number): number {
  const s = patternScale(k);
  let b = 0;
  for (const p of BRISK_POINTS) b = Math.max(b, Math.ceil(s * p.radius + Math.fround(s * p.sigma)) + 1);
  return b;
}

/** Rotation index of an angle in degrees: round(1024 · angle / 360) mod 1024. */
export function rotationIndex(angleDeg: number): number {
  let t = Math.trunc(BRISK_ROTATIONS * (angleDeg / 360) + 0.5);
  if (t < 0) t += BRISK_ROTATIONS;
  if (t >= BRISK_ROTATIONS) t -= BRISK_ROTATIONS;
  return t;
}

/**
 * The 60 sample points of a keypoint: offsets (x, y) from it and box half-sides σ, at look-up scale k and
 * rotation index r. Returns (60,) float32 arrays.
 */
export function patternAt(k: number, r: number): { x: Float32Array; y: Float32Array; sigma: Float32Array } {
  const key = k * BRISK_ROTATIONS + r;
  let p = cache.get(key);
  if (!p) {
    p = computePattern(k, r);
    // Bounded: a few thousand entries of 720 bytes (the reference precomputes all 65 536).
    if (cache.size > 8192) cache.clear();
    cache.set(key, p);
  }
  return p;
}

const cache = new Map<number, { x: Float32Array; y: Float32Array; sigma: Float32Array }>();

function computePattern(k: number, r: number): { x: Float32Array; y: Float32Array; sigma: Float32Array } {
  const s = patternScale(k);
  const theta = (r * 2 * Math.PI) / BRISK_ROTATIONS;
  const n = BRISK_POINTS.length;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const sigma = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const p = BRISK_POINTS[i];
    x[i] = s * p.radius * Math.cos(p.alpha + theta);
    y[i] = s * p.radius * Math.sin(p.alpha + theta);
    sigma[i] = s * p.sigma;
  }
  return { x, y, sigma };
}
