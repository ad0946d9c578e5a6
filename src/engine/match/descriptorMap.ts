/**
 * A dense descriptor map kept on the backend between queries: one row per pixel, plus each row's squared
 * norm so that a click costs one matrix-vector product.
 */
import { tf, type Tensor1D, type Tensor2D, type Tensor3D } from '../tf';
import { assertRgbImage, type RgbImage } from '../core/image';
import type { Descriptor, ParamsOf } from '../descriptors/contract';

export interface DescriptorMap {
  readonly descriptorId: string;
  readonly width: number;
  readonly height: number;
  readonly dim: number;
  /** (H·W, D) float32; row y·W + x is the descriptor of pixel (x, y). */
  readonly rows: Tensor2D;
  /** (H·W) float32, ‖row‖². */
  readonly sqNorms: Tensor1D;
}

export class DescriptorOutputError extends Error {}

/** Uploads an RgbImage as an (H, W, 3) tensor. */
export function imageTensor(img: RgbImage): Tensor3D {
  assertRgbImage(img);
  return tf.tensor3d(img.data, [img.height, img.width, 3], 'float32');
}

/** Runs `descriptor` densely over `img`. Checks the output's shape against the contract. */
export function describeDense(img: RgbImage, descriptor: Descriptor<ParamsOf>, params: ParamsOf): DescriptorMap {
  const dim = descriptor.dim(params);
  const rows = tf.tidy(() => {
    const input = imageTensor(img);
    const out = descriptor.describe(input, params);
    const [h, w, d] = out.shape;
    if (h !== img.height || w !== img.width || d !== dim) {
      throw new DescriptorOutputError(`${descriptor.id} returned (${out.shape}) for a ${img.width}×${img.height} image; expected (${img.height},${img.width},${dim})`);
    }
    return tf.reshape(out, [h * w, d]) as Tensor2D;
  });
  const sqNorms = tf.tidy(() => tf.sum(tf.square(rows), 1) as Tensor1D);
  return { descriptorId: descriptor.id, width: img.width, height: img.height, dim, rows, sqNorms };
}

/**
 * Degenerate input (a uniform image, say) must not put NaN on screen. Checking the (H·W) norms is cheap;
 * only when one is not finite is the whole (H·W, D) map cleaned (non-finite entries set to 0).
 */
export async function ensureFinite(map: DescriptorMap): Promise<DescriptorMap> {
  const bad = tf.tidy(() => tf.any(tf.logicalNot(tf.isFinite(map.sqNorms))));
  const anyBad = (await bad.data())[0] === 1;
  bad.dispose();
  if (!anyBad) return map;
  const rows = tf.tidy(() => tf.where(tf.isFinite(map.rows), map.rows, tf.zerosLike(map.rows)) as Tensor2D);
  disposeMap(map);
  const sqNorms = tf.tidy(() => tf.sum(tf.square(rows), 1) as Tensor1D);
  return { ...map, rows, sqNorms };
}

export function disposeMap(map: DescriptorMap | undefined): void {
  if (!map) return;
  map.rows.dispose();
  map.sqNorms.dispose();
}

/** Rows of a map at flat indices, (N, D). Caller disposes. */
export function gatherRows(map: DescriptorMap, flat: Int32Array): Tensor2D {
  return tf.tidy(() => tf.gather(map.rows, tf.tensor1d(flat, 'int32')) as Tensor2D);
}

/** The descriptor of one pixel as a plain array (for the inspector and the CLI). */
export async function readDescriptor(map: DescriptorMap, x: number, y: number): Promise<Float32Array> {
  const row = tf.tidy(() => tf.gather(map.rows, tf.tensor1d([y * map.width + x], 'int32')));
  const data = (await row.data()) as Float32Array;
  row.dispose();
  return data;
}
