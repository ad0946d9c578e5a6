/**
 * Reading descriptor rows back from the backend into plain memory, for files (the CLI's JSON and .npy)
 * rather than for matching. Kept beside descriptorMap.ts so callers never touch tensors themselves.
 */
import type { DescriptorMap } from './descriptorMap';
import { gatherRows } from './descriptorMap';

/**
 * The rows of `map` at flat pixel indices y·W + x, in the order given.
 * Out: (N, D) float32, row-major, N = flat.length. Throws on an index outside [0, H·W).
 */
export async function readRows(map: DescriptorMap, flat: Int32Array): Promise<Float32Array> {
  const n = map.width * map.height;
  for (let i = 0; i < flat.length; i++) {
    if (!(flat[i] >= 0 && flat[i] < n)) throw new RangeError(`row index ${flat[i]} (entry ${i}) is outside the ${map.width}×${map.height} map`);
  }
  if (flat.length === 0) return new Float32Array(0);
  const rows = gatherRows(map, flat);
  try {
    return Float32Array.from(await rows.data());
  } finally {
    rows.dispose();
  }
}

/** Every row of `map`: (H·W, D) float32, row y·W + x is pixel (x, y), i.e. an (H, W, D) array. */
export async function readAllRows(map: DescriptorMap): Promise<Float32Array> {
  return Float32Array.from(await map.rows.data());
}
