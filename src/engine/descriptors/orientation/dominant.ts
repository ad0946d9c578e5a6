/**
 * A pixel's own frame, shared by the descriptors that turn to it (oriented dense SIFT, DAISY 'dominant'):
 * the dominant gradient orientation from Lowe's 36-bin histogram, and the per-pixel circular shift that
 * re-expresses a histogram over absolute orientations in that frame.
 * Ref: D. G. Lowe, "Distinctive image features from scale-invariant keypoints", IJCV 60(2), 2004, §5;
 * E. Tola, V. Lepetit, P. Fua, "DAISY: An efficient dense descriptor applied to wide-baseline stereo",
 * IEEE TPAMI 32(5), 2010, §3 (rotating the grid and shifting the orientation layers).
 * Angles are measured from +x towards +y, y pointing down the rows.
 */
import { tf, type Tensor1D, type Tensor2D, type Tensor3D, type Tensor4D } from '../../tf';
import { gaussianBoxes, ORIENTATION_HIST_BINS } from '../sift/geometry';
import { andThen, boxCascade, circularSoftBins, orientationMaps } from '../sift/histograms';

/** Circular shift matrix (n, n): (h · S)[c] = h[(c + by) mod n]. */
function shiftMatrix(n: number, by: number): Tensor2D {
  const m = new Float32Array(n * n);
  for (let c = 0; c < n; c++) m[(((c + by) % n + n) % n) * n + c] = 1;
  return tf.tensor2d(m, [n, n]);
}

/**
 * (n, n): `passes` rounds of circular smoothing by [⅓ ⅓ ⅓] as one matrix (libdaisy smooth_histogram; Lowe
 * §5 smooths too). Without it the parabola through a linearly split peak is biased by up to ~2° of 10° bins.
 */
function smoothingMatrix(n: number, passes: number): Tensor2D {
  let m = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let k = 0; k < passes; k++) m = m.map((row) => row.map((_, j) => (row[(j + n - 1) % n] + row[j] + row[(j + 1) % n]) / 3));
  return tf.tensor2d(Float32Array.from(m.flatMap((row) => Array.from(row))), [n, n]);
}

/** Half-width in pixels of the box cascade that stands for a Gaussian window of σ (see dominantOrientation). */
export function orientationWindowReach(windowSigma: number): number {
  return gaussianBoxes(windowSigma).reduce((acc, wd) => acc + (wd - 1) / 2, 0);
}

/**
 * θ per pixel, radians in [0, 2π) (up to the parabola's ±½ bin at bin 0), (N, 1) with N = h·w: the peak of
 * the 36-bin histogram of gradient orientations, each sample split linearly between its two nearest bins and
 * weighted by its magnitude and by a Gaussian window of σ = `windowSigma` (three box means per axis, Kovesi
 * 2010), optionally smoothed by `smoothPasses` rounds of circular [⅓ ⅓ ⅓], then refined by a parabola
 * through the peak bin and its two neighbours (Lowe §5). A histogram with no gradient gives θ = 0.
 * `mag`, `angle`: (1, h + 2·pad, w + 2·pad, 1) gradient maps of the image extended by `pad` ≥ the window's
 * reach (orientationWindowReach) on every side.
 */
export function dominantOrientation(mag: Tensor4D, angle: Tensor4D, pad: number, h: number, w: number, windowSigma: number, smoothPasses = 0): Tensor2D {
  const n = ORIENTATION_HIST_BINS;
  const win = gaussianBoxes(windowSigma);
  const r = orientationWindowReach(windowSigma);
  if (mag.rank !== 4 || mag.shape[1] !== h + 2 * pad || mag.shape[2] !== w + 2 * pad || r > pad) {
    throw new RangeError(`dominantOrientation: maps (${mag.shape}) do not extend ${h}×${w} by pad ${pad} ≥ window reach ${r}`);
  }
  const hist = tf.tidy(() => {
    const crop = (t: Tensor4D) => tf.slice(t, [0, pad - r, pad - r, 0], [1, h + 2 * r, w + 2 * r, 1]);
    const maps = orientationMaps(crop(mag), crop(angle), n);
    const flat = tf.reshape(boxCascade(maps, win), [h * w, n]) as Tensor2D;
    return smoothPasses > 0 ? tf.matMul(flat, smoothingMatrix(n, smoothPasses)) : flat;
  });
  return andThen(hist, (hs) => {
    const peak = tf.argMax(hs, 1) as Tensor1D;
    const mask = tf.cast(tf.oneHot(peak, n), 'float32');
    const centre = tf.max(hs, 1, true);
    const left = tf.sum(tf.mul(mask, tf.matMul(hs, shiftMatrix(n, -1))), 1, true);
    const right = tf.sum(tf.mul(mask, tf.matMul(hs, shiftMatrix(n, 1))), 1, true);
    // Vertex of the parabola through (−1, l), (0, c), (1, r); a flat histogram (den = 0, l = r) gives 0.
    const den = tf.sub(tf.add(left, right), tf.mul(centre, 2));
    const delta = tf.clipByValue(tf.div(tf.mul(tf.sub(left, right), 0.5), tf.sub(den, 1e-30)), -0.5, 0.5);
    return tf.mul(tf.add(tf.reshape(tf.cast(peak, 'float32'), [h * w, 1]), delta), (2 * Math.PI) / n) as Tensor2D;
  });
}

/** (n, n²): row s holds the n×n matrix P_s with (h · P_s)[t] = h[(t + s) mod n], flattened row-major. */
function relabelTable(n: number): Tensor2D {
  const m = new Float32Array(n * n * n);
  for (let s = 0; s < n; s++) for (let t = 0; t < n; t++) m[s * n * n + ((t + s) % n) * n + t] = 1;
  return tf.tensor2d(m, [n, n * n]);
}

/**
 * Per-pixel matrices that express an n-bin histogram over absolute orientations (bin t at 2πt/n) in the frame
 * turned by θ: (h · M)[t] ≈ the histogram at angle 2πt/n + θ, i.e. (1 − f)·h[t + k] + f·h[t + k + 1] (indices
 * mod n) where θ = (k + f)·2π/n — linear interpolation between the two nearest whole-bin shifts, as libdaisy
 * and Lowe's relabelling do. Exact when θ is a multiple of 2π/n. In: θ (N, 1) radians. Out: (N, n, n).
 */
export function frameShiftMatrices(theta: Tensor2D, n: number): Tensor3D {
  if (theta.rank !== 2 || theta.shape[1] !== 1) throw new RangeError(`frameShiftMatrices expects θ as (N, 1), got (${theta.shape})`);
  return tf.tidy(() => {
    const u = circularSoftBins(theta, n) as Tensor2D;
    return tf.reshape(tf.matMul(u, relabelTable(n)), [theta.shape[0], n, n]) as Tensor3D;
  });
}
