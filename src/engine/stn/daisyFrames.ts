/**
 * Where DAISY's 'dominant' mode turns its flower: the dominant orientation θ(x) of every pixel, computed by
 * the descriptor's own code (descriptors/daisy/oriented.ts), so the Inspector and Grids views draw the petals
 * where the descriptor reads them.
 * Reference: E. Tola, V. Lepetit and P. Fua, "DAISY: An efficient dense descriptor applied to wide-baseline
 * stereo", IEEE TPAMI 32(5), 2010; the orientation as in Tola's reference code (libdaisy).
 */
import { tf, type Tensor3D } from '../tf';
import { toGray } from '../tf/padding';
import { type RgbImage } from '../core/image';
import { mapAtPixels } from './mapAtPixels';
import { gaussianKernel1d } from '../tf/filters';
import { imageTensor } from '../match/descriptorMap';
import { daisyOrientation, ORIENTATION_PRESMOOTH, orientationWindowSigmaFor } from '../descriptors/daisy/oriented';
import { orientationWindowReach } from '../descriptors/orientation/dominant';

/**
 * θ(x) of every pixel as DAISY 'dominant' computes it. In: the image and DAISY's radius R. Out: (H·W)
 * float32 radians, row-major, from +x towards +y with y down; 0 where there is no gradient.
 */
export async function daisyOrientationMap(img: RgbImage, radius: number): Promise<Float32Array> {
  if (!(radius > 0)) throw new RangeError(`radius must be positive, got ${radius}`);
  const theta = tf.tidy(() => daisyOrientation(toGray(imageTensor(img)) as Tensor3D, radius));
  const out = new Float32Array((await theta.data()) as Float32Array);
  theta.dispose();
  return out;
}

/** How far θ(x) looks: the window's box cascade (σ = R/3), the central difference and the pre-smoothing. */
export function daisyOrientationReach(radius: number): number {
  return orientationWindowReach(orientationWindowSigmaFor(radius)) + 1 + (gaussianKernel1d(ORIENTATION_PRESMOOTH).length - 1) / 2;
}

/** θ(x) at a few pixels without the whole map (mapAtPixels): equal to daisyOrientationMap's values. */
export function daisyOrientationsAt(img: RgbImage, points: readonly { x: number; y: number }[], radius: number): Promise<Float32Array> {
  return mapAtPixels(img, points, daisyOrientationReach(radius), (crop) => daisyOrientationMap(crop, radius));
}
