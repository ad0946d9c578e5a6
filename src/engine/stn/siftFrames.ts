/**
 * Where oriented dense SIFT turns its sampling grid: the dominant orientation θ₀ of every pixel, computed
 * by the descriptor's own code (descriptors/sift/oriented.ts, Lowe 2004 §5), so the Grids view draws the
 * grid the descriptor actually reads, and the 4×4 bin centres of that grid.
 * Reference: D. G. Lowe, "Distinctive image features from scale-invariant keypoints", IJCV 60(2), 2004.
 */
import { tf, type Tensor3D } from '../tf';
import { toGray } from '../tf/padding';
import { type RgbImage } from '../core/image';
import { mapAtPixels } from './mapAtPixels';
import { gaussianKernel1d } from '../tf/filters';
import { imageTensor } from '../match/descriptorMap';
import { paddedGradients } from '../descriptors/sift/histograms';
import { dominantOrientation, orientationWindowReach } from '../descriptors/orientation/dominant';
import { binOffset, orientationWindowSigma, rotatedSupportRadius, smoothingSigma, SPATIAL_BINS } from '../descriptors/sift/geometry';

/**
 * θ₀ of every pixel as oriented dense SIFT computes it (same padding, pre-smoothing and 36-bin histogram).
 * In: the image and SIFT's binSize and sigma params. Out: (H·W) float32 radians, row-major, from +x
 * towards +y with y down, in [0, 2π); 0 where there is no gradient.
 */
export async function siftOrientationMap(img: RgbImage, binSize: number, sigmaParam: number): Promise<Float32Array> {
  if (!Number.isInteger(binSize) || binSize < 2) throw new RangeError(`binSize must be an integer ≥ 2, got ${binSize}`);
  const { width: w, height: h } = img;
  const pad = rotatedSupportRadius(binSize);
  const theta = tf.tidy(() => {
    const grey = toGray(imageTensor(img)) as Tensor3D;
    const { mag, angle } = paddedGradients(grey, smoothingSigma(binSize, sigmaParam), pad);
    return dominantOrientation(mag, angle, pad, h, w, orientationWindowSigma(binSize));
  });
  const out = new Float32Array((await theta.data()) as Float32Array);
  theta.dispose();
  return out;
}

/**
 * How far θ₀ at a pixel looks: the orientation window's box cascade (σ = 1.5 × binSize/3, as oriented.ts),
 * the central difference, and the pre-smoothing Gaussian.
 */
export function orientationReach(binSize: number, sigmaParam: number): number {
  return orientationWindowReach(orientationWindowSigma(binSize)) + 1 + (gaussianKernel1d(smoothingSigma(binSize, sigmaParam)).length - 1) / 2;
}

/** θ₀ at a few pixels without the whole map (mapAtPixels): equal to siftOrientationMap's values. */
export function siftOrientationsAt(img: RgbImage, points: readonly { x: number; y: number }[], binSize: number, sigmaParam: number): Promise<Float32Array> {
  return mapAtPixels(img, points, orientationReach(binSize, sigmaParam), (crop) => siftOrientationMap(crop, binSize, sigmaParam));
}

/**
 * The 16 bin centres of Lowe's 4×4 grid (row-major, as the descriptor's layout) for a grid of bin side
 * `binSize` turned by θ₀: bin (i, j) sits at (x, y) + oᵢ·(cos θ₀, sin θ₀) + oⱼ·(−sin θ₀, cos θ₀),
 * o = (k − 1.5)·binSize — the positions oriented dense SIFT reads (oriented.ts binCentreMatrix).
 */
export function siftBinCentres(x: number, y: number, binSize: number, theta0: number): { x: number; y: number }[] {
  const c = Math.cos(theta0);
  const s = Math.sin(theta0);
  return Array.from({ length: SPATIAL_BINS * SPATIAL_BINS }, (_, k) => {
    const oi = binOffset(k % SPATIAL_BINS, binSize);
    const oj = binOffset(Math.floor(k / SPATIAL_BINS), binSize);
    return { x: x + oi * c - oj * s, y: y + oi * s + oj * c };
  });
}
