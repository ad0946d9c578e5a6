/**
 * Training pairs for UCN with exact correspondences: a random square crop of a photo and the same crop
 * through a random homography (rotation, scale, shear, stretch, projective terms, shift) and photometric
 * change, made by the distortion generator (engine/distort), so the true match of every pixel is H·x.
 */
import type { RgbImage } from '../../core/image';
import { distortImage } from '../../distort';
import { applyH } from '../../distort/geometric';

/** How strong the random distortions are. */
export interface WarpRanges {
  /** Rotation drawn uniformly in [−rotationDeg, rotationDeg]. */
  rotationDeg: number;
  /** Scale drawn log-uniformly in [1/scale, scale]. */
  scale: number;
  /** Shear in [−shear, shear]; aspect log-uniform in [1/(1 + shear), 1 + shear]. */
  shear: number;
  /** Projective terms px, py in [−projective, projective]. */
  projective: number;
  /** Exposure in [−ev, ev] stops, gamma log-uniform in [1/(1 + ev), 1 + ev], noise σ up to ev / 25. */
  photometric: number;
}

export const DEFAULT_WARP_RANGES: WarpRanges = { rotationDeg: 60, scale: 1.4, shear: 0.15, projective: 0.1, photometric: 0.4 };

/** True match in b of pixel (x, y) of a, or null where nothing is known. */
export type PointMap = (x: number, y: number) => [number, number] | null;

/** Two images with the true correspondences between them: what one training step reads. */
export interface TrainingPair {
  a: RgbImage;
  b: RgbImage;
  truth: PointMap;
}

export interface WarpPair extends TrainingPair {
  /** a → b, row-major 3×3. */
  H: Float64Array;
}

export function crop(img: RgbImage, x0: number, y0: number, size: number): RgbImage {
  const data = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 3, ((y0 + y) * img.width + x0 + size) * 3), y * size * 3);
  return { width: size, height: size, data };
}

/** A size×size crop of `photo` and its random distortion. Throws when the photo is smaller than the crop. */
export function randomWarpPair(photo: RgbImage, size: number, r: WarpRanges, rnd: () => number): WarpPair {
  if (photo.width < size || photo.height < size) throw new RangeError(`a ${photo.width}×${photo.height} photo cannot give ${size}×${size} crops`);
  const u = (lim: number) => (2 * rnd() - 1) * lim;
  const logU = (f: number) => Math.exp(u(Math.log(f)));
  const a = crop(photo, Math.floor(rnd() * (photo.width - size + 1)), Math.floor(rnd() * (photo.height - size + 1)), size);
  const { image, H } = distortImage(a, {
    rotationDeg: u(r.rotationDeg), scale: logU(r.scale), shear: u(r.shear), aspect: logU(1 + r.shear),
    px: u(r.projective), py: u(r.projective), tx: u(size * 0.05), ty: u(size * 0.05),
    exposureEv: u(r.photometric), gamma: logU(1 + r.photometric), noise: rnd() * r.photometric / 25, seed: Math.floor(rnd() * 2 ** 31),
  });
  return { a, b: image, H, truth: (x, y) => applyH(H, x, y) };
}

/**
 * The cells of a whose centres (stride·j + stride − 1, stride·i + stride − 1) have a known match at least
 * `border` px inside b: their indices i·w + j and the true matches (pixels of b).
 */
export function cellCorrespondences(p: TrainingPair, stride: number, border: number): { cells: number[]; xs: number[]; ys: number[] } {
  const w = Math.ceil(p.a.width / stride);
  const h = Math.ceil(p.a.height / stride);
  const cells: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const x = stride * j + stride - 1;
      const y = stride * i + stride - 1;
      if (x > p.a.width - 1 || y > p.a.height - 1) continue;
      const m = p.truth(x, y);
      if (!m) continue;
      const [u, v] = m;
      if (u >= border && v >= border && u <= p.b.width - 1 - border && v <= p.b.height - 1 - border) {
        cells.push(i * w + j);
        xs.push(u);
        ys.push(v);
      }
    }
  }
  return { cells, xs, ys };
}
