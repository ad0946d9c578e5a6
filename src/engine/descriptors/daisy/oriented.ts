/**
 * DAISY in each pixel's own frame: the petal layout turned by the pixel's dominant orientation θ(x) and its
 * histograms re-expressed relative to θ(x).
 * Ref: E. Tola, V. Lepetit, P. Fua, "DAISY: An efficient dense descriptor applied to wide-baseline stereo",
 * IEEE TPAMI 32(5), 2010, §3 ("rotating the grid and circularly shifting the histograms"); Tola's reference
 * code (libdaisy compute_orientations, get_descriptor) for the orientation window σ = R/3 and the
 * interpolation between the two nearest whole-bin shifts.
 *
 * Unlike the upright and fixed-offset paths (./sample.ts: one shifted copy of each level per grid point),
 * every pixel reads its petals at its own positions: a bilinear read of the zero-padded level per pixel and
 * petal, over tiles of rows to bound memory. The read is one 1×1 bilinear tf.image.cropAndResize box each
 * (measured on wasm, 320×240, 25 petals: ≈ 1.9 s, against ≈ 15 s for the four corner gathers on the
 * flattened level, which remain the fallback for levels too large for cropAndResize's float32 indexing).
 */
import { tf, type Tensor1D, type Tensor2D, type Tensor3D, type Tensor4D } from '../../tf';
import { paddedGradients } from '../sift/histograms';
import { dominantOrientation, frameShiftMatrices, orientationWindowReach } from '../orientation/dominant';
import type { GridPoint } from './grid';

/** Gaussian pre-smoothing of the grey level before the orientation's gradients (DAISY's own first blur). */
export const ORIENTATION_PRESMOOTH = 0.5;

/** libdaisy compute_orientations: the orientation histograms are smoothed by σ = R/3 (its first scale). */
export function orientationWindowSigmaFor(radius: number): number {
  return radius / 3;
}

/** libdaisy compute_orientations smooths each orientation histogram six times with [⅓ ⅓ ⅓]. */
export const HISTOGRAM_SMOOTHING_PASSES = 6;

/** Values a tile's four corner gathers may hold together, (pixels · grid points · channels) each. */
const TILE_VALUES = 2 ** 22;

/**
 * θ(x) for every pixel of a grey (H, W, 1) image, radians (N, 1), N = H·W: Lowe's 36-bin histogram
 * (../orientation/dominant.ts) of the gradients of the image smoothed by σ = 0.5, Gaussian window σ = R/3,
 * the histogram smoothed six times by [⅓ ⅓ ⅓] before the parabolic peak (libdaisy).
 */
export function daisyOrientation(grey: Tensor3D, radius: number): Tensor2D {
  if (grey.rank !== 3 || grey.shape[2] !== 1) throw new RangeError(`daisyOrientation expects (H, W, 1), got (${grey.shape})`);
  const [h, w] = grey.shape;
  const sigmaW = orientationWindowSigmaFor(radius);
  const pad = orientationWindowReach(sigmaW);
  return tf.tidy(() => {
    const { mag, angle } = paddedGradients(grey, ORIENTATION_PRESMOOTH, pad);
    return dominantOrientation(mag, angle, pad, h, w, sigmaW, HISTOGRAM_SMOOTHING_PASSES);
  });
}

/**
 * (4, 2G) matrix taking [x, y, cos θ, sin θ] to the turned positions of G grid points:
 * (x + dx·cos − dy·sin, y + dx·sin + dy·cos), x columns first, then y columns.
 */
function turnMatrix(points: readonly GridPoint[]): Tensor2D {
  const g = points.length;
  const m = new Float32Array(4 * 2 * g);
  points.forEach((p, k) => {
    m[0 * 2 * g + k] = 1;
    m[2 * 2 * g + k] = p.dx;
    m[3 * 2 * g + k] = -p.dy;
    m[1 * 2 * g + g + k] = 1;
    m[2 * 2 * g + g + k] = p.dy;
    m[3 * 2 * g + g + k] = p.dx;
  });
  return tf.tensor2d(m, [4, 2 * g]);
}

/**
 * Bilinear reads of a flattened zero-padded map (Hp·Wp, C) at padded positions qx, qy (n, G), all at least
 * one pixel inside the padding: (n, G, C).
 */
function bilinearGather(flat: Tensor2D, wp: number, qx: Tensor2D, qy: Tensor2D): Tensor3D {
  return tf.tidy(() => {
    const [n, g] = qx.shape;
    const c = flat.shape[1];
    const x0 = tf.floor(qx);
    const y0 = tf.floor(qy);
    const fx = tf.expandDims(tf.sub(qx, x0), 2);
    const fy = tf.expandDims(tf.sub(qy, y0), 2);
    const base = tf.add(tf.mul(tf.cast(y0, 'int32'), tf.scalar(wp, 'int32')), tf.cast(x0, 'int32'));
    const read = (offset: number) => tf.reshape(tf.gather(flat, tf.reshape(tf.add(base, tf.scalar(offset, 'int32')), [-1]) as Tensor1D), [n, g, c]);
    const top = tf.add(tf.mul(read(0), tf.sub(1, fx)), tf.mul(read(1), fx));
    const bottom = tf.add(tf.mul(read(wp), tf.sub(1, fx)), tf.mul(read(wp + 1), fx));
    return tf.add(tf.mul(top, tf.sub(1, fy)), tf.mul(bottom, fy)) as Tensor3D;
  });
}

/** tfjs-backend-wasm 4.22's CropAndResize computes buffer indices in float32, exact below 2²⁴ (as ./sample.ts). */
const CROP_MAX_ELEMENTS = 2 ** 24;

/** Bilinear reads of a zero-padded (1, Hp, Wp, C) level at padded positions qx, qy (n, G), one 1×1 box each: (n, G, C). */
function bilinearCrop(padded: Tensor4D, qx: Tensor2D, qy: Tensor2D): Tensor3D {
  return tf.tidy(() => {
    const [, hp, wp, c] = padded.shape;
    const [n, g] = qx.shape;
    // A 1-pixel crop samples at ½(y1 + y2)·(Hp − 1), ½(x1 + x2)·(Wp − 1): the box is the point itself.
    const y = tf.reshape(tf.div(qy, hp - 1), [n * g, 1]);
    const x = tf.reshape(tf.div(qx, wp - 1), [n * g, 1]);
    const boxes = tf.concat([y, x, y, x], 1) as Tensor2D;
    const crops = tf.image.cropAndResize(padded, boxes, tf.zeros([n * g], 'int32') as Tensor1D, [1, 1], 'bilinear', 0);
    return tf.reshape(crops, [n, g, c]) as Tensor3D;
  });
}

/**
 * Samples every grid point of every pixel in the pixel's own frame. In: the Q smoothed levels, each (H, W, C)
 * float32 with bin h at absolute direction 2πh/C; the upright grid (point g reads level grid[g].level at
 * offset (dx, dy), ‖(dx, dy)‖ ≤ radius); θ (H·W, 1) radians. Out: (H·W·G, C) float32, row (y·W + x)·G + g:
 * point g read bilinearly at x + R(θ)·(dx, dy) (zero outside the image) and its histogram shifted so that bin
 * h holds direction 2πh/C + θ (frameShiftMatrices). With θ ≡ 0 this is what sampleGrid returns.
 * `how` forces the bilinear read (tests); by default cropAndResize where its indexing is exact, else gather.
 */
export function sampleOriented(levels: readonly Tensor3D[], grid: readonly GridPoint[], theta: Tensor2D, radius: number, how?: 'crop' | 'gather'): Tensor2D {
  const [h, w, c] = levels[0].shape;
  if (levels.some((l) => l.rank !== 3 || l.shape.some((v, i) => v !== levels[0].shape[i]))) {
    throw new RangeError(`sampleOriented: levels must share one (H, W, C) shape, got ${levels.map((l) => `(${l.shape})`).join(', ')}`);
  }
  if (theta.rank !== 2 || theta.shape[0] !== h * w || theta.shape[1] !== 1) throw new RangeError(`sampleOriented: θ must be (${h * w}, 1), got (${theta.shape})`);
  if (grid.some((p) => p.level >= levels.length || Math.hypot(p.dx, p.dy) > radius + 1e-9)) {
    throw new RangeError(`sampleOriented: a grid point reads a missing level or lies beyond radius ${radius}`);
  }
  const pad = Math.ceil(radius) + 1;
  const wp = w + 2 * pad;
  const byCrop = how ? how === 'crop' : (h + 2 * pad) * wp * c < CROP_MAX_ELEMENTS;
  // Padded levels: (1, Hp, Wp, C) images for cropAndResize, else flattened (Hp·Wp, C) for gather.
  const padded = levels.map((l) => tf.tidy(() => {
    const p = tf.pad(l, [[pad, pad], [pad, pad], [0, 0]]);
    return byCrop ? tf.expandDims(p, 0) : tf.reshape(p, [-1, c]);
  }));
  const byLevel = levels.map((_, lv) => ({ lv, gs: grid.flatMap((p, g) => (p.level === lv ? [g] : [])) })).filter((l) => l.gs.length > 0);
  const order = byLevel.flatMap((l) => l.gs);
  const inOrder = order.every((g, k) => g === k);
  const rowsPerTile = Math.max(1, Math.floor(TILE_VALUES / (w * grid.length * c)));
  const tiles: Tensor2D[] = [];
  for (let y0 = 0; y0 < h; y0 += rowsPerTile) {
    const rows = Math.min(rowsPerTile, h - y0);
    tiles.push(tf.tidy(() => {
      const n = rows * w;
      const t = tf.slice(theta, [y0 * w, 0], [n, 1]) as Tensor2D;
      const xs = tf.tile(tf.range(pad, pad + w, 1, 'float32'), [rows]);
      const ys = tf.reshape(tf.tile(tf.reshape(tf.range(pad + y0, pad + y0 + rows, 1, 'float32'), [rows, 1]), [1, w]), [n]);
      const frame = tf.stack([xs, ys, tf.reshape(tf.cos(t), [n]), tf.reshape(tf.sin(t), [n])], 1) as Tensor2D;
      const parts = byLevel.map(({ lv, gs }) => {
        const [qx, qy] = tf.split(tf.matMul(frame, turnMatrix(gs.map((g) => grid[g]))), 2, 1) as [Tensor2D, Tensor2D];
        return byCrop ? bilinearCrop(padded[lv] as Tensor4D, qx, qy) : bilinearGather(padded[lv] as Tensor2D, wp, qx, qy);
      });
      // Back to grid order where the levels interleave (Tola's order keeps them contiguous), then into the frame.
      const joined = parts.length === 1 ? parts[0] : tf.concat(parts, 1);
      const all = inOrder ? joined : tf.gather(joined, tf.tensor1d(order.map((_, g) => order.indexOf(g)), 'int32'), 1);
      return tf.reshape(tf.matMul(all, frameShiftMatrices(t, c)), [n * grid.length, c]) as Tensor2D;
    }));
  }
  tf.dispose(padded);
  const out = tiles.length === 1 ? tiles[0] : (tf.concat(tiles, 0) as Tensor2D);
  if (tiles.length > 1) tf.dispose(tiles);
  return out;
}
