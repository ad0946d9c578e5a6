/** Helpers for descriptor tests that compare whole maps with reference fixtures. */
import type { RgbImage } from '../core/image';
import type { Descriptor, ParamsOf } from '../descriptors/contract';
import { describeDense, disposeMap } from '../match/descriptorMap';

/** A fixture's image stored as 8-bit RGB values, row-major. */
export function imageFromRgb8(fx: { width: number; height: number; rgb8: number[] }): RgbImage {
  return { width: fx.width, height: fx.height, data: Float32Array.from(fx.rgb8, (v) => v / 255) };
}

/** Every descriptor of an image as rows (H·W × D), the map disposed. */
export async function describeAllRows<P extends ParamsOf>(img: RgbImage, d: Descriptor<P>, raw: Record<string, unknown>): Promise<{ rows: Float32Array; dim: number }> {
  const p = d.validateParams(raw);
  const map = describeDense(img, d as unknown as Descriptor<ParamsOf>, p);
  const rows = (await map.rows.data()) as Float32Array;
  disposeMap(map);
  return { rows, dim: d.dim(p) };
}
