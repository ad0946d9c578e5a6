import { tf, type Tensor3D, type Tensor4D } from './index';

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
 * The k×k neighbourhood of every pixel, stacked along channels: (H, W, C) → (H, W, k²·C), element
 * (dy·k + dx)·C + c holding channel c of pixel (x + dx − r, y + dy − r), r = (k − 1)/2. Borders repeat the
 * edge pixel.
 *
 * Done as one convolution with a one-hot kernel: on wasm, k² slices plus a channel concat are 20–100×
 * slower than a single conv (measured: concat of 48 single-channel 741×500 maps takes seconds).
 */
export function windowStack(x: Tensor3D, k: number): Tensor3D {
  const c = x.shape[2];
  const n = k * k * c;
  const w = new Float32Array(k * k * c * n);
  // Kernel layout [kh, kw, in, out]: output o = (dy·k + dx)·C + ch reads input channel ch at (dy, dx).
  for (let o = 0; o < n; o++) w[((Math.floor(o / c) * c + (o % c)) * n) + o] = 1;
  return windowConv(x, k, tf.tensor4d(w, [k, k, c, n]));
}

/**
 * A 'valid' convolution over the replicate-padded image, so the output keeps the input's size:
 * (H, W, C) with kernel (k, k, C, N) → (H, W, N). The kernel is consumed (disposed).
 */
export function windowConv(x: Tensor3D, k: number, kernel: Tensor4D): Tensor3D {
  const r = (k - 1) / 2;
  return tf.tidy(() => {
    const padded = tf.expandDims(padReplicate(x, r), 0) as Tensor4D;
    const out = tf.conv2d(padded, kernel, 1, 'valid');
    kernel.dispose();
    return tf.squeeze(out, [0]) as Tensor3D;
  });
}

/** ITU-R BT.601 luma of an (H, W, 3) image: (H, W, 1). The weights OpenCV's cvtColor uses. */
export function toGray(rgb: Tensor3D): Tensor3D {
  return tf.tidy(() => tf.sum(tf.mul(rgb, tf.tensor1d([0.299, 0.587, 0.114])), 2, true) as Tensor3D);
}
