/**
 * The Middlebury flow colour coding: hue is the flow's direction, saturation its length.
 *
 * Ref: S. Baker, D. Scharstein, J. P. Lewis, S. Roth, M. J. Black, R. Szeliski, "A database and evaluation
 * methodology for optical flow", IJCV 2011; the colour wheel of their `colorcode.cpp` / `computeColor.m`
 * (55 colours: red–yellow 15, yellow–green 6, green–cyan 4, cyan–blue 11, blue–magenta 13, magenta–red 6,
 * chosen to be perceptually even around the wheel).
 *
 * As in `computeColor.m`: with the flow divided by the largest flow length, the direction
 * a = atan2(−v, −u)/π picks a fractional wheel position (a + 1)/2·(55 − 1), linearly interpolated between
 * the two neighbouring colours; inside the unit circle saturation grows with the length r
 * (c ← 1 − r(1 − c)), outside it the colour is darkened (c ← 0.75c). So flow to the right is red, down is
 * orange-yellow, left is cyan-blue, up is violet, and zero flow is white. Image y points down.
 *
 * Deviation: the interpolation is done in 0…255 units and floored once (the reference divides the wheel by
 * 255 and multiplies back, which can floor an exact wheel colour to one less in floating point).
 */

const RY = 15;
const YG = 6;
const GC = 4;
const CB = 11;
const BM = 13;
const MR = 6;
export const WHEEL_SIZE = RY + YG + GC + CB + BM + MR;

/** The 55 colours of the wheel, (55, 3) uint8 values as numbers, in `makeColorwheel` order. */
export function colorWheel(): Uint8Array {
  const w = new Uint8Array(WHEEL_SIZE * 3);
  let k = 0;
  const put = (r: number, g: number, b: number) => {
    w[k * 3] = r;
    w[k * 3 + 1] = g;
    w[k * 3 + 2] = b;
    k++;
  };
  const ramp = (i: number, n: number) => Math.floor((255 * i) / n);
  for (let i = 0; i < RY; i++) put(255, ramp(i, RY), 0);
  for (let i = 0; i < YG; i++) put(255 - ramp(i, YG), 255, 0);
  for (let i = 0; i < GC; i++) put(0, 255, ramp(i, GC));
  for (let i = 0; i < CB; i++) put(0, 255 - ramp(i, CB), 255);
  for (let i = 0; i < BM; i++) put(ramp(i, BM), 0, 255);
  for (let i = 0; i < MR; i++) put(255, 0, 255 - ramp(i, MR));
  return w;
}

const WHEEL = colorWheel();

/**
 * The colour of one normalised flow vector (u, v) (length 1 = the largest flow), written as RGB bytes to
 * `out[o..o+2]`. Non-finite flow is black.
 */
export function flowColorInto(u: number, v: number, out: Uint8ClampedArray | Uint8Array, o: number): void {
  if (!Number.isFinite(u) || !Number.isFinite(v)) {
    out[o] = out[o + 1] = out[o + 2] = 0;
    return;
  }
  const rad = Math.hypot(u, v);
  const a = Math.atan2(-v, -u) / Math.PI;
  const fk = ((a + 1) / 2) * (WHEEL_SIZE - 1);
  const k0 = Math.floor(fk);
  const k1 = k0 + 1 === WHEEL_SIZE ? 0 : k0 + 1;
  const f = fk - k0;
  for (let c = 0; c < 3; c++) {
    let col = (1 - f) * WHEEL[k0 * 3 + c] + f * WHEEL[k1 * 3 + c];
    col = rad <= 1 ? 255 - rad * (255 - col) : col * 0.75;
    out[o + c] = Math.floor(col + 1e-9);
  }
}

/** The colour of one flow vector, already normalised, as [r, g, b]. */
export function flowColor(u: number, v: number): [number, number, number] {
  const out = new Uint8Array(3);
  flowColorInto(u, v, out, 0);
  return [out[0], out[1], out[2]];
}

/**
 * A flow field (u, v: (H, W) float32, pixels; NaN = unknown) as RGBA bytes, normalised by `maxRad` or by
 * the largest finite flow length. Unknown pixels are transparent black. Returns the image and the radius
 * used, for the legend.
 */
export function flowToRgba(u: Float32Array, v: Float32Array, width: number, height: number, maxRad?: number): { data: Uint8ClampedArray<ArrayBuffer>; maxRad: number } {
  if (u.length !== width * height || v.length !== width * height) throw new RangeError(`flow has ${u.length} and ${v.length} values, expected ${width}×${height}`);
  let r = maxRad ?? 0;
  if (maxRad === undefined) {
    for (let i = 0; i < u.length; i++) {
      const l = Math.hypot(u[i], v[i]);
      if (l > r) r = l;
    }
  }
  const scale = r > 0 ? 1 / r : 0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < u.length; i++) {
    if (!Number.isFinite(u[i]) || !Number.isFinite(v[i])) continue;
    flowColorInto(u[i] * scale, v[i] * scale, data, i * 4);
    data[i * 4 + 3] = 255;
  }
  return { data, maxRad: r };
}

/**
 * The colour-wheel legend: a size × size RGBA disc where the pixel at (x, y) shows the colour of the flow
 * pointing from the centre to it, the rim being length 1. Outside the disc is transparent.
 */
export function flowWheelLegend(size: number): Uint8ClampedArray<ArrayBuffer> {
  if (!Number.isInteger(size) || size < 3) throw new RangeError(`the legend size must be an integer ≥ 3, got ${size}`);
  const data = new Uint8ClampedArray(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x - c) / c;
      const v = (y - c) / c;
      if (Math.hypot(u, v) > 1) continue;
      const i = (y * size + x) * 4;
      flowColorInto(u, v, data, i);
      data[i + 3] = 255;
    }
  }
  return data;
}
