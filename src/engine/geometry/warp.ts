/**
 * Backward warping: every output pixel q looks up where it comes from in the source, p = map(q), and takes
 * the source's bilinear interpolation there (as OpenCV's `remap` and the spatial transformer's sampler do;
 * M. Jaderberg et al., "Spatial transformer networks", NeurIPS 2015, eq. 5 with the bilinear kernel).
 * Backward, not forward, so every output pixel gets exactly one value and no holes open between pixels.
 *
 * Validity: an output pixel is valid when its map is finite and p lies on the source, i.e. within the
 * source's pixel area [−½, W − ½) × [−½, H − ½) (pixel i covers [i − ½, i + ½)); taps outside the image
 * are clamped to the edge pixel. Invalid pixels are 0 in every channel (alpha 0 for RGBA).
 */
import { assertRgbImage, type RgbImage } from '../core/image';
import { invertHomography, type Homography } from './homography';

/** RGBA bytes as ImageData holds them: (H, W, 4) uint8, straight alpha. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** A backward map: output pixel i (row-major) samples the source at (mapX[i], mapY[i]); NaN = no source. */
export interface BackwardMap {
  readonly width: number;
  readonly height: number;
  readonly mapX: Float32Array;
  readonly mapY: Float32Array;
}

export interface Warped<T> {
  image: T;
  /** (H, W) uint8: 1 where the output pixel has a source value. */
  mask: Uint8Array;
  validCount: number;
}

/** The backward map of a homography H (source → target) over a `width` × `height` target. */
export function homographyMap(H: Homography, width: number, height: number): BackwardMap {
  const Hinv = invertHomography(H);
  const mapX = new Float32Array(width * height);
  const mapY = new Float32Array(width * height);
  const [a, b, c, d, e, f, g, h, k] = Hinv;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      // applyHomography inlined (no allocation per pixel); w ≈ 0 maps to infinity: no source.
      const w = g * x + h * y + k;
      const ok = Math.abs(w) > 1e-12;
      mapX[i] = ok ? (a * x + b * y + c) / w : NaN;
      mapY[i] = ok ? (d * x + e * y + f) / w : NaN;
    }
  }
  return { width, height, mapX, mapY };
}

/**
 * Samples `src` (C interleaved channels) through `map`. `alpha` = index of an alpha channel to set to
 * `alphaValue` at valid pixels (−1: none). Returns the output values and the validity mask.
 */
function remap<T extends Float32Array | Uint8ClampedArray>(
  src: { width: number; height: number; data: T }, channels: number, map: BackwardMap, out: T, alpha: number, alphaValue: number,
): { mask: Uint8Array; validCount: number } {
  const { width: W, height: H, data } = src;
  const mask = new Uint8Array(map.width * map.height);
  let validCount = 0;
  for (let i = 0; i < mask.length; i++) {
    const px = map.mapX[i];
    const py = map.mapY[i];
    if (!(px >= -0.5 && px < W - 0.5 && py >= -0.5 && py < H - 0.5)) continue;
    mask[i] = 1;
    validCount++;
    const xc = Math.min(Math.max(px, 0), W - 1);
    const yc = Math.min(Math.max(py, 0), H - 1);
    const x0 = Math.floor(xc);
    const y0 = Math.floor(yc);
    const x1 = Math.min(x0 + 1, W - 1);
    const y1 = Math.min(y0 + 1, H - 1);
    const fx = xc - x0;
    const fy = yc - y0;
    const w00 = (1 - fx) * (1 - fy);
    const w10 = fx * (1 - fy);
    const w01 = (1 - fx) * fy;
    const w11 = fx * fy;
    const a = (y0 * W + x0) * channels;
    const b = (y0 * W + x1) * channels;
    const c = (y1 * W + x0) * channels;
    const d = (y1 * W + x1) * channels;
    const o = i * channels;
    for (let k = 0; k < channels; k++) {
      out[o + k] = k === alpha ? alphaValue : w00 * data[a + k] + w10 * data[b + k] + w01 * data[c + k] + w11 * data[d + k];
    }
  }
  return { mask, validCount };
}

function checkMap(map: BackwardMap) {
  const n = map.width * map.height;
  if (!(Number.isInteger(map.width) && Number.isInteger(map.height) && map.width > 0 && map.height > 0)) throw new RangeError(`the output size must be positive integers, got ${map.width}×${map.height}`);
  if (map.mapX.length !== n || map.mapY.length !== n) throw new RangeError(`the map holds ${map.mapX.length} entries, expected ${map.width}×${map.height}`);
}

/** Backward bilinear warp of an RGB image (H, W, 3) float32 through `map`; output (h, w, 3) float32. */
export function warpRgb(src: RgbImage, map: BackwardMap): Warped<RgbImage> {
  assertRgbImage(src);
  checkMap(map);
  const data = new Float32Array(map.width * map.height * 3);
  const r = remap(src, 3, map, data, -1, 0);
  return { image: { width: map.width, height: map.height, data }, ...r };
}

/**
 * Backward bilinear warp of RGBA bytes (H, W, 4) through `map`. Valid pixels get alpha 255 (the source is
 * taken as opaque: colour is interpolated, alpha is not), invalid ones are transparent black.
 */
export function warpRgba(src: RgbaImage, map: BackwardMap): Warped<RgbaImage> {
  if (src.data.length !== src.width * src.height * 4) throw new RangeError(`RGBA buffer has ${src.data.length} bytes, expected ${src.width}×${src.height}×4`);
  checkMap(map);
  const data = new Uint8ClampedArray(map.width * map.height * 4);
  const r = remap(src, 4, map, data, 3, 255);
  return { image: { width: map.width, height: map.height, data }, ...r };
}

/** The source warped into a `width` × `height` target frame by H (source → target). */
export function warpRgbaByHomography(src: RgbaImage, H: Homography, width: number, height: number): Warped<RgbaImage> {
  return warpRgba(src, homographyMap(H, width, height));
}
