/** Sampling grids: which source pixels get a match. */

/** A set of integer pixel positions; `xs[i], ys[i]` is point i. */
export interface PointSet {
  readonly xs: Int32Array;
  readonly ys: Int32Array;
}

/**
 * The regular grid at `stride` pixels, centred so the unused margin is split between both sides:
 * x = ox + i·stride with ox = floor(((W − 1) mod stride) / 2), likewise for y. Row-major order.
 */
export function gridPoints(width: number, height: number, stride: number): PointSet {
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`stride must be an integer ≥ 1, got ${stride}`);
  const ox = Math.floor(((width - 1) % stride) / 2);
  const oy = Math.floor(((height - 1) % stride) / 2);
  const nx = Math.floor((width - 1 - ox) / stride) + 1;
  const ny = Math.floor((height - 1 - oy) / stride) + 1;
  const xs = new Int32Array(nx * ny);
  const ys = new Int32Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      xs[j * nx + i] = ox + i * stride;
      ys[j * nx + i] = oy + j * stride;
    }
  }
  return { xs, ys };
}

/** Flat indices y·W + x of a point set, for gathering rows of an (H·W, D) map. */
export function flatIndices(points: PointSet, width: number): Int32Array {
  const idx = new Int32Array(points.xs.length);
  for (let i = 0; i < idx.length; i++) idx[i] = points.ys[i] * width + points.xs[i];
  return idx;
}
