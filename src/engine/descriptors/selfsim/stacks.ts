/**
 * Building blocks shared by the self-similarity descriptors (LSS, DASC): both compare a pixel's
 * neighbourhood with copies of the image shifted by dozens of offsets, so they need (h, w, n) stacks of
 * shifted maps, computed band by band.
 *
 * Why this shape (measured on the wasm backend, 741×500 image): elementwise ops on tensors of a few MB run
 * ~10× faster per element than on one (H, W, 128) tensor of 190 MB, so the work is cut into row bands and
 * channel groups and only the result is ever full size. Shifts are crops: one tf.image.cropAndResize
 * (nearest, unit scale, so an exact copy) reads every shifted window of a group in native code, from a
 * per-band bank of column-shifted copies (see bankCrops for why). tf.slice alone would be the obvious
 * tool, but on wasm it first copies its whole input into JS (readSync), which made one DASC 85 s. Groups
 * are joined by a stack and a transpose, never by a channel concat (a JS loop per pixel on wasm).
 */
import { tf, type Tensor, type Tensor1D, type Tensor2D, type Tensor3D, type Tensor4D } from '../../tf';
import { padReplicate } from '../../tf/padding';

/** A shift in pixels: row offset dy (down) and column offset dx (right). */
export interface Offset {
  readonly dy: number;
  readonly dx: number;
}

/** Window of a padded image to read: top-left corner (row, col) for offset 0, and the size. */
export interface Window {
  readonly row: number;
  readonly col: number;
  readonly height: number;
  readonly width: number;
}

/**
 * The part of a padded image that the shifted windows of one band read, laid out so that every shifted
 * window is a plain row copy: entry i holds the columns [col + dxs[i], col + dxs[i] + width) of the rows
 * [row0, row0 + rows], the last of those rows being a spare (see rowWindows).
 */
export interface ShiftBank {
  /** (dxs.length, rows + 1, width, C). */
  readonly data: Tensor4D;
  readonly dxs: readonly number[];
  readonly row0: number;
  readonly col: number;
  readonly width: number;
}

/**
 * Prepares the shifted reads of `win` by `offsets` from `image` (Hp, Wp, C): one column window per distinct
 * dx. Built from row copies only: the band's rows are cut out (a row-window crop), transposed so that
 * columns become rows, cut into one row window per dx (a second crop), and transposed back. Every shifted
 * window must lie inside the image, with two more rows below the lowest and one more column right of the
 * rightmost (padForShifts pads for that).
 */
export function shiftBank(image: Tensor3D, offsets: readonly Offset[], win: Window): ShiftBank {
  const [hp, wp] = image.shape;
  const dys = offsets.map((o) => o.dy);
  const dxs = [...new Set(offsets.map((o) => o.dx))].sort((a, b) => a - b);
  const row0 = win.row + Math.min(...dys);
  const rows = win.row + Math.max(...dys) + win.height - row0;
  const col0 = win.col + dxs[0];
  if (row0 < 0 || row0 + rows + 2 > hp || col0 < 0 || win.col + dxs[dxs.length - 1] + win.width + 1 > wp) {
    throw new RangeError(`shifted windows leave the ${hp}×${wp} image (or leave it no spare rows and column)`);
  }
  const data = tf.tidy(() => {
    const band = rowWindows(tf.expandDims(image, 0) as Tensor4D, [row0], rows + 1); // (1, rows + 1, Wp, C)
    const bandT = tf.transpose(band, [0, 2, 1, 3]) as Tensor4D; // (1, Wp, rows + 1, C)
    const cols = rowWindows(bandT, dxs.map((dx) => win.col + dx), win.width); // (n, width, rows + 1, C)
    return tf.transpose(cols, [0, 2, 1, 3]) as Tensor4D;
  });
  return { data, dxs, row0, col: win.col, width: win.width };
}

/**
 * Windows of whole rows of `x` (1, H, W, C): entry j = rows [starts[j], starts[j] + height), all W columns.
 * One cropAndResize whose boxes start at column 0 and sample rows at start + y + ¼: 'nearest' rounds that
 * and wasm's exact-size fast path truncates it to start + y. That fast path is a row memcpy, 30× faster
 * than wasm's per-pixel nearest sampling (0.35 vs 10 ns per value, measured), but it ignores the box's x1
 * (tfjs 4.22, CropAndResize.cc): hence whole rows only, and row start + height must exist below the
 * window for the ¼. Every box reads batch entry 0: WebGPU's kernel drops boxes whose batch index is not
 * below the number of boxes.
 */
function rowWindows(x: Tensor4D, starts: readonly number[], height: number): Tensor4D {
  const [, hh, ww] = x.shape;
  const n = starts.length;
  const boxes = new Float32Array(4 * n);
  starts.forEach((r, j) => {
    if (r < 0 || r + height > hh - 1) throw new RangeError(`row window ${r}…${r + height} needs rows 0…${hh - 2}`);
    const y1 = (r + 0.25) / (hh - 1);
    boxes.set([y1, 0, height > 1 ? (r + 0.25 + height - 1) / (hh - 1) : y1, ww > 1 ? 1 : 0], 4 * j);
  });
  return tf.tidy(() => tf.image.cropAndResize(x, tf.tensor2d(boxes, [n, 4]) as Tensor2D, tf.zeros([n], 'int32') as Tensor1D, [height, ww], 'nearest'));
}

/**
 * Shifted windows from a bank, one batch entry per offset: (n, height, bank.width, C), entry j holding the
 * image at (winRow + dy + y, bank.col + dx + x). Row copies only (see rowWindows), from the bank's entries
 * seen as one tall image.
 */
export function bankCrops(bank: ShiftBank, offsets: readonly Offset[], winRow: number, height: number): Tensor4D {
  const [n, bh, bw, c] = bank.data.shape;
  const starts = offsets.map((o) => {
    const b = bank.dxs.indexOf(o.dx);
    const r = winRow + o.dy - bank.row0;
    if (b < 0 || r < 0 || r + height > bh - 1) throw new RangeError(`offset (${o.dy}, ${o.dx}) is not in the bank`);
    return b * bh + r;
  });
  return tf.tidy(() => rowWindows(tf.reshape(bank.data, [1, n * bh, bw, c]) as Tensor4D, starts, height));
}

/**
 * Pads (H, W, C) by `halo` on every side, repeating the edge pixel, plus two more rows at the bottom and
 * one more column at the right: the spare rows and column that shiftBank's row copies need.
 */
export function padForShifts(x: Tensor3D, halo: number): Tensor3D {
  return tf.tidy(() => {
    const p = padReplicate(x, halo);
    const [h, w, c] = p.shape;
    const taller = tf.concat([p, tf.slice(p, [h - 1, 0, 0], [1, w, c]), tf.slice(p, [h - 1, 0, 0], [1, w, c])], 0);
    return tf.concat([taller, tf.slice(taller, [0, w - 1, 0], [h + 2, 1, c])], 1) as Tensor3D;
  });
}

/** Batch entries to channels: (n, h, w) or (n, h, w, 1) → (h, w, n). One transpose (native on wasm). */
export function batchToChannels(x: Tensor): Tensor3D {
  const [n, h, w] = x.shape;
  return tf.tidy(() => tf.transpose(tf.reshape(x, [n, h, w]), [1, 2, 0]) as Tensor3D);
}

/** Shifted windows of a one-channel bank as channels: (height, bank.width, n), channel j = offset j. */
export function shiftedStack(bank: ShiftBank, offsets: readonly Offset[], winRow: number, height: number): Tensor3D {
  return tf.tidy(() => batchToChannels(bankCrops(bank, offsets, winRow, height)));
}

/**
 * Equal-width channel groups side by side: G tensors (h, w, g) → (h, w, G·g), group i in channels
 * [i·g, (i + 1)·g). One stack and one transpose instead of a channel concat.
 */
export function joinChannelGroups(groups: readonly Tensor3D[]): Tensor3D {
  if (groups.length === 1) return groups[0].clone();
  const [h, w, g] = groups[0].shape;
  return tf.tidy(() => {
    const stacked = tf.stack(groups as Tensor3D[], 0); // (G, h, w, g)
    return tf.reshape(tf.transpose(stacked, [1, 2, 0, 3]), [h, w, groups.length * g]) as Tensor3D;
  });
}

/**
 * Runs `band(y0, rows)` for consecutive row bands of at most `bandRows` rows and stacks the results
 * along rows: each call returns (rows, W, D); the result is (height, W, D). Each band runs in its own
 * tidy, so only the bands' results stay allocated.
 */
export function byRowBands(height: number, bandRows: number, band: (y0: number, rows: number) => Tensor3D): Tensor3D {
  const step = Math.max(1, Math.floor(bandRows));
  const parts: Tensor3D[] = [];
  try {
    for (let y0 = 0; y0 < height; y0 += step) {
      const rows = Math.min(step, height - y0);
      parts.push(tf.tidy(() => band(y0, rows)));
    }
    return parts.length === 1 ? parts[0].clone() : (tf.concat(parts, 0) as Tensor3D);
  } finally {
    tf.dispose(parts);
  }
}

/**
 * Box mean over k×k windows that fit entirely ('valid'): (h, w, c) → (h − k + 1, w − k + 1, c).
 * Separable, and through the AvgPool kernel directly: tf.avgPool follows it with a float32→float32 cast
 * that copies the whole tensor on wasm. Measured on wasm, this is 20 % faster for DASC than one k×k
 * tf.avgPool.
 */
export function boxMeanValid(x: Tensor3D, k: number): Tensor3D {
  if (k === 1) return x.clone();
  const [h, w, c] = x.shape;
  return tf.tidy(() => {
    const pool = (t: Tensor4D, size: [number, number]) =>
      tf.engine().runKernel('AvgPool', { x: t }, { filterSize: size, strides: [1, 1], pad: 'valid', dimRoundingMode: undefined } as unknown as Record<string, number[] | string>) as Tensor4D;
    // Rows first, treating (x, channel) as channels (a wide vector per pixel row), then along x.
    const rows = pool(tf.reshape(x, [1, h, 1, w * c]) as Tensor4D, [k, 1]);
    const out = pool(tf.reshape(rows, [1, h - k + 1, w, c]) as Tensor4D, [1, k]);
    return tf.reshape(out, [h - k + 1, w - k + 1, c]) as Tensor3D;
  });
}

/**
 * exp(z) for z ≤ 0, as σ(z)/(1 − σ(z)): on wasm, sigmoid is vectorised and exp is not (1.5 vs 7 ns per
 * value). For z ≤ 0, 1 − σ(z) ≥ ½, so nothing cancels.
 */
export function expNonPositive(z: Tensor3D): Tensor3D {
  return tf.tidy(() => {
    const s = tf.sigmoid(z);
    return tf.div(s, tf.sub(1, s)) as Tensor3D;
  });
}

/** Row count for bands so that one (rows + margin, width, channels) float32 tensor stays near `floats`. */
export function bandRowsFor(width: number, channels: number, margin: number, floats = 1 << 19): number {
  return Math.max(4, Math.floor(floats / Math.max(1, width * channels)) - margin);
}
