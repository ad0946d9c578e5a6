/**
 * Geometric distortions with exact ground truth: every one is a homography H (source → target, 0-based
 * pixels, [x' y' w]ᵀ = H [x y 1]ᵀ), and the target is the source resampled through H⁻¹ (backward
 * warping with bilinear interpolation), so H is the ground truth of the pair up to interpolation.
 * Ref: R. Hartley and A. Zisserman, "Multiple View Geometry in Computer Vision", 2nd ed., 2004, ch. 2.
 */
import { assertRgbImage, type RgbImage } from '../core/image';

export interface GeometricParams {
  /** Rotation about the image centre, degrees, counter-clockwise on screen (y down). */
  rotationDeg: number;
  /** Isotropic scale about the centre (1 = none). */
  scale: number;
  /** Horizontal shear (x' = x + shear·y about the centre): the affine part beyond similarity. */
  shear: number;
  /** Anisotropic stretch: x scaled by aspect, y by 1/aspect. */
  aspect: number;
  /** Projective terms, as a fraction of the image size: h₃₁ = px / W, h₃₂ = py / H (before centring). */
  px: number;
  py: number;
  /** Translation in pixels, applied last. */
  tx: number;
  ty: number;
}

export const IDENTITY_GEOMETRY: GeometricParams = { rotationDeg: 0, scale: 1, shear: 0, aspect: 1, px: 0, py: 0, tx: 0, ty: 0 };

export type Mat3 = Float64Array;

export function mul3(a: ArrayLike<number>, b: ArrayLike<number>): Mat3 {
  const o = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) o[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
  return o;
}

/** Inverse by the adjugate; throws for a singular matrix. */
export function invert3(m: ArrayLike<number>): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = Array.from(m);
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!(Math.abs(det) > 1e-15)) throw new RangeError('the homography is singular');
  return Float64Array.from([A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d]).map((v) => v / det);
}

export function applyH(H: ArrayLike<number>, x: number, y: number): [number, number] {
  const w = H[6] * x + H[7] * y + H[8];
  return [(H[0] * x + H[1] * y + H[2]) / w, (H[3] * x + H[4] * y + H[5]) / w];
}

/** The homography of the parameters for a W×H image: T(c + t) · R · S · Shear · Aspect · P · T(−c), normalised so h₃₃ = 1. */
export function geometricHomography(p: GeometricParams, width: number, height: number): Mat3 {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const th = (-p.rotationDeg * Math.PI) / 180; // y points down: a positive angle turns counter-clockwise on screen
  const c = Math.cos(th), s = Math.sin(th);
  const parts = [
    [1, 0, cx + p.tx, 0, 1, cy + p.ty, 0, 0, 1],
    [c, -s, 0, s, c, 0, 0, 0, 1],
    [p.scale, 0, 0, 0, p.scale, 0, 0, 0, 1],
    [1, p.shear, 0, 0, 1, 0, 0, 0, 1],
    [p.aspect, 0, 0, 0, 1 / p.aspect, 0, 0, 0, 1],
    [1, 0, 0, 0, 1, 0, p.px / width, p.py / height, 1],
    [1, 0, -cx, 0, 1, -cy, 0, 0, 1],
  ];
  const H = parts.reduce<Mat3>((acc, m) => mul3(acc, m), Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]));
  return H.map((v) => v / H[8]);
}

/**
 * Backward warp: target pixel p' takes the source's bilinear value at H⁻¹ p'; outside the source it is
 * `fill`. Output (outH, outW, 3) float32.
 */
export function warpHomography(img: RgbImage, H: ArrayLike<number>, outW: number, outH: number, fill = 0): RgbImage {
  assertRgbImage(img);
  const Hi = invert3(H);
  const out = new Float32Array(outW * outH * 3);
  const { width: W, height: Hh, data } = img;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const [sx, sy] = applyH(Hi, x, y);
      const o = (y * outW + x) * 3;
      // Inside the source's pixel centres only (no extrapolation beyond the outermost centres).
      if (!(sx >= 0 && sy >= 0 && sx <= W - 1 && sy <= Hh - 1)) {
        out[o] = out[o + 1] = out[o + 2] = fill;
        continue;
      }
      const x0 = Math.min(W - 2, Math.floor(sx)), y0 = Math.min(Hh - 2, Math.floor(sy));
      const fx = sx - Math.max(0, x0), fy = sy - Math.max(0, y0);
      const xa = Math.max(0, x0), ya = Math.max(0, y0);
      const xb = Math.min(W - 1, xa + 1), yb = Math.min(Hh - 1, ya + 1);
      for (let k = 0; k < 3; k++) {
        const a = data[(ya * W + xa) * 3 + k], b = data[(ya * W + xb) * 3 + k];
        const c = data[(yb * W + xa) * 3 + k], d = data[(yb * W + xb) * 3 + k];
        out[o + k] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
      }
    }
  }
  return { width: outW, height: outH, data: out };
}
