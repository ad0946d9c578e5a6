/**
 * Training patches for the patch networks, from photographs and synthetic warps of them with exact
 * correspondences (the role of the multi-view-stereo patch sets of Brown et al. that both papers train on).
 * Each example: an anchor patch around an integer pixel p of a photo, a positive around H(p) in a view of
 * the photo warped by a random homography H (rotation, scale, shear, perspective) with a random photometric
 * change, and a negative from the same warped view at least `minNegativeOffset` px from H(p). Warped
 * patches are sampled directly through H⁻¹ (backward bilinear, as engine/distort warps whole images), so
 * every correspondence is exact up to interpolation.
 */
import type { RgbImage } from '../../core/image';
import { invert3, type Mat3 } from '../../distort/geometric';

/** A photo as the networks see it: grey (BT.601) levels in [0, 1] and their mean and standard deviation. */
export interface GreyPhoto {
  width: number;
  height: number;
  grey: Float32Array;
  mean: number;
  std: number;
}

export function greyPhoto(img: RgbImage): GreyPhoto {
  const n = img.width * img.height;
  const grey = new Float32Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    grey[i] = Math.fround(0.299 * img.data[3 * i] + 0.587 * img.data[3 * i + 1] + 0.114 * img.data[3 * i + 2]);
    s += grey[i];
  }
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (grey[i] - mean) ** 2;
  return { width: img.width, height: img.height, grey, mean, std: Math.sqrt(v / n + 1e-6) };
}

/**
 * The standardised patch (grey − mean)/std of side `size` centred on integer pixel (cx, cy), 0 outside the
 * photo: what standardisedGray + zero padding give the dense networks. Written to out[at …].
 */
export function copyPatch(p: GreyPhoto, cx: number, cy: number, size: number, out: Float32Array, at: number): void {
  const r = (size - 1) / 2;
  for (let dy = 0; dy < size; dy++) {
    const y = cy - r + dy;
    for (let dx = 0; dx < size; dx++) {
      const x = cx - r + dx;
      const inside = x >= 0 && y >= 0 && x < p.width && y < p.height;
      out[at + dy * size + dx] = inside ? (p.grey[y * p.width + x] - p.mean) / p.std : 0;
    }
  }
}

/** A random view: homography (photo → view), and a photometric map v ↦ gain·v^γ + bias (grey in [0, 1]). */
export interface View {
  H: Mat3;
  Hinv: Mat3;
  gamma: number;
  gain: number;
  bias: number;
}

export interface ViewRanges {
  /** Rotation in degrees, uniform in [−r, r]. */
  rotationDeg: number;
  /** Scale, log-uniform in [1/s, s]. */
  scale: number;
  /** Shear, uniform in [−s, s]. */
  shear: number;
  /** Perspective terms h₃₁, h₃₂ uniform in [−p, p] / photo side. */
  perspective: number;
}

export const DEFAULT_VIEW_RANGES: ViewRanges = { rotationDeg: 25, scale: 1.25, shear: 0.15, perspective: 0.15 };

/** A random view of a photo about its centre, from the PRNG `rnd`. */
export function randomView(p: GreyPhoto, ranges: ViewRanges, rnd: () => number): View {
  const u = (a: number) => (2 * rnd() - 1) * a;
  const th = (u(ranges.rotationDeg) * Math.PI) / 180;
  const s = Math.exp(u(Math.log(ranges.scale)));
  const sh = u(ranges.shear);
  const [cx, cy] = [(p.width - 1) / 2, (p.height - 1) / 2];
  const [c, sn] = [Math.cos(th) * s, Math.sin(th) * s];
  // A = R·S·[1 sh; 0 1] about the centre, then a perspective row (scaled to the photo) about the centre too.
  const a = [c, c * sh - sn, sn, sn * sh + c];
  const g = u(ranges.perspective) / p.width;
  const h = u(ranges.perspective) / p.height;
  const H = Float64Array.from([
    a[0], a[1], cx - a[0] * cx - a[1] * cy,
    a[2], a[3], cy - a[2] * cx - a[3] * cy,
    g, h, 1 - g * cx - h * cy,
  ]);
  return { H, Hinv: invert3(H), gamma: Math.exp(u(0.4)), gain: 1 + u(0.3), bias: u(0.1) };
}

/** Maps (x, y) through a homography. */
export function project(H: ArrayLike<number>, x: number, y: number): [number, number] {
  const w = H[6] * x + H[7] * y + H[8];
  return [(H[0] * x + H[1] * y + H[2]) / w, (H[3] * x + H[4] * y + H[5]) / w];
}

function bilinear(p: GreyPhoto, x: number, y: number): number | null {
  if (!(x >= 0 && y >= 0 && x <= p.width - 1 && y <= p.height - 1)) return null;
  const x0 = Math.min(Math.floor(x), p.width - 2 < 0 ? 0 : p.width - 2);
  const y0 = Math.min(Math.floor(y), p.height - 2 < 0 ? 0 : p.height - 2);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) => p.grey[Math.min(yy, p.height - 1) * p.width + Math.min(xx, p.width - 1)];
  return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}

/**
 * The standardised patch of the warped view centred on view pixel (cx, cy) (not necessarily integer): each
 * pixel is the photo at H⁻¹(·), bilinear, through the view's photometric map; 0 outside the photo. The view's
 * grey mean and deviation are estimated by pushing the photo's through the photometric map (mean of v^γ
 * approximated by mean^γ), which is what standardising the whole warped image would give up to the borders.
 */
export function copyViewPatch(p: GreyPhoto, v: View, cx: number, cy: number, size: number, out: Float32Array, at: number): void {
  const r = (size - 1) / 2;
  const mean = v.gain * Math.pow(Math.max(p.mean, 1e-3), v.gamma) + v.bias;
  const std = Math.max(1e-3, v.gain * v.gamma * Math.pow(Math.max(p.mean, 1e-3), v.gamma - 1) * p.std);
  for (let dy = 0; dy < size; dy++) {
    for (let dx = 0; dx < size; dx++) {
      const [x, y] = project(v.Hinv, cx - r + dx, cy - r + dy);
      const g = bilinear(p, x, y);
      out[at + dy * size + dx] = g === null ? 0 : (v.gain * Math.pow(Math.max(g, 0), v.gamma) + v.bias - mean) / std;
    }
  }
}

/** N examples as (N, P, P, 1) patches, flat: anchors, positives, negatives. */
export interface PatchTriples {
  n: number;
  size: number;
  anchor: Float32Array;
  positive: Float32Array;
  negative: Float32Array;
}

export interface SamplingOptions {
  size: number;
  ranges: ViewRanges;
  /** Negatives lie at least this far (px) from the true match in the view. */
  minNegativeOffset: number;
  /** Half of the negatives lie within this distance of the true match (harder), the rest anywhere. */
  nearNegativeOffset: number;
  /** Examples drawn per view before a new random view is made. */
  perView: number;
}

export const DEFAULT_SAMPLING: Omit<SamplingOptions, 'size'> = { ranges: DEFAULT_VIEW_RANGES, minNegativeOffset: 6, nearNegativeOffset: 32, perView: 32 };

/**
 * Draws n examples from `photos` with `rnd`. Anchors are integer pixels at least a patch radius inside their
 * photo whose match lands at least a radius inside the view's frame (the photo's own rectangle).
 */
export function sampleTriples(photos: readonly GreyPhoto[], o: SamplingOptions, n: number, rnd: () => number): PatchTriples {
  if (photos.length === 0) throw new Error('patch sampling needs at least one photo');
  const P = o.size * o.size;
  const r = (o.size - 1) / 2;
  const t: PatchTriples = { n, size: o.size, anchor: new Float32Array(n * P), positive: new Float32Array(n * P), negative: new Float32Array(n * P) };
  let i = 0;
  let guard = 0;
  while (i < n) {
    const p = photos[Math.floor(rnd() * photos.length)];
    if (p.width < o.size || p.height < o.size) throw new Error(`a ${p.width}×${p.height} photo is smaller than the ${o.size}×${o.size} patch`);
    const v = randomView(p, o.ranges, rnd);
    for (let k = 0; k < o.perView && i < n; k++) {
      if (++guard > 1000 * n) throw new Error('no usable anchors: the views leave the photos');
      const x = r + Math.floor(rnd() * (p.width - 2 * r));
      const y = r + Math.floor(rnd() * (p.height - 2 * r));
      const [qx, qy] = project(v.H, x, y);
      if (!(qx >= r && qy >= r && qx <= p.width - 1 - r && qy <= p.height - 1 - r)) continue;
      let nx: number;
      let ny: number;
      do {
        if (rnd() < 0.5) {
          const a = 2 * Math.PI * rnd();
          const d = o.minNegativeOffset + rnd() * (o.nearNegativeOffset - o.minNegativeOffset);
          [nx, ny] = [Math.round(qx + d * Math.cos(a)), Math.round(qy + d * Math.sin(a))];
        } else {
          [nx, ny] = [r + Math.floor(rnd() * (p.width - 2 * r)), r + Math.floor(rnd() * (p.height - 2 * r))];
        }
      } while (Math.hypot(nx - qx, ny - qy) < o.minNegativeOffset);
      copyPatch(p, x, y, o.size, t.anchor, i * P);
      copyViewPatch(p, v, qx, qy, o.size, t.positive, i * P);
      copyViewPatch(p, v, nx, ny, o.size, t.negative, i * P);
      i++;
    }
  }
  return t;
}
