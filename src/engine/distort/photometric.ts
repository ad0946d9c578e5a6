/**
 * Photometric and modality-like changes: they move no pixel, so a pair keeps its geometric ground truth.
 * Values stay in [0, 1] (clipped where an operation leaves the range).
 */
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { mulberry32 } from '../core/random';
import type { RgbImage } from '../core/image';

const clip = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
const mapValues = (img: RgbImage, f: (v: number) => number): RgbImage => ({ ...img, data: img.data.map(f) });
/** Rec. 601 luma of pixel i (data index of its red value). */
const luma = (d: Float32Array, i: number) => 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];

/** v ↦ v^γ (γ > 1 darkens mid-tones). */
export const applyGamma = (img: RgbImage, gamma: number) => mapValues(img, (v) => Math.pow(v, gamma));

/** v ↦ clip(v · 2^ev): an exposure change of `ev` stops, saturating highlights. */
export const applyExposure = (img: RgbImage, ev: number) => mapValues(img, (v) => clip(v * Math.pow(2, ev)));

/** Adds i.i.d. Gaussian noise of standard deviation σ (in [0, 1] units), seeded, then clips. */
export function addNoise(img: RgbImage, sigma: number, seed: number): RgbImage {
  const rand = mulberry32(seed);
  const data = new Float32Array(img.data.length);
  for (let i = 0; i < data.length; i++) {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    data[i] = clip(img.data[i] + sigma * g);
  }
  return { ...img, data };
}

/** Separable Gaussian blur of standard deviation σ px, radius ⌈3σ⌉, edges clamped. */
export function gaussianBlur(img: RgbImage, sigma: number): RgbImage {
  if (sigma <= 0) return img;
  const r = Math.ceil(3 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  const kn = k.map((v) => v / sum);
  const pass = (src: Float32Array, horizontal: boolean) => {
    const { width: W, height: H } = img;
    const out = new Float32Array(src.length);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        for (let c = 0; c < 3; c++) {
          let acc = 0;
          for (let j = -r; j <= r; j++) {
            const xx = horizontal ? Math.min(W - 1, Math.max(0, x + j)) : x;
            const yy = horizontal ? y : Math.min(H - 1, Math.max(0, y + j));
            acc += kn[j + r] * src[(yy * W + xx) * 3 + c];
          }
          out[(y * W + x) * 3 + c] = acc;
        }
      }
    }
    return out;
  };
  return { ...img, data: pass(pass(img.data, true), false) };
}

/** A JPEG round trip at `quality` (1–100) with jpeg-js: the block artefacts of a real encoder. */
export function jpegRoundTrip(img: RgbImage, quality: number): RgbImage {
  const { width, height } = img;
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; j < img.data.length; i += 4, j += 3) {
    rgba[i] = Math.round(clip(img.data[j]) * 255);
    rgba[i + 1] = Math.round(clip(img.data[j + 1]) * 255);
    rgba[i + 2] = Math.round(clip(img.data[j + 2]) * 255);
    rgba[i + 3] = 255;
  }
  // jpeg-js returns Buffer.from(bytes) whenever a CommonJS `module` exists, which the app's bundler provides
  // in the browser too, where Buffer does not: lend it the one method it calls, for this call only.
  const g = globalThis as { Buffer?: unknown };
  const lent = g.Buffer === undefined;
  if (lent) g.Buffer = { from: (a: ArrayLike<number>) => Uint8Array.from(a) };
  let encoded;
  try {
    encoded = encodeJpeg({ data: rgba, width, height }, quality);
  } finally {
    if (lent) delete g.Buffer;
  }
  const decoded = decodeJpeg(new Uint8Array(encoded.data), { useTArray: true, formatAsRGBA: true });
  const data = new Float32Array(width * height * 3);
  for (let i = 0, j = 0; j < data.length; i += 4, j += 3) {
    data[j] = decoded.data[i] / 255;
    data[j + 1] = decoded.data[i + 1] / 255;
    data[j + 2] = decoded.data[i + 2] / 255;
  }
  return { width, height, data };
}

/** 1 − v: the contrast inversion that separates gradient-sign descriptors from sign-invariant ones. */
export const invertContrast = (img: RgbImage) => mapValues(img, (v) => 1 - v);

/** RGB → BGR: the same scene in a different channel order (red and blue exchanged). */
export function swapChannels(img: RgbImage): RgbImage {
  const data = new Float32Array(img.data.length);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = img.data[i + 2];
    data[i + 1] = img.data[i + 1];
    data[i + 2] = img.data[i];
  }
  return { ...img, data };
}

/**
 * Gradient magnitude of the luma (Sobel, edges clamped), divided by its maximum, as grey: an edge map, the
 * kind of image a different sensor or a sketch gives.
 */
export function gradientMagnitude(img: RgbImage): RgbImage {
  const { width: W, height: H, data } = img;
  const L = (x: number, y: number) => luma(data, (Math.min(H - 1, Math.max(0, y)) * W + Math.min(W - 1, Math.max(0, x))) * 3);
  const mag = new Float32Array(W * H);
  let max = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const gx = L(x + 1, y - 1) + 2 * L(x + 1, y) + L(x + 1, y + 1) - L(x - 1, y - 1) - 2 * L(x - 1, y) - L(x - 1, y + 1);
      const gy = L(x - 1, y + 1) + 2 * L(x, y + 1) + L(x + 1, y + 1) - L(x - 1, y - 1) - 2 * L(x, y - 1) - L(x + 1, y - 1);
      mag[y * W + x] = Math.hypot(gx, gy);
      max = Math.max(max, mag[y * W + x]);
    }
  }
  const out = new Float32Array(W * H * 3);
  for (let i = 0; i < mag.length; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = max > 0 ? mag[i] / max : 0;
  return { width: W, height: H, data: out };
}

/**
 * A colour-to-near-infrared-like grey: I = clip(0.1·R + 1.2·G − 0.5·B + 0.15). Not a physical model; it
 * reproduces what makes NIR hard to match to RGB: green (vegetation) turns bright, blue (sky, water) dark,
 * so local contrast changes sign between regions while edges stay where they were.
 */
export function infraredLike(img: RgbImage): RgbImage {
  const out = new Float32Array(img.data.length);
  for (let i = 0; i < out.length; i += 3) {
    const v = clip(0.1 * img.data[i] + 1.2 * img.data[i + 1] - 0.5 * img.data[i + 2] + 0.15);
    out[i] = out[i + 1] = out[i + 2] = v;
  }
  return { ...img, data: out };
}
