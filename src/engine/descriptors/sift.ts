/**
 * Dense SIFT.
 * Reference: D. G. Lowe, "Distinctive image features from scale-invariant keypoints", International Journal
 * of Computer Vision 60(2), 2004 (descriptor: §6.1; orientation assignment: §5). Dense sampling as in
 * VLFeat's vl_dsift / vl_phow (A. Vedaldi and B. Fulkerson, VLFeat, 2008), which the golden fixture uses.
 *
 * Every pixel gets Lowe's 4×4×8 descriptor at one fixed scale: 4×4 spatial bins of `binSize` (b) pixels
 * centred at offsets ±b/2, ±3b/2 from the pixel, each an 8-bin histogram of gradient orientations.
 * Gradient magnitude is split linearly between the two nearest orientation bins and bilinearly between the
 * nearest spatial bins (Lowe's trilinear interpolation), weighted by a Gaussian window of σ = 2b (half the
 * descriptor width; applied as one weight per spatial bin, see the deviations), then normalised to unit
 * length, clamped at 0.2 and renormalised.
 *
 * Layout: element (j·4 + i)·8 + t is spatial bin row j (top to bottom, y = (j − 1.5)·b), column i (left to
 * right, x = (i − 1.5)·b), orientation t, i.e. orientation fastest, as in Lowe's and VLFeat's code.
 * Orientation t covers angles around 2πt/8, measured from +x towards +y with y pointing DOWN the image rows
 * (t = 2 is a gradient pointing down, brightness increasing downwards) — VLFeat's convention.
 *
 * How it is computed, all as convolutions: grey level, replicate padding (once), Gaussian pre-smoothing and
 * central differences; the 8 magnitude-weighted orientation maps are convolved with a separable triangle of
 * half-width b (bilinear spatial binning; two box means per axis, exactly); one dilated depthwise conv
 * (dilation b, 4×4 taps, weights w_i·w_j) gathers the 16 bin centres into 128 channels; one transpose puts
 * orientation fastest. With `oriented`, see ./sift/oriented.ts.
 */
import { tf, type Tensor2D, type Tensor3D } from '../tf';
import { toGray } from '../tf/padding';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';
import { binOffset, ORIENTATION_BINS, rotatedSupportRadius, smoothingSigma, SPATIAL_BINS, supportRadius } from './sift/geometry';
import { andThen, gatheredSqNorm, gatherBins, normaliseClipRenormalise, orientationMaps, paddedGradients, toBinMajor, triangleBlur } from './sift/histograms';
import { orientedSift } from './sift/oriented';

export interface SiftParams extends Record<string, number | boolean> {
  binSize: number;
  sigma: number;
  oriented: boolean;
}

const DIM = SPATIAL_BINS * SPATIAL_BINS * ORIENTATION_BINS;

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'binSize', label: 'Bin size (px)', help: 'Side of one of the 4×4 spatial bins; the descriptor spans 4 bins. Keypoint scale = binSize / 3.', min: 2, max: 16 },
  {
    kind: 'number', name: 'sigma', label: 'Pre-smoothing σ', min: -1, max: 8, step: 0.1,
    help: 'Gaussian blur before the gradients. −1: automatic, √((binSize/3)² − 0.25) as vl_phow; 0: none.',
  },
  { kind: 'bool', name: 'oriented', label: 'Rotate to dominant orientation', help: "Turn each pixel's grid to the peak of its 36-bin orientation histogram (rotation invariant, slower)." },
];
const defaults: SiftParams = { binSize: 4, sigma: -1, oriented: false };

/**
 * Axis-aligned dense SIFT of a grey (H, W, 1) image smoothed by σ: (H·W, 128), unit length (zero where the
 * support has no gradient). The grey image is replicate-padded once and every conv after that is 'valid',
 * so the result is exactly H × W.
 */
function axisAlignedSift(grey: Tensor3D, b: number, sigma: number): Tensor2D {
  const [h, w] = grey.shape;
  const { mag, angle } = paddedGradients(grey, sigma, supportRadius(b));
  const maps = orientationMaps(mag, angle, ORIENTATION_BINS);
  mag.dispose();
  angle.dispose();
  const binned = andThen(maps, (m) => triangleBlur(m, b, b % 2 === 1));
  const sqNorm = tf.tidy(() => tf.reshape(gatheredSqNorm(binned, b), [h * w, 1]) as Tensor2D);
  const hist = toBinMajor(andThen(binned, (x) => gatherBins(x, b)));
  return normaliseClipRenormalise(hist, sqNorm);
}

export const sift: Descriptor<SiftParams> = {
  id: 'sift',
  label: 'SIFT (dense)',
  family: 'hand-crafted',
  citation: 'D. G. Lowe, "Distinctive image features from scale-invariant keypoints", IJCV 60(2), 2004.',
  summary:
    'At every pixel, 4×4 spatial bins × 8 gradient-orientation bins (128-D), Gaussian-windowed, unit length with entries clamped at 0.2; compared by cosine.',
  deviations: [
    'Dense: one descriptor per pixel at a single fixed scale (bin size), with no difference-of-Gaussians keypoint detection and no scale selection, as in VLFeat\'s vl_dsift; so there is no scale invariance.',
    'Computed on the BT.601 grey level, pre-smoothed by a Gaussian of σ = √((binSize/3)² − 0.25) by default (vl_phow\'s rule, which assumes the image already carries 0.5 px of blur) instead of the Gaussian scale-space level of a detected keypoint.',
    'The Gaussian window (σ = 2·binSize, half the descriptor width) is applied per spatial bin, not per sample: each bin is multiplied by the triangle-weighted mean of the window over the pixels feeding it (as VLFeat\'s flat-window option does with a plain mean). Exact for a uniform gradient field (cosine 0.9957 or better with VLFeat\'s per-sample window on the fixture); it lets the 128 channels come from one 16-tap dilated conv of the triangle-binned maps instead of per-bin separable kernels of 5·binSize − 1 taps (measured on wasm at 741×500: ≈ 0.2 s instead of ≈ 1.5 s).',
    'The descriptor centre is always a pixel; with an odd bin size the bin centres fall on half pixels and the triangle weights are evaluated there exactly.',
    'Pixels beyond the image border repeat the edge pixel, so descriptors near the border see a constant extension; Lowe only describes keypoints whose window is inside the image.',
    'A histogram with no gradient at all (a flat region) stays the zero vector instead of being normalised.',
    'Rotation invariance only with "oriented" on; then each pixel keeps only the highest orientation peak (Lowe adds a keypoint for every peak within 80 % of it).',
    'Oriented: the 36-bin orientation histogram splits each sample linearly between its two nearest 10° bins (Lowe adds it to one bin) and is not smoothed; its Gaussian window (σ = 1.5 × binSize/3) is approximated by three box means per axis (Kovesi 2010), whose σ is within 8 % of it for binSize ≥ 3 (16 % at 2).',
    'Oriented: the rotated bins are read by bilinear interpolation of the axis-aligned, triangle-binned maps at the rotated bin centres (each bin\'s spatial weight is an axis-aligned tent smoothed by the bilinear read, not a rotated tent), and θ₀ is subtracted from gradient orientations by interpolating linearly between the two nearest 45° shifts of the orientation bins: exact at multiples of 45°, a blurrier orientation weighting in between (cosine 0.98–0.99 with the by-definition rotated descriptor at θ₀ ≈ 22° past a multiple of 45°; the spatial part alone agrees to 0.9995).',
  ],
  invariances: ['translation', 'rotation', 'illumination'],
  metric: 'cosine',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) =>
    validateAgainstSpec('sift', specs, defaults, raw, (p) =>
      p.sigma < 0 && p.sigma !== -1 ? `sigma must be −1 (automatic) or ≥ 0, got ${p.sigma}` : undefined,
    ),
  dim: () => DIM,
  radius: (p) => (p.oriented ? rotatedSupportRadius(p.binSize) : supportRadius(p.binSize)),
  pattern: (p) => {
    const b = p.binSize;
    const cells = Array.from({ length: SPATIAL_BINS * SPATIAL_BINS }, (_, k) => ({
      x: binOffset(k % SPATIAL_BINS, b),
      y: binOffset(Math.floor(k / SPATIAL_BINS), b),
      size: b,
    }));
    const turn = p.oriented ? ', turned to each pixel\'s dominant orientation' : '';
    return {
      cells,
      points: [{ x: 0, y: 0, r: 2 * b }],
      caption: `4×4 spatial bins of ${b} px, each an 8-bin orientation histogram (row-major, orientation fastest); circle: Gaussian window σ = ${2 * b} px${turn}.`,
    };
  },
  describe: (image, p) =>
    tf.tidy(() => {
      const [h, w, c] = image.shape;
      if (c !== 3) throw new Error(`sift: expected an (H, W, 3) image, got (${image.shape})`);
      const sigma = smoothingSigma(p.binSize, p.sigma);
      const grey = toGray(image);
      const rows = p.oriented ? orientedSift(grey, p.binSize, sigma) : axisAlignedSift(grey, p.binSize, sigma);
      grey.dispose();
      return andThen(rows, (r) => tf.reshape(r, [h, w, DIM]) as Tensor3D);
    }),
};
