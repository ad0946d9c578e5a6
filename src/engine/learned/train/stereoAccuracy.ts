/**
 * How well MC-CNN vectors pick disparities on held-out rows: winner-takes-all over the scanline (no cost
 * aggregation or semi-global matching, which the paper adds after the network), as the fraction of pixels
 * whose best disparity is within 1 and 3 px of the truth.
 */
import { mulberry32 } from '../../core/random';

export interface StereoAccuracy {
  pixels: number;
  within1: number;
  within3: number;
}

/**
 * `left`, `right`: (H·W·D) unit vectors, row-major; `disparity`: (H·W), non-finite where unknown.
 * Evaluates up to `samples` pixels of rows [from, to) drawn with `seed`, over disparities 0 … maxDisparity.
 */
export function wtaStereoAccuracy(
  left: Float32Array, right: Float32Array, dim: number, width: number, disparity: Float32Array,
  rows: { from: number; to: number }, maxDisparity: number, samples: number, seed: number,
): StereoAccuracy {
  const known: number[] = [];
  for (let y = rows.from; y < rows.to; y++) for (let x = 0; x < width; x++) if (Number.isFinite(disparity[y * width + x])) known.push(y * width + x);
  const rnd = mulberry32(seed);
  const n = Math.min(samples, known.length);
  let within1 = 0;
  let within3 = 0;
  for (let k = 0; k < n; k++) {
    const p = known[Math.floor(rnd() * known.length)];
    const x = p % width;
    let best = -Infinity;
    let bestD = 0;
    for (let d = 0; d <= Math.min(maxDisparity, x); d++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += left[p * dim + c] * right[(p - d) * dim + c];
      if (s > best) {
        best = s;
        bestD = d;
      }
    }
    const err = Math.abs(bestD - disparity[p]);
    if (err <= 1) within1++;
    if (err <= 3) within3++;
  }
  return { pixels: n, within1: n ? within1 / n : 0, within3: n ? within3 / n : 0 };
}
