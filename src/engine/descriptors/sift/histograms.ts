/**
 * Dense SIFT building blocks as convolutions: orientation maps, triangle (bilinear) binning, the gather of
 * the 16 spatial bins, and Lowe's normalisation. Maps are NHWC with batch 1; every conv here is 'valid',
 * the caller pads the grey image once so the output keeps the image's size.
 */
import { tf, type Tensor, type Tensor2D, type Tensor3D, type Tensor4D } from '../../tf';
import { gaussianKernel1d } from '../../tf/filters';
import { padReplicate } from '../../tf/padding';
import { CLIP, ORIENTATION_BINS, SPATIAL_BINS, triangleBoxes, windowWeights } from './geometry';

/** Squared-norm guard: a zero histogram (flat region) stays exactly zero instead of 0/0. */
const SQ_EPS = 1e-20;

/**
 * Runs `f(x)` in its own tidy, then disposes `x`: the pipeline holds at most two (H, W, 128) maps at once
 * (tf.tidy alone would keep every intermediate until the end).
 */
export function andThen<T extends Tensor, U extends Tensor>(x: T, f: (x: T) => U): U {
  const y = tf.tidy(() => f(x));
  x.dispose();
  return y;
}

/**
 * Gradient magnitude and angle atan2(gy, gx) (y pointing down the rows) of the grey image smoothed by σ,
 * extended by `pad` pixels on every side. The grey image is replicate-padded once, by pad + the blur radius
 * + 1, then smoothed and differentiated (central differences) with 'valid' convs: one cheap padding instead
 * of one per filter. (H, W, 1) → two (1, H + 2·pad, W + 2·pad, 1).
 */
export function paddedGradients(grey: Tensor3D, sigma: number, pad: number): { mag: Tensor4D; angle: Tensor4D } {
  const g = gaussianKernel1d(sigma);
  const rb = (g.length - 1) / 2;
  return tf.tidy(() => {
    let x = tf.expandDims(padReplicate(grey, pad + rb + 1), 0) as Tensor4D;
    if (rb > 0) {
      x = tf.depthwiseConv2d(x, tf.tensor4d(g, [1, g.length, 1, 1]), 1, 'valid');
      x = tf.depthwiseConv2d(x, tf.tensor4d(g, [g.length, 1, 1, 1]), 1, 'valid');
    }
    const gx = tf.conv2d(x, tf.tensor4d([0, 0, 0, -0.5, 0, 0.5, 0, 0, 0], [3, 3, 1, 1]), 1, 'valid');
    const gy = tf.conv2d(x, tf.tensor4d([0, -0.5, 0, 0, 0, 0, 0, 0.5, 0], [3, 3, 1, 1]), 1, 'valid');
    return { mag: tf.sqrt(tf.add(tf.square(gx), tf.square(gy))) as Tensor4D, angle: tf.atan2(gy, gx) };
  });
}

/**
 * Soft one-hot of an angle over n circular bins: weight relu(1 − |d|), d the circular distance (in bins)
 * from the angle to bin k's centre 2πk/n, so each angle splits linearly between its two nearest bins.
 * (…, 1) radians → (…, n). The angle is wrapped to [0, n) bins once; the weight of a virtual bin n (just
 * past the last) is then folded onto bin 0 with one matMul, so no per-bin wrap is needed.
 */
export function circularSoftBins(angle: Tensor, n: number): Tensor {
  return tf.tidy(() => {
    const pos = tf.mod(tf.mul(angle, n / (2 * Math.PI)), n);
    const tent = tf.relu(tf.sub(1, tf.abs(tf.sub(pos, tf.range(0, n + 1, 1, 'float32')))));
    const fold = new Float32Array((n + 1) * n);
    for (let k = 0; k < n; k++) fold[k * n + k] = 1;
    fold[n * n] = 1;
    const flat = tf.matMul(tf.reshape(tent, [-1, n + 1]), tf.tensor2d(fold, [n + 1, n]));
    return tf.reshape(flat, [...angle.shape.slice(0, -1), n]);
  });
}

/** Magnitude-weighted orientation maps: (1, H, W, 1) × 2 → (1, H, W, n). */
export function orientationMaps(mag: Tensor4D, angle: Tensor4D, n: number): Tensor4D {
  return tf.tidy(() => tf.mul(circularSoftBins(angle, n), mag) as Tensor4D);
}

/** Box means of the given widths along x, then the same along y, every channel, 'valid'. */
export function boxCascade(x: Tensor4D, widths: readonly number[]): Tensor4D {
  let y = x;
  for (const axis of ['x', 'y'] as const) {
    for (const wd of widths) {
      if (wd === 1) continue;
      const prev = y;
      y = tf.avgPool(prev, axis === 'x' ? [1, wd] : [wd, 1], 1, 'valid');
      if (prev !== x) prev.dispose();
    }
  }
  return y === x ? x.clone() : y;
}

/**
 * Bilinear spatial binning of every orientation map: the separable triangle of half-width b, scaled by 1/b
 * (the scale cancels in the normalisation), as box means, 'valid'. See triangleBoxes for the alignment.
 */
export function triangleBlur(maps: Tensor4D, b: number, halfShift: boolean): Tensor4D {
  return boxCascade(maps, triangleBoxes(b, halfShift).widths);
}

/**
 * Gathers the 4×4 bin centres, b pixels apart, from triangle-binned maps with one dilated depthwise conv,
 * weighting bin (i, j) by the window weight w_i·w_j. (1, H + 3b, W + 3b, 8) → (1, H, W, 128) in
 * orientation-major order: channel t·16 + j·4 + i (depthwise puts the input channel slowest).
 */
export function gatherBins(binned: Tensor4D, b: number): Tensor4D {
  const n = SPATIAL_BINS;
  const c = binned.shape[3];
  const w = windowWeights(b);
  return tf.tidy(() => {
    const k = new Float32Array(n * n * c * n * n);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < c; t++) k[((j * n + i) * c + t) * n * n + j * n + i] = w[i] * w[j];
      }
    }
    return tf.depthwiseConv2d(binned, tf.tensor4d(k, [n, n, c, n * n]), 1, 'valid', 'NHWC', [b, b]);
  });
}

/**
 * The squared norm of every gathered descriptor without squaring the 128-channel map:
 * ‖h‖² = Σ_ij (w_i w_j)² Σ_t B_t(c_ij)², one 1-channel dilated conv over Σ_t B_t². → (1, H, W, 1).
 */
export function gatheredSqNorm(binned: Tensor4D, b: number): Tensor4D {
  const n = SPATIAL_BINS;
  const w = windowWeights(b);
  return tf.tidy(() => {
    const energy = tf.sum(tf.square(binned), 3, true) as Tensor4D;
    const k = new Float32Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) k[j * n + i] = (w[i] * w[j]) ** 2;
    return tf.depthwiseConv2d(energy, tf.tensor4d(k, [n, n, 1, 1]), 1, 'valid', 'NHWC', [b, b]);
  });
}

/**
 * (1, H, W, 128) orientation-major → (H·W, 128) in Lowe's layout, index (j·4 + i)·8 + t (spatial row j,
 * column i, orientation t fastest). One transpose; consumes its input.
 */
export function toBinMajor(h: Tensor4D): Tensor2D {
  const n = h.shape[1] * h.shape[2];
  const s = SPATIAL_BINS * SPATIAL_BINS;
  return andThen(h, (x) => tf.reshape(tf.transpose(tf.reshape(x, [n, ORIENTATION_BINS, s]), [0, 2, 1]), [n, s * ORIENTATION_BINS]) as Tensor2D);
}

/**
 * Lowe's normalisation (§6.1): unit length, entries clamped at 0.2, unit length again. (N, D) histograms
 * with their squared norms (N, 1) → (N, D). A zero histogram stays zero. Consumes `h` and `sqNorm`; every
 * step disposes its input, so at most two (N, D) buffers are alive at once.
 */
export function normaliseClipRenormalise(h: Tensor2D, sqNorm: Tensor2D): Tensor2D {
  const unit = tf.tidy(() => tf.mul(h, tf.rsqrt(tf.add(sqNorm, SQ_EPS))) as Tensor2D);
  h.dispose();
  sqNorm.dispose();
  const clipped = andThen(unit, (y) => tf.clipByValue(y, 0, CLIP));
  const clippedSqNorm = tf.tidy(() => tf.sum(tf.square(clipped), 1, true));
  const out = andThen(clipped, (y) => tf.mul(y, tf.rsqrt(tf.add(clippedSqNorm, SQ_EPS))) as Tensor2D);
  clippedSqNorm.dispose();
  return out;
}
