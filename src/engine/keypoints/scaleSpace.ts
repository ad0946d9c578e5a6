/**
 * Lowe's Gaussian and difference-of-Gaussian scale space (IJCV 2004, §3), built with tensor ops and read
 * back per octave for the per-keypoint work in JS. Layout and blur schedule follow OpenCV's SIFT
 * (buildGaussianPyramid / buildDoGPyramid): nLayers + 3 Gaussian images and nLayers + 2 DoG images per
 * octave, each octave starting from the Gaussian image of twice the base σ of the previous one, subsampled
 * by taking every second pixel.
 * Ref: OpenCV 4.6 modules/features2d/src/sift.dispatch.cpp.
 */
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { gaussianBlur } from '../tf/filters';
import { toGray } from '../tf/padding';

export interface ScaleSpaceParams {
  /** Base σ of each octave (1.6). */
  sigma0: number;
  /** Scales per octave, s in Lowe's notation (3). */
  nLayers: number;
  /** Upsample the input ×2 (bilinear) for a first octave at half-pixel spacing, as OpenCV does. */
  upsample: boolean;
}

/** One octave, read back: `gauss` is (nLayers + 3, h, w) and `dog` (nLayers + 2, h, w), row-major. */
export interface Octave {
  /** Octave index in input terms: −1 for the upsampled one, then 0, 1, … (pixel spacing 2^octave). */
  octave: number;
  width: number;
  height: number;
  gauss: Float32Array;
  dog: Float32Array;
  /** DoG extrema over the 3×3×3 neighbourhood with |D| > prefilter: (layer, row, col) triples. */
  candidates: Int32Array;
}

/** Blur increments between successive Gaussian layers of an octave (OpenCV's sig[i]). */
export function layerSigmas(p: ScaleSpaceParams): number[] {
  const k = 2 ** (1 / p.nLayers);
  const sig = [p.sigma0];
  for (let i = 1; i < p.nLayers + 3; i++) {
    const prev = k ** (i - 1) * p.sigma0;
    sig.push(Math.sqrt((prev * k) ** 2 - prev ** 2));
  }
  return sig;
}

/** Input-frame coordinate of octave pixel index i (0-based, pixel centres at integers). */
export function toInput(i: number, octave: number, upsample: boolean): number {
  return i * 2 ** octave + (upsample ? -0.25 : 0);
}

/** Octave pixel coordinate of input-frame coordinate v (the inverse of toInput). */
export function toOctave(v: number, octave: number, upsample: boolean): number {
  return (v - (upsample ? -0.25 : 0)) / 2 ** octave;
}

/** The octave's base image (H, W, 1), blurred to σ0 from an input assumed blurred by 0.5. */
function baseImage(image: Tensor3D, p: ScaleSpaceParams): Tensor3D {
  return tf.tidy(() => {
    let g = toGray(image);
    let assumed = 0.5;
    if (p.upsample) {
      g = tf.image.resizeBilinear(g, [2 * g.shape[0], 2 * g.shape[1]], false, true);
      assumed = 1;
    }
    return gaussianBlur(g, Math.sqrt(Math.max(p.sigma0 ** 2 - assumed ** 2, 0.01)));
  });
}

/** How many octaves: OpenCV's round(log2(min side) − 2), counted from the (possibly upsampled) base. */
function octaveCount(h: number, w: number, p: ScaleSpaceParams): number {
  const side = Math.min(h, w) * (p.upsample ? 2 : 1);
  let n = Math.max(1, Math.round(Math.log2(side) - 2) + (p.upsample ? 1 : 0));
  // An octave smaller than 2·border + 1 pixels can hold no keypoint.
  while (n > 1 && side / 2 ** (n - 1) < 11) n--;
  return n;
}

/** 3×3×3 extrema of a DoG stack (L, h, w, 1) with |D| > thr, on layers 1 … L−2: a (L, h, w, 1) bool mask. */
function extremaMask(dog: Tensor4D, thr: number): tf.Tensor {
  return tf.tidy(() => {
    const x = tf.expandDims(dog, 0) as tf.Tensor5D;
    const mx = tf.maxPool3d(x, 3, 1, 'same');
    const mn = tf.neg(tf.maxPool3d(tf.neg(x), 3, 1, 'same'));
    const isMax = tf.logicalAnd(tf.greaterEqual(x, mx), tf.greater(x, thr));
    const isMin = tf.logicalAnd(tf.lessEqual(x, mn), tf.less(x, -thr));
    return tf.squeeze(tf.logicalOr(isMax, isMin), [0]);
  });
}

/**
 * Builds the scale space of `image` ((H, W, 3) float32 RGB in [0, 1], grey = BT.601) and reads it back.
 * `prefilter` is the |D| threshold for candidate extrema (on [0, 1] grey levels); candidates within
 * `border` pixels of an octave's edge, or on its first and last DoG layers, are dropped.
 */
export async function buildScaleSpace(image: Tensor3D, p: ScaleSpaceParams, prefilter: number, border = 5): Promise<Octave[]> {
  const [H, W, C] = image.shape;
  if (C !== 3) throw new RangeError(`image must be (H, W, 3), got (${image.shape.join(', ')})`);
  const sig = layerSigmas(p);
  const nOct = octaveCount(H, W, p);
  const octaves: Octave[] = [];
  let base = baseImage(image, p);
  for (let o = 0; o < nOct; o++) {
    const { gaussStack, dogStack, next, mask } = tf.tidy(() => {
      const gs: Tensor3D[] = [base];
      for (let i = 1; i < p.nLayers + 3; i++) gs.push(gaussianBlur(gs[i - 1], sig[i]));
      const ds = gs.slice(1).map((g, i) => tf.sub(g, gs[i]));
      const d4 = tf.stack(ds) as Tensor4D;
      const [h, w] = base.shape;
      const nx = tf.stridedSlice(gs[p.nLayers], [0, 0, 0], [h, w, 1], [2, 2, 1]) as Tensor3D;
      return { gaussStack: tf.stack(gs), dogStack: d4, next: nx, mask: extremaMask(d4, prefilter) };
    });
    const [h, w] = base.shape;
    base.dispose();
    base = next;
    const coords = await tf.whereAsync(mask);
    const [gauss, dog, idx] = await Promise.all([gaussStack.data(), dogStack.data(), coords.data()]);
    tf.dispose([gaussStack, dogStack, mask, coords]);
    const cand: number[] = [];
    for (let i = 0; i < idx.length; i += 4) {
      const [l, r, c] = [idx[i], idx[i + 1], idx[i + 2]];
      if (l < 1 || l > p.nLayers || r < border || c < border || r >= h - border || c >= w - border) continue;
      cand.push(l, r, c);
    }
    octaves.push({
      octave: o - (p.upsample ? 1 : 0), width: w, height: h,
      gauss: gauss as Float32Array, dog: dog as Float32Array, candidates: Int32Array.from(cand),
    });
  }
  base.dispose();
  return octaves;
}
