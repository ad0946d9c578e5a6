/**
 * Per-candidate steps of Lowe's detector (IJCV 2004, §4–5), in JS on the read-back octave: sub-pixel
 * refinement by the 3-D quadratic fit, contrast and edge rejection, orientation histogram.
 * Arithmetic follows OpenCV 4.6's adjustLocalExtrema and calcOrientationHist (sift.simd.hpp).
 */
import type { Octave } from './scaleSpace';

export interface Extremum {
  layer: number;
  row: number;
  col: number;
  /** Sub-pixel offsets (layer, row, col), each within ±0.5. */
  xi: number;
  xr: number;
  xc: number;
  /** |D(x̂)|, on [0, 1] grey levels. */
  response: number;
}

/** Solves the 3×3 system H·x = b by Cramer's rule; null when H is singular. */
function solve3(H: number[], b: number[]): number[] | null {
  const [a, bb, c, d, e, f, g, h, i] = H;
  const det = a * (e * i - f * h) - bb * (d * i - f * g) + c * (d * h - e * g);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-30) return null;
  const dx = b[0] * (e * i - f * h) - bb * (b[1] * i - f * b[2]) + c * (b[1] * h - e * b[2]);
  const dy = a * (b[1] * i - f * b[2]) - b[0] * (d * i - f * g) + c * (d * b[2] - b[1] * g);
  const dz = a * (e * b[2] - b[1] * h) - bb * (d * b[2] - b[1] * g) + b[0] * (d * h - e * g);
  return [dx / det, dy / det, dz / det];
}

/**
 * Refines candidate (layer, row, col) of `oct` (up to 5 steps of the quadratic fit, moving to the
 * neighbouring sample when an offset exceeds 0.5), then applies the contrast test |D(x̂)|·nLayers ≥
 * contrastThreshold and the edge test Tr²/Det < (r + 1)²/r. Null when rejected.
 */
export function refineExtremum(
  oct: Octave, layer: number, row: number, col: number,
  nLayers: number, contrastThreshold: number, edgeRatio: number, border = 5,
): Extremum | null {
  const { width: w, height: h, dog } = oct;
  const D = (l: number, r: number, c: number) => dog[(l * h + r) * w + c];
  let xi = 0, xr = 0, xc = 0;
  let grad = [0, 0, 0];
  let step = 0;
  for (; step < 5; step++) {
    const v = D(layer, row, col);
    grad = [
      (D(layer, row, col + 1) - D(layer, row, col - 1)) / 2,
      (D(layer, row + 1, col) - D(layer, row - 1, col)) / 2,
      (D(layer + 1, row, col) - D(layer - 1, row, col)) / 2,
    ];
    const dxx = D(layer, row, col + 1) + D(layer, row, col - 1) - 2 * v;
    const dyy = D(layer, row + 1, col) + D(layer, row - 1, col) - 2 * v;
    const dss = D(layer + 1, row, col) + D(layer - 1, row, col) - 2 * v;
    const dxy = (D(layer, row + 1, col + 1) - D(layer, row + 1, col - 1) - D(layer, row - 1, col + 1) + D(layer, row - 1, col - 1)) / 4;
    const dxs = (D(layer + 1, row, col + 1) - D(layer + 1, row, col - 1) - D(layer - 1, row, col + 1) + D(layer - 1, row, col - 1)) / 4;
    const dys = (D(layer + 1, row + 1, col) - D(layer + 1, row - 1, col) - D(layer - 1, row + 1, col) + D(layer - 1, row - 1, col)) / 4;
    const X = solve3([dxx, dxy, dxs, dxy, dyy, dys, dxs, dys, dss], grad);
    if (!X) return null;
    [xc, xr, xi] = [-X[0], -X[1], -X[2]];
    if (Math.abs(xi) < 0.5 && Math.abs(xr) < 0.5 && Math.abs(xc) < 0.5) break;
    if (Math.abs(xi) > 1e6 || Math.abs(xr) > 1e6 || Math.abs(xc) > 1e6) return null;
    col += Math.round(xc);
    row += Math.round(xr);
    layer += Math.round(xi);
    if (layer < 1 || layer > nLayers || col < border || col >= w - border || row < border || row >= h - border) return null;
  }
  if (step >= 5) return null;
  const contrast = D(layer, row, col) + 0.5 * (grad[0] * xc + grad[1] * xr + grad[2] * xi);
  if (Math.abs(contrast) * nLayers < contrastThreshold) return null;
  const v = D(layer, row, col);
  const dxx = D(layer, row, col + 1) + D(layer, row, col - 1) - 2 * v;
  const dyy = D(layer, row + 1, col) + D(layer, row - 1, col) - 2 * v;
  const dxy = (D(layer, row + 1, col + 1) - D(layer, row + 1, col - 1) - D(layer, row - 1, col + 1) + D(layer, row - 1, col - 1)) / 4;
  const tr = dxx + dyy;
  const det = dxx * dyy - dxy * dxy;
  if (det <= 0 || tr * tr * edgeRatio >= (edgeRatio + 1) ** 2 * det) return null;
  return { layer, row, col, xi, xr, xc, response: Math.abs(contrast) };
}

/**
 * Dominant orientations (radians, from +x towards +y, y down, in [0, 2π)) at integer point (col, row) of
 * Gaussian layer `layer`: 36-bin histogram of gradient angles weighted by magnitude and a Gaussian of σ =
 * 1.5·scale over radius 3·σ, smoothed by [1 4 6 4 1]/16, every local peak ≥ 0.8·max, parabolic peak fit.
 */
export function orientations(oct: Octave, layer: number, row: number, col: number, scale: number, nBins = 36): number[] {
  const { width: w, height: h, gauss } = oct;
  const off = layer * w * h;
  const sigma = 1.5 * scale;
  const radius = Math.round(3 * sigma);
  const raw = new Float64Array(nBins);
  for (let i = -radius; i <= radius; i++) {
    const y = row + i;
    if (y <= 0 || y >= h - 1) continue;
    for (let j = -radius; j <= radius; j++) {
      const x = col + j;
      if (x <= 0 || x >= w - 1) continue;
      const dx = gauss[off + y * w + x + 1] - gauss[off + y * w + x - 1];
      const dy = gauss[off + (y - 1) * w + x] - gauss[off + (y + 1) * w + x]; // y up, as OpenCV
      const wt = Math.exp(-(i * i + j * j) / (2 * sigma * sigma));
      let a = Math.atan2(dy, dx);
      if (a < 0) a += 2 * Math.PI;
      const bin = Math.round((nBins * a) / (2 * Math.PI)) % nBins;
      raw[bin] += wt * Math.hypot(dx, dy);
    }
  }
  const at = (k: number) => raw[(k + nBins) % nBins];
  const hist = raw.map((_, k) => (at(k - 2) + at(k + 2)) / 16 + ((at(k - 1) + at(k + 1)) * 4) / 16 + (at(k) * 6) / 16);
  const max = Math.max(...hist);
  const out: number[] = [];
  for (let j = 0; j < nBins; j++) {
    const l = hist[(j + nBins - 1) % nBins], r = hist[(j + 1) % nBins], c = hist[j];
    if (!(c > l && c > r && c >= 0.8 * max)) continue;
    let bin = j + (0.5 * (l - r)) / (l - 2 * c + r);
    bin = bin < 0 ? bin + nBins : bin >= nBins ? bin - nBins : bin;
    // The histogram holds y-up angles; flipping the sign gives the y-down angle.
    let angle = 2 * Math.PI - (bin * 2 * Math.PI) / nBins;
    if (angle >= 2 * Math.PI - 1e-7) angle -= 2 * Math.PI;
    out.push(angle);
  }
  return out;
}
