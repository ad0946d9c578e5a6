/**
 * Bilinear upsampling of a coarse feature map to one vector per pixel, with the cell centres where the
 * network put them (not where a generic image resize assumes they are).
 */
import { tf, type Tensor3D } from '../tf';

/** The map with its first and last rows and columns repeated once more outside: (h + 2, w + 2, D). */
function repeatEdges(map: Tensor3D): Tensor3D {
  const [h, w] = map.shape;
  const rows = tf.concat([tf.slice(map, [0, 0, 0], [1, -1, -1]), map, tf.slice(map, [h - 1, 0, 0], [1, -1, -1])], 0);
  return tf.concat([tf.slice(rows, [0, 0, 0], [-1, 1, -1]), rows, tf.slice(rows, [0, w - 1, 0], [-1, 1, -1])], 1) as Tensor3D;
}

/**
 * (h, w, D) cells centred at pixels (stride·j + offset, stride·i + offset) → (height, width, D), bilinear
 * between the four surrounding centres; beyond the outer centres the edge cells hold (no extrapolation).
 * Requires stride·h + offset ≥ height − 1 (and the same for widths): every pixel has a cell at or after it.
 * Caller disposes the result.
 *
 * One native resize: with the edges repeated, centres sit at stride·k + offset for k = −1 … h, and an
 * align-corners resize to stride·(h + 1) + 1 samples puts sample t at pixel t + offset − stride.
 */
export function upsampleCells(map: Tensor3D, height: number, width: number, stride: number, offset: number): Tensor3D {
  if (map.rank !== 3) throw new Error(`upsampleCells: expected (h, w, D), got (${map.shape})`);
  const [h, w] = map.shape;
  if (stride * h + offset < height - 1 || stride * w + offset < width - 1) {
    throw new Error(`upsampleCells: ${h}×${w} cells at stride ${stride} do not reach ${height}×${width} pixels`);
  }
  const skip = stride - offset;
  if (skip < 0) throw new Error(`upsampleCells: offset ${offset} exceeds the stride ${stride}`);
  return tf.tidy(() => {
    const wide = tf.image.resizeBilinear(repeatEdges(map), [stride * (h + 1) + 1, stride * (w + 1) + 1], true);
    return tf.slice(wide, [skip, skip, 0], [height, width, -1]) as Tensor3D;
  });
}

/** Unit length along the last axis; a zero vector stays zero (ε keeps 0/0 out). */
export function l2NormaliseLast(x: Tensor3D): Tensor3D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), -1, true), 1e-12))) as Tensor3D);
}
