/**
 * The distortion generator: from one image, a target with exact ground truth. The geometric part is a
 * homography H (source → target, 0-based pixels) and the target is the source warped through it
 * (geometric.ts); photometric and modality changes follow and move no pixel (photometric.ts), so H stays
 * exact. Order: warp → modality → exposure → gamma → blur → noise → JPEG, as a sensor would see it.
 */
import { assertRgbImage, type RgbImage } from '../core/image';
import { geometricHomography, IDENTITY_GEOMETRY, warpHomography, type GeometricParams } from './geometric';
import { addNoise, applyExposure, applyGamma, gaussianBlur, gradientMagnitude, infraredLike, invertContrast, jpegRoundTrip, swapChannels } from './photometric';

export type Modality = 'none' | 'invert' | 'swap' | 'gradient' | 'infrared';
export const MODALITIES: readonly Modality[] = ['none', 'invert', 'swap', 'gradient', 'infrared'];

export interface DistortionSpec extends GeometricParams {
  /** v ↦ v^γ; 1 = none. */
  gamma: number;
  /** Exposure change in stops; 0 = none. */
  exposureEv: number;
  /** Gaussian noise σ in [0, 1] units; 0 = none. */
  noise: number;
  /** Seed of the noise. */
  seed: number;
  /** Gaussian blur σ in px; 0 = none. */
  blur: number;
  /** JPEG quality 1–100; 0 = no JPEG round trip. */
  jpegQuality: number;
  modality: Modality;
}

export const IDENTITY_DISTORTION: DistortionSpec = {
  ...IDENTITY_GEOMETRY, gamma: 1, exposureEv: 0, noise: 0, seed: 1, blur: 0, jpegQuality: 0, modality: 'none',
};

const RANGES: Partial<Record<keyof DistortionSpec, [number, number]>> = {
  rotationDeg: [-180, 180], scale: [0.1, 10], shear: [-2, 2], aspect: [0.2, 5], px: [-1, 1], py: [-1, 1],
  tx: [-1e5, 1e5], ty: [-1e5, 1e5], gamma: [0.1, 10], exposureEv: [-8, 8], noise: [0, 1], seed: [0, 2 ** 32 - 1],
  blur: [0, 50], jpegQuality: [0, 100],
};

/** Fills defaults and checks every field; throws RangeError naming the field. */
export function validateDistortion(spec: Partial<DistortionSpec>): DistortionSpec {
  const s = { ...IDENTITY_DISTORTION, ...spec };
  for (const [k, [lo, hi]] of Object.entries(RANGES) as [keyof DistortionSpec, [number, number]][]) {
    const v = s[k] as number;
    if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new RangeError(`${k} must be a number in [${lo}, ${hi}], got ${String(v)}`);
  }
  if (!MODALITIES.includes(s.modality)) throw new RangeError(`modality must be one of ${MODALITIES.join(', ')}, got ${String(s.modality)}`);
  return s;
}

export interface DistortionResult {
  image: RgbImage;
  /** Row-major 3×3, source → target, h₃₃ = 1. */
  H: Float64Array;
}

/** Makes the target (same size as the source; uncovered pixels black) and its homography. */
export function distortImage(source: RgbImage, spec: Partial<DistortionSpec>): DistortionResult {
  assertRgbImage(source);
  const s = validateDistortion(spec);
  const H = geometricHomography(s, source.width, source.height);
  let img = warpHomography(source, H, source.width, source.height, 0);
  if (s.modality === 'invert') img = invertContrast(img);
  else if (s.modality === 'swap') img = swapChannels(img);
  else if (s.modality === 'gradient') img = gradientMagnitude(img);
  else if (s.modality === 'infrared') img = infraredLike(img);
  if (s.exposureEv !== 0) img = applyExposure(img, s.exposureEv);
  if (s.gamma !== 1) img = applyGamma(img, s.gamma);
  if (s.blur > 0) img = gaussianBlur(img, s.blur);
  if (s.noise > 0) img = addNoise(img, s.noise, s.seed);
  if (s.jpegQuality > 0) img = jpegRoundTrip(img, s.jpegQuality);
  return { image: img, H };
}

/** The homography as H.txt: three rows of three numbers (the format parseHomography reads). */
export function formatHomography(H: ArrayLike<number>): string {
  const row = (r: number) => [0, 1, 2].map((c) => H[r * 3 + c].toPrecision(17)).join(' ');
  return `${row(0)}\n${row(1)}\n${row(2)}\n`;
}
