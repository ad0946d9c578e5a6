/**
 * The convolutional spatial transformer (CST) of UCN.
 * Reference: C. B. Choy, J. Gwak, S. Savarese, M. Chandraker, "Universal Correspondence Network", NIPS 2016,
 * §3.3 and Fig. 4(c); the sampler is the bilinear kernel of M. Jaderberg et al., "Spatial Transformer
 * Networks", NIPS 2015, eq. 5.
 *
 * At every location of a feature map a transform θ (here a rotation φ and an isotropic scale σ, UCN's
 * "rotation and scale") places a k×k grid of sample points around the location; the features are sampled
 * bilinearly there, the k×k patches are laid side by side (one row of k·k·C values per location) and one
 * k×k convolution with stride k combines each patch: a matMul by the [k·k·C, C'] kernel. With θ = identity
 * the sample points are the k×k neighbours and the layer is an ordinary k×k 'same' convolution (a test
 * checks this). Samples outside the map read zeros, as the zero padding of that convolution does.
 *
 * Only gather, arithmetic and matMul are used, so gradients flow to θ (through the bilinear weights) and to
 * the features (through the gather) on every backend; the gather's gradient is a scatter-add (scatterND
 * sums duplicate indices), because tfjs' own GatherV2 gradient needs UnsortedSegmentSum, which the wasm
 * backend lacks.
 */
import { tf, type Tensor2D, type Tensor3D } from '../../tf';

/** Side of the transformed patch (and of the combining convolution), in feature cells. */
export const CST_KERNEL = 3;
/** Largest scale the θ head can output; σ = 2^(tanh a) ∈ (1/2, 2). */
export const CST_MAX_SCALE = 2;
/** Zero cells around the map: the farthest sample lies σ·√2·(k−1)/2 < 3 cells out, plus one for bilinear. */
const PAD = Math.ceil(CST_MAX_SCALE * Math.SQRT2 * ((CST_KERNEL - 1) / 2)) + 1;

/**
 * Rows of `table` at `indices`, with a scatter-add gradient. In: (M, C) float32, (N) int32 in [0, M).
 * Out: (N, C).
 */
export function gatherRows(table: Tensor2D, indices: tf.Tensor1D): Tensor2D {
  // The indices go in as an input (saved for the backward pass), so the gradient never reads a tensor
  // that an enclosing tidy has already disposed.
  const f = tf.customGrad(((t: tf.Tensor, idx: tf.Tensor, save: tf.GradSaveFunc) => {
    // customGrad hands every input over as float32; the row numbers are exact in float32 below 2²⁴.
    const rows = tf.cast(idx, 'int32');
    save([rows]);
    const shape = t.shape;
    return {
      value: tf.gather(t, rows),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.scatterND(tf.expandDims(saved[0], 1), dy, shape), tf.zerosLike(idx)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(table, indices) as Tensor2D;
}

/** Per-location transform: rotation φ (radians) and scale σ, each (h, w). */
export interface CstTransform {
  angle: tf.Tensor2D;
  scale: tf.Tensor2D;
}

/** The θ head's raw (h, w, 2) output → φ = π·tanh(a₀), σ = 2^tanh(a₁); zeros give the identity. */
export function transformFromRaw(raw: Tensor3D): CstTransform {
  return tf.tidy(() => {
    const [a, b] = tf.split(raw, 2, 2);
    return {
      angle: tf.mul(tf.tanh(tf.squeeze(a, [2])), Math.PI) as tf.Tensor2D,
      scale: tf.exp(tf.mul(tf.tanh(tf.squeeze(b, [2])), Math.LN2)) as tf.Tensor2D,
    };
  });
}

/** The k×k grid offsets (u, v) in [ky, kx] order, in cells, u along x. */
export function gridOffsets(k = CST_KERNEL): { u: number[]; v: number[] } {
  const r = (k - 1) / 2;
  const u: number[] = [];
  const v: number[] = [];
  for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) { u.push(kx - r); v.push(ky - r); }
  return { u, v };
}

/**
 * The sampling points of every location: x = j + σ(cos φ·u − sin φ·v), y = i + σ(sin φ·u + cos φ·v), in
 * cell coordinates (x right, y down; φ > 0 turns the grid clockwise on screen). Out: xs, ys (h·w, k·k).
 */
export function samplingPoints(t: CstTransform, rowOffset = 0): { xs: Tensor2D; ys: Tensor2D } {
  const [h, w] = t.angle.shape;
  const { u, v } = gridOffsets();
  return tf.tidy(() => {
    const kk = u.length;
    const c = tf.reshape(tf.mul(tf.cos(t.angle), t.scale), [h * w, 1]);
    const s = tf.reshape(tf.mul(tf.sin(t.angle), t.scale), [h * w, 1]);
    const U = tf.tensor2d(u, [1, kk]);
    const V = tf.tensor2d(v, [1, kk]);
    const jj = tf.reshape(tf.tile(tf.reshape(tf.range(0, w), [1, w]), [h, 1]), [h * w, 1]);
    const ii = tf.reshape(tf.tile(tf.reshape(tf.range(rowOffset, rowOffset + h), [h, 1]), [1, w]), [h * w, 1]);
    const xs = tf.add(jj, tf.sub(tf.mul(c, U), tf.mul(s, V))) as Tensor2D;
    const ys = tf.add(ii, tf.add(tf.mul(s, U), tf.mul(c, V))) as Tensor2D;
    return { xs, ys };
  });
}

/**
 * Bilinear samples of `map` at points (xs, ys) in cell coordinates; zero outside the map.
 * In: (h, w, C); xs, ys of any equal shape [..., ] with n values. Out: (n, C).
 */
export function bilinearAt(map: Tensor3D, xs: tf.Tensor, ys: tf.Tensor): Tensor2D {
  const [h, w, C] = map.shape;
  return tf.tidy(() => {
    const W = w + 2 * PAD;
    const table = tf.reshape(tf.pad(map, [[PAD, PAD], [PAD, PAD], [0, 0]]), [(h + 2 * PAD) * W, C]) as Tensor2D;
    // Clamped into the padded map, so a point off the map reads padding zeros instead of another row.
    const x = tf.clipByValue(tf.add(tf.reshape(xs, [-1]), PAD), 0, W - 1.001);
    const y = tf.clipByValue(tf.add(tf.reshape(ys, [-1]), PAD), 0, h + 2 * PAD - 1.001);
    const x0 = tf.floor(x);
    const y0 = tf.floor(y);
    const fx = tf.expandDims(tf.sub(x, x0), 1);
    const fy = tf.expandDims(tf.sub(y, y0), 1);
    const base = tf.cast(tf.add(tf.mul(y0, W), x0), 'int32') as tf.Tensor1D;
    const at = (d: number) => gatherRows(table, tf.add(base, d) as tf.Tensor1D);
    const top = tf.add(tf.mul(at(0), tf.sub(1, fx)), tf.mul(at(1), fx));
    const bottom = tf.add(tf.mul(at(W), tf.sub(1, fx)), tf.mul(at(W + 1), fx));
    return tf.add(tf.mul(top, tf.sub(1, fy)), tf.mul(bottom, fy)) as Tensor2D;
  });
}

/** Sample points per band of rows when a large map is transformed (bounds the gathered copies to ~32 MB). */
const BAND_SAMPLES = 1 << 18;
/** Rows of context above and below a band: the farthest sample plus its bilinear neighbour. */
const BAND_MARGIN = PAD;

function cstRows(map: Tensor3D, t: CstTransform, kernel: tf.Tensor4D, bias: tf.Tensor1D, rowOffset: number): Tensor2D {
  const [h, w] = t.angle.shape;
  const k = CST_KERNEL;
  const C = map.shape[2];
  return tf.tidy(() => {
    const { xs, ys } = samplingPoints(t, rowOffset);
    // (h·w·k·k, C) → one row of k·k·C per location, in the filter's [ky, kx, c] order: the patches side by side.
    const patches = tf.reshape(bilinearAt(map, xs, ys), [h * w, k * k * C]);
    return tf.add(tf.matMul(patches, tf.reshape(kernel, [k * k * C, kernel.shape[3]])), bias) as Tensor2D;
  });
}

/**
 * The CST layer. In: map (h, w, C); θ per location; kernel (k, k, C, C') as a conv2d filter; bias (C').
 * Out: (h, w, C'), before any activation. Large maps go in bands of `bandRows` rows (default: ~2¹⁸ sample
 * points each), each with the rows its samples can reach; the result is the same.
 */
export function convolutionalSpatialTransformer(map: Tensor3D, t: CstTransform, kernel: tf.Tensor4D, bias: tf.Tensor1D, bandRows?: number): Tensor3D {
  const [h, w, C] = map.shape;
  const k = CST_KERNEL;
  if (kernel.shape[0] !== k || kernel.shape[1] !== k || kernel.shape[2] !== C) throw new Error(`CST: kernel (${kernel.shape}) does not fit ${k}×${k}×${C}`);
  if (t.angle.shape[0] !== h || t.angle.shape[1] !== w) throw new Error(`CST: θ is (${t.angle.shape}), map is ${h}×${w}`);
  const band = bandRows ?? Math.max(1, Math.floor(BAND_SAMPLES / (w * k * k)));
  return tf.tidy(() => {
    if (h <= band) return tf.reshape(cstRows(map, t, kernel, bias, 0), [h, w, kernel.shape[3]]) as Tensor3D;
    const parts: Tensor2D[] = [];
    for (let r0 = 0; r0 < h; r0 += band) {
      const r1 = Math.min(h, r0 + band);
      const lo = Math.max(0, r0 - BAND_MARGIN);
      const hi = Math.min(h, r1 + BAND_MARGIN);
      const sub = tf.slice(map, [lo, 0, 0], [hi - lo, w, C]);
      const tb = { angle: tf.slice(t.angle, [r0, 0], [r1 - r0, w]), scale: tf.slice(t.scale, [r0, 0], [r1 - r0, w]) };
      parts.push(cstRows(sub, tb, kernel, bias, r0 - lo));
    }
    return tf.reshape(tf.concat(parts, 0), [h, w, kernel.shape[3]]) as Tensor3D;
  });
}
