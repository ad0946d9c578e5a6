/**
 * Reads DAISY's grid points for every pixel at once: a petal at offset (dx, dy) is a translated copy of its
 * level's maps, sampled bilinearly, with the maps taken as zero outside the image.
 *
 * The offset splits into a fraction and a whole-pixel shift. The fraction is one 2×2 convolution with the four
 * bilinear weights over the zero-padded map (≈ 9 ms on a 741×500×8 map, wasm, one core); the whole-pixel shift
 * is an exact window of the padded map (≈ 14 ms). A bilinear tf.image.cropAndResize per grid point would take
 * ≈ 40 ms; on one machine, all 25 grid points with their concat and transpose took 0.7–0.8 s this way against
 * 1.3–2.0 s for one bilinear cropAndResize of all 25 plus the transpose.
 */
import { tf, type Tensor2D, type Tensor3D, type Tensor4D } from '../../tf';
import type { GridPoint } from './grid';

/**
 * (H, W, C) → (H + 2P, W + 2P, C): element (i, j) is the map sampled bilinearly at (j − P + fx, i − P + fy),
 * zero outside the image. fx, fy ∈ [0, 1).
 */
function paddedShift(map: Tensor3D, pad: number, fx: number, fy: number): Tensor3D {
  const c = map.shape[2];
  return tf.tidy(() => {
    if (fx === 0 && fy === 0) return tf.pad(map, [[pad, pad], [pad, pad], [0, 0]]);
    // Kernel [a][b] weighs pixel (x + b, y + a); with P rows/columns of zeros before and P + 1 after, output
    // (i, j) is Σ k[a][b]·map(i + a − P, j + b − P).
    const weights = [(1 - fy) * (1 - fx), (1 - fy) * fx, fy * (1 - fx), fy * fx];
    const k = new Float32Array(4 * c * c);
    weights.forEach((wt, tap) => {
      for (let ch = 0; ch < c; ch++) k[(tap * c + ch) * c + ch] = wt;
    });
    const x = tf.expandDims(map, 0) as Tensor4D;
    const y = tf.conv2d(x, tf.tensor4d(k, [2, 2, c, c]), 1, [[0, 0], [pad, pad + 1], [pad, pad + 1], [0, 0]]);
    return tf.squeeze(y, [0]) as Tensor3D;
  });
}

/** tfjs-backend-wasm 4.22's CropAndResize computes buffer indices in float32, exact below 2²⁴. */
const CROP_MAX_ELEMENTS = 2 ** 24;

/**
 * Normalised box coordinates [from, to] along an axis of `size` pixels that make a crop of `count` samples read
 * pixels start…start + count − 1 by nearest neighbour: the samples run from start + ¼ to the last pixel − ¼,
 * each within ¼ pixel of its pixel, so rounding recovers it exactly, no sample sits on the kernel's bounds, and
 * the box is never exactly crop-sized (wasm 4.22 then takes a memcpy shortcut that drops the x shift).
 */
function nearestSpan(start: number, count: number, size: number): [number, number] {
  const s = Math.max(1, size - 1);
  if (count === 1) return [start / s, start / s];
  return [(start + 0.25) / s, (start + count - 1 - 0.25) / s];
}

/**
 * The (1, H, W, C) window of a padded (Hp, Wp, C) map whose pixel (x, y) is padded element
 * (x + ix + P, y + iy + P); the window must lie inside the padded map. Two exact ways:
 *  - 'crop': nearest-neighbour tf.image.cropAndResize of a translated box (≈ 14 ms on a 741×500×8 map on wasm);
 *  - 'slice': a slice of the map seen as 2-D (rows × Wp·C). On wasm, Slice first copies its whole input into a
 *    fresh buffer, so it costs 3–55 ms there depending on the garbage collector; it is the fallback for maps
 *    too large for cropAndResize's float32 indexing.
 */
export function wholePixelShift(padded: Tensor3D, pad: number, ix: number, iy: number, height: number, width: number, how: 'crop' | 'slice'): Tensor4D {
  const [hp, wp, c] = padded.shape;
  if (pad + iy < 0 || pad + ix < 0 || pad + iy + height > hp || pad + ix + width > wp) {
    throw new RangeError(`wholePixelShift: window (${ix}, ${iy}) ${width}×${height} leaves the padded ${wp}×${hp} map`);
  }
  return tf.tidy(() => {
    if (how === 'slice') {
      const win = tf.slice(tf.reshape(padded, [hp, wp * c]), [pad + iy, (pad + ix) * c], [height, width * c]);
      return tf.reshape(win, [1, height, width, c]) as Tensor4D;
    }
    const [y1, y2] = nearestSpan(pad + iy, height, hp);
    const [x1, x2] = nearestSpan(pad + ix, width, wp);
    const box = [y1, x1, y2, x2];
    const image = tf.expandDims(padded, 0) as Tensor4D;
    return tf.image.cropAndResize(image, tf.tensor2d(box, [1, 4]), tf.tensor1d([0], 'int32'), [height, width], 'nearest', 0);
  });
}

/**
 * Samples every grid point of every pixel. In: the Q smoothed levels, each (H, W, C) float32, and the grid
 * (point g reads level grid[g].level at offset (dx, dy), |dx|, |dy| ≤ radius). Out: (H·W·G, C) float32, row
 * (y·W + x)·G + g.
 */
export function sampleGrid(levels: readonly Tensor3D[], grid: readonly GridPoint[], radius: number): Tensor2D {
  const [h, w, c] = levels[0].shape;
  if (levels.some((l) => l.rank !== 3 || l.shape.some((n, i) => n !== levels[0].shape[i]))) {
    throw new RangeError(`sampleGrid: levels must share one (H, W, C) shape, got ${levels.map((l) => `(${l.shape})`).join(', ')}`);
  }
  if (grid.some((p) => p.level >= levels.length || Math.abs(p.dx) > radius + 1e-9 || Math.abs(p.dy) > radius + 1e-9)) {
    throw new RangeError(`sampleGrid: a grid point reads a missing level or lies beyond radius ${radius}`);
  }
  const pad = Math.ceil(radius) + 1;
  const how = (h + 2 * pad) * (w + 2 * pad) * c < CROP_MAX_ELEMENTS ? 'crop' : 'slice';
  const split = grid.map((p) => {
    const ix = Math.floor(p.dx);
    const iy = Math.floor(p.dy);
    return { ix, iy, key: `${p.level}:${p.dx - ix}:${p.dy - iy}`, level: p.level, fx: p.dx - ix, fy: p.dy - iy };
  });
  const lastUse = new Map(split.map((s, g) => [s.key, g]));
  const stacked = tf.tidy(() => {
    // One padded, fractionally shifted map per distinct (level, fraction), freed after its last grid point.
    const maps = new Map<string, Tensor3D>();
    const crops = split.map((s, g) => {
      if (!maps.has(s.key)) maps.set(s.key, paddedShift(levels[s.level], pad, s.fx, s.fy));
      const crop = wholePixelShift(maps.get(s.key)!, pad, s.ix, s.iy, h, w, how);
      if (lastUse.get(s.key) === g) maps.get(s.key)!.dispose();
      return crop;
    });
    return tf.concat(crops, 0) as Tensor4D;
  });
  const rows = tf.tidy(() => tf.reshape(tf.transpose(stacked, [1, 2, 0, 3]), [h * w * grid.length, c]) as Tensor2D);
  stacked.dispose();
  return rows;
}
