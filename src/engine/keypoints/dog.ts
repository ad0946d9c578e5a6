/**
 * Reference: D. G. Lowe, "Distinctive Image Features from Scale-Invariant Keypoints", International
 * Journal of Computer Vision 60(2), 2004 — §3 (DoG scale-space extrema), §4 (sub-pixel localisation,
 * contrast and edge rejection), §5 (orientation assignment), §6 (the descriptor, in siftDescriptor.ts).
 * Constants and arithmetic follow OpenCV 4.6's SIFT (the oracle of dog.test.ts).
 *
 * Deviations from Lowe / OpenCV (see DOG_DEVIATIONS).
 */
import { type Tensor3D } from '../tf';
import { buildScaleSpace, toInput, type Octave } from './scaleSpace';
import { orientations, refineExtremum } from './refine';
import { DEFAULT_DOG_PARAMS, validateDoGParams, type DoGParams, type Keypoint } from './keypoint';
import { describeFromScaleSpace } from './siftDescriptor';

export { describeKeypoints } from './siftDescriptor';
export { DEFAULT_DOG_PARAMS, validateDoGParams, type DoGParams, type Keypoint } from './keypoint';

export const DOG_DEVIATIONS: readonly string[] = [
  'The ×2 upsampled first octave (Lowe §3.3, OpenCV default) is optional and off by default for speed, so ' +
    'keypoints with σ below ~1.6 input pixels are not found unless `upsample` is set.',
  'Blurring uses replicated borders and a kernel radius of ceil(4σ); OpenCV reflects (BORDER_REFLECT_101) ' +
    'and uses round(4σ)·2+1 taps.',
  'The candidate prefilter is 0.5·contrastThreshold/nLayers exactly; OpenCV floors it to whole 8-bit grey ' +
    'levels (1/255 with the defaults). The final contrast test is the same.',
  'With upsampling, input coordinates are x_octave·2^octave − 0.25 (the bilinear ×2 half-pixel shift); ' +
    'OpenCV omits the −0.25.',
  'No duplicate removal and no nfeatures cap (OpenCV removes keypoints identical in x, y, size, angle).',
  'Extrema use ≥ / ≤ against the 26 neighbours (as OpenCV), not strict inequalities as Lowe.',
  "Contrast threshold is OpenCV's |D(x̂)| ≥ 0.04/nLayers (0.0133 with 3 layers), not Lowe's 0.03.",
  'Orientation histogram, peak rule and descriptor follow OpenCV: nearest-bin voting (no linear split) in ' +
    'the 36-bin histogram, computed at the integer refined sample, not at the sub-pixel position.',
  'Descriptor (siftDescriptor.ts): float unit vectors (OpenCV stores ×512 bytes); the 16×16-bin-unit sample ' +
    'window is centred on the sub-pixel keypoint (OpenCV rounds it); orientation bins are counted in the ' +
    "y-up frame as OpenCV's, so the layout matches OpenCV's, not vlfeat's.",
  'describeKeypoints rebuilds the Gaussian scale space; detectAndDescribe shares one.',
];

/** Refined, oriented keypoints of one octave. */
function octaveKeypoints(oct: Octave, p: DoGParams): Keypoint[] {
  const out: Keypoint[] = [];
  const c = oct.candidates;
  for (let i = 0; i < c.length; i += 3) {
    const e = refineExtremum(oct, c[i], c[i + 1], c[i + 2], p.nLayers, p.contrastThreshold, p.edgeRatio);
    if (!e) continue;
    const octScale = p.sigma0 * 2 ** ((e.layer + e.xi) / p.nLayers); // σ in octave pixels
    const x = toInput(e.col + e.xc, oct.octave, p.upsample);
    const y = toInput(e.row + e.xr, oct.octave, p.upsample);
    const scale = octScale * 2 ** oct.octave;
    for (const angle of orientations(oct, e.layer, e.row, e.col, octScale)) {
      out.push({ x, y, scale, angle, response: e.response, octave: oct.octave, layer: e.layer });
    }
  }
  return out;
}

/**
 * Lowe's DoG keypoints of `image`: (H, W, 3) float32 RGB in [0, 1] (grey = BT.601). The scale space is
 * built with tensor ops; refinement and orientation run in JS on the read-back candidates. Keypoints
 * with several dominant orientations appear once per orientation.
 */
export async function detectDoG(image: Tensor3D, params: Partial<DoGParams> = {}): Promise<Keypoint[]> {
  const p = { ...DEFAULT_DOG_PARAMS, ...params };
  validateDoGParams(p);
  const octaves = await buildScaleSpace(image, p, (0.5 * p.contrastThreshold) / p.nLayers);
  return octaves.flatMap((oct) => octaveKeypoints(oct, p));
}

/**
 * detectDoG then describeKeypoints on one shared scale space (half the work of calling both):
 * keypoints and their (N × 128) float32 SIFT descriptors.
 */
export async function detectAndDescribe(image: Tensor3D, params: Partial<DoGParams> = {}): Promise<{ keypoints: Keypoint[]; descriptors: Float32Array }> {
  const p = { ...DEFAULT_DOG_PARAMS, ...params };
  validateDoGParams(p);
  const octaves = await buildScaleSpace(image, p, (0.5 * p.contrastThreshold) / p.nLayers);
  const keypoints = octaves.flatMap((oct) => octaveKeypoints(oct, p));
  return { keypoints, descriptors: describeFromScaleSpace(octaves, keypoints, p) };
}
