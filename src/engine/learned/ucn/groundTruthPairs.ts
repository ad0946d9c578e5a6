/**
 * Training pairs from a real image pair with ground truth, for fine-tuning UCN (Choy et al., NIPS 2016) on
 * that pair: a random square crop of the source and the crop of the target around where the source crop's
 * centre truly lands, with the ground truth's correspondences between the two crops (a homography: exact;
 * a disparity map: x − d on the same row).
 */
import type { RgbImage } from '../../core/image';
import { crop, type PointMap, type TrainingPair } from './pairs';

export interface GroundTruthCropPair extends TrainingPair {
  /** Top-left pixel of crop a in the source and of crop b in the target. */
  offsetA: [number, number];
  offsetB: [number, number];
}

const TRIES = 20;

/** Throws a RangeError in words when an image cannot give size×size crops. */
export function checkCropFits(img: { width: number; height: number }, size: number, what: string): void {
  if (img.width < size || img.height < size) {
    throw new RangeError(`the ${what} image (${img.width}×${img.height}) is smaller than the ${size}×${size} crop: choose a crop of at most ${Math.min(img.width, img.height)} px`);
  }
}

/**
 * A size×size crop of `source` and the crop of `target` centred (as far as the border allows) on the true
 * match of its centre. `truth`: source pixel → target pixel, both in the images' own pixels. Throws when
 * the truth knows none of TRIES random crop centres, or an image is smaller than the crop.
 */
export function groundTruthCropPair(source: RgbImage, target: RgbImage, truth: PointMap, size: number, rnd: () => number): GroundTruthCropPair {
  checkCropFits(source, size, 'source');
  checkCropFits(target, size, 'target');
  const half = (size - 1) / 2;
  for (let t = 0; t < TRIES; t++) {
    const ax = Math.floor(rnd() * (source.width - size + 1));
    const ay = Math.floor(rnd() * (source.height - size + 1));
    const c = truth(ax + half, ay + half);
    if (!c) continue;
    const bx = Math.min(target.width - size, Math.max(0, Math.round(c[0] - half)));
    const by = Math.min(target.height - size, Math.max(0, Math.round(c[1] - half)));
    return {
      a: crop(source, ax, ay, size),
      b: crop(target, bx, by, size),
      truth: (x, y) => {
        const m = truth(x + ax, y + ay);
        return m ? [m[0] - bx, m[1] - by] : null;
      },
      offsetA: [ax, ay],
      offsetB: [bx, by],
    };
  }
  throw new Error(`the ground truth gives no match for the centres of ${TRIES} random ${size}×${size} source crops`);
}
