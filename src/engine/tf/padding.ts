import { tf, type Tensor3D } from './index';

/**
 * Pads an (H, W, C) tensor by `r` pixels on every side, repeating the border pixel (OpenCV's
 * BORDER_REPLICATE). Works for any size, even 1×1, which tf.mirrorPad does not.
 */
export function padReplicate(x: Tensor3D, r: number): Tensor3D {
  if (r === 0) return x.clone();
  const [h, w] = x.shape;
  return tf.tidy(() => {
    // Index lists are built in JS: clipByValue on int32 is not exact on every backend (wasm casts).
    const rows = tf.tensor1d(clampedRange(-r, h + r, h - 1), 'int32');
    const cols = tf.tensor1d(clampedRange(-r, w + r, w - 1), 'int32');
    return tf.gather(tf.gather(x, rows, 0), cols, 1) as Tensor3D;
  });
}

function clampedRange(from: number, to: number, max: number): Int32Array {
  return Int32Array.from({ length: to - from }, (_, i) => Math.min(max, Math.max(0, from + i)));
}

/**
 * The k×k neighbourhood of every pixel as k² shifted copies, in row-major window order (dy, dx):
 * element i of the result is the map of I(x + dx, y + dy) with dy = ⌊i/k⌋ − r, dx = i mod k − r.
 * Borders repeat the edge pixel. Each entry is (H, W, C); the caller owns and disposes them.
 */
export function shiftedWindows(x: Tensor3D, k: number): Tensor3D[] {
  const r = (k - 1) / 2;
  const [h, w, c] = x.shape;
  const padded = padReplicate(x, r);
  const out: Tensor3D[] = [];
  for (let dy = 0; dy < k; dy++) {
    for (let dx = 0; dx < k; dx++) out.push(tf.slice(padded, [dy, dx, 0], [h, w, c]));
  }
  padded.dispose();
  return out;
}

/** ITU-R BT.601 luma of an (H, W, 3) image: (H, W, 1). The weights OpenCV's cvtColor uses. */
export function toGray(rgb: Tensor3D): Tensor3D {
  return tf.tidy(() => tf.sum(tf.mul(rgb, tf.tensor1d([0.299, 0.587, 0.114])), 2, true) as Tensor3D);
}
