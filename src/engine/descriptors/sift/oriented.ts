/**
 * Dense SIFT in each pixel's own frame (Lowe 2004, §5 and §6.1): the dominant gradient orientation θ₀ from
 * a 36-bin histogram, then the 4×4×8 descriptor with its sampling grid rotated by θ₀ and θ₀ subtracted from
 * every gradient orientation. Angles are measured from +x towards +y, y pointing down the rows. θ₀ and the
 * relabelling live in ../orientation/dominant.ts, shared with DAISY's 'dominant' mode.
 */
import { tf, type Tensor1D, type Tensor2D, type Tensor3D, type Tensor4D } from '../../tf';
import { binOffset, ORIENTATION_BINS, orientationWindowSigma, rotatedSupportRadius, SPATIAL_BINS, triangleBoxes, windowWeights } from './geometry';
import { andThen, normaliseClipRenormalise, orientationMaps, paddedGradients, triangleBlur } from './histograms';
import { dominantOrientation, frameShiftMatrices } from '../orientation/dominant';

/**
 * (4, 64) matrix taking [x, y, cos θ₀, sin θ₀] to the 16 rotated bin centres as cropAndResize boxes
 * [y, x, y, x], normalised by the map size: bin (i, j) sits at p + oᵢ·(cos, sin) + oⱼ·(−sin, cos).
 */
function binCentreMatrix(b: number, hb: number, wb: number): Tensor2D {
  const n = SPATIAL_BINS;
  const m = new Float32Array(4 * n * n * 4);
  const set = (row: number, col: number, v: number) => (m[row * n * n * 4 + col] = v);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const ox = binOffset(i, b);
      const oy = binOffset(j, b);
      for (const c of [0, 2]) {
        const col = (j * n + i) * 4;
        set(1, col + c, 1 / (hb - 1));
        set(2, col + c, oy / (hb - 1));
        set(3, col + c, ox / (hb - 1));
        set(0, col + c + 1, 1 / (wb - 1));
        set(2, col + c + 1, ox / (wb - 1));
        set(3, col + c + 1, -oy / (wb - 1));
      }
    }
  }
  return tf.tensor2d(m, [4, n * n * 4]);
}

/**
 * Rotated-frame histograms. `binned`: (1, Hb, Wb, 8) triangle-binned orientation maps of the padded image,
 * pixel (x, y) at (x + q, y + q); `theta`: (N, 1). Returns (N, 128) in Lowe's layout (j·4 + i)·8 + t, window
 * weights applied, not normalised.
 *
 * Each bin centre is sampled bilinearly (one 1×1 cropAndResize box per bin and pixel); relative orientation
 * bin t is (1 − f)·B[t + k] + f·B[t + k + 1] where θ₀ = (k + f)·45°, one batched 8×8 matMul per pixel.
 */
function rotatedHistograms(binned: Tensor4D, theta: Tensor2D, q: number, h: number, w: number, b: number): Tensor2D {
  const n = h * w;
  const bins = SPATIAL_BINS * SPATIAL_BINS;
  const [, hb, wb] = binned.shape;
  const samples = tf.tidy(() => {
    const xs = tf.tile(tf.range(q, q + w, 1, 'float32'), [h]);
    const ys = tf.reshape(tf.tile(tf.reshape(tf.range(q, q + h, 1, 'float32'), [h, 1]), [1, w]), [n]);
    const t = tf.reshape(theta, [n]);
    const frame = tf.stack([xs, ys, tf.cos(t), tf.sin(t)], 1) as Tensor2D;
    const boxes = tf.reshape(tf.matMul(frame, binCentreMatrix(b, hb, wb)), [n * bins, 4]) as Tensor2D;
    const crops = tf.image.cropAndResize(binned, boxes, tf.zeros([n * bins], 'int32') as Tensor1D, [1, 1]);
    return tf.reshape(crops, [n, bins, ORIENTATION_BINS]);
  });
  const relabelled = andThen(samples, (s) => {
    return tf.matMul(s, frameShiftMatrices(theta, ORIENTATION_BINS));
  });
  const wts = windowWeights(b);
  const binWeights = Float32Array.from({ length: bins }, (_, k) => wts[k % SPATIAL_BINS] * wts[Math.floor(k / SPATIAL_BINS)]);
  return andThen(relabelled, (x) => tf.reshape(tf.mul(x, tf.tensor3d(binWeights, [1, bins, 1])), [n, bins * ORIENTATION_BINS]) as Tensor2D);
}

/** Oriented dense SIFT of a grey (H, W, 1) image smoothed by σ: (H·W, 128), unit length or zero. */
export function orientedSift(grey: Tensor3D, b: number, sigma: number): Tensor2D {
  const [h, w] = grey.shape;
  const pad = rotatedSupportRadius(b);
  const { mag, angle } = paddedGradients(grey, sigma, pad);
  const theta = dominantOrientation(mag, angle, pad, h, w, orientationWindowSigma(b));
  const maps = orientationMaps(mag, angle, ORIENTATION_BINS);
  mag.dispose();
  angle.dispose();
  const binned = andThen(maps, (m) => triangleBlur(m, b, false));
  // The 'valid' triangle moves pixel x of the padded maps to x − centre.
  const hist = rotatedHistograms(binned, theta, pad - triangleBoxes(b, false).centre, h, w, b);
  binned.dispose();
  theta.dispose();
  const sq = tf.tidy(() => tf.sum(tf.square(hist), 1, true) as Tensor2D);
  return normaliseClipRenormalise(hist, sq);
}
