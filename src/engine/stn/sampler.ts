/**
 * The spatial transformer's bilinear sampler (Jaderberg et al., "Spatial Transformer Networks", NIPS 2015,
 * §3.3, eq. 5): V_i = Σ_n Σ_m U_nm max(0, 1 − |x_i − m|) max(0, 1 − |y_i − n|), with (x_i, y_i) the sampling
 * point in source pixels. Pixels outside the image contribute nothing, so samples fade to black across the
 * border and are 0 beyond it, as the formula says. Plain TypeScript: grids are small (a few hundred
 * thousand points at most).
 */
import { assertRgbImage, type RgbImage } from '../core/image';

/** Normalised coordinate (−1 … 1 across centres of the first and last pixel) → pixel coordinate. */
export function toPixel(v: number, size: number): number {
  return ((v + 1) / 2) * (size - 1);
}

/** Pixel coordinate → normalised coordinate; 0 for a one-pixel axis. */
export function toNormalised(px: number, size: number): number {
  return size === 1 ? 0 : (2 * px) / (size - 1) - 1;
}

/**
 * Samples `img` at every point of `grid` ((height, width, 2) normalised source points, as affineGrid
 * returns). Out: a width×height RgbImage. Non-finite points give black.
 */
export function bilinearSample(img: RgbImage, grid: Float32Array, width: number, height: number): RgbImage {
  assertRgbImage(img);
  if (grid.length !== width * height * 2) throw new RangeError(`bilinearSample: grid has ${grid.length} values, expected ${width}×${height}×2`);
  const { width: w, height: h, data } = img;
  const out = new Float32Array(width * height * 3);
  for (let k = 0; k < width * height; k++) {
    const x = toPixel(grid[2 * k], w);
    const y = toPixel(grid[2 * k + 1], h);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const m0 = Math.floor(x);
    const n0 = Math.floor(y);
    const fx = x - m0;
    const fy = y - n0;
    // The four pixels with a non-zero kernel, each weighed by max(0, 1 − |x − m|)·max(0, 1 − |y − n|).
    for (let dn = 0; dn < 2; dn++) {
      const n = n0 + dn;
      if (n < 0 || n >= h) continue;
      const wy = dn ? fy : 1 - fy;
      for (let dm = 0; dm < 2; dm++) {
        const m = m0 + dm;
        if (m < 0 || m >= w) continue;
        const wt = wy * (dm ? fx : 1 - fx);
        if (wt === 0) continue;
        const at = (n * w + m) * 3;
        out[3 * k] += wt * data[at];
        out[3 * k + 1] += wt * data[at + 1];
        out[3 * k + 2] += wt * data[at + 2];
      }
    }
  }
  return { width, height, data: out };
}
