/**
 * DAISY.
 * Reference: E. Tola, V. Lepetit and P. Fua, "DAISY: An efficient dense descriptor applied to wide-baseline
 * stereo", IEEE Transactions on Pattern Analysis and Machine Intelligence 32(5):815–830, 2010.
 * Constants the paper leaves open follow Tola's reference code (libdaisy, kept in OpenCV contrib as
 * xfeatures2d/src/daisy.cpp).
 *
 * H orientation maps G_o = (∂I/∂o)⁺, o = 2πh/H, are smoothed by Gaussians of growing Σ_i = R·i/(2Q),
 * incrementally (G_{Σ_i} = G_{Σ_{i−1}} * g(√(Σ_i² − Σ_{i−1}²))). The descriptor of a pixel reads the
 * Σ₁ maps at the pixel and at T petals on ring 1 (radius R/Q), the Σ_i maps at T petals on ring i (radius
 * R·i/Q), bilinearly, and normalises each H-bin histogram to unit length.
 *
 * Layout (D = (Q·T + 1)·H, 200 by default): element g·H + h is orientation bin h (direction 2πh/H + θ,
 * x right, y down) of grid point g: g = 0 the centre, g = 1 + (i − 1)·T + j petal j (at angle 2πj/T + θ) of
 * ring i — Tola's order. θ is 0 (orientation 'none'), the fixed offset ('fixed'), or each pixel's dominant
 * orientation θ(x) ('dominant', ./daisy/oriented.ts).
 */
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { toGray, windowConv } from '../tf/padding';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';
import { daisyGrid, ringSigmas, tolaKernelRadius } from './daisy/grid';
import { normaliseDescriptors, type DaisyNormalization } from './daisy/normalise';
import { blurChannels } from './daisy/blur';
import { sampleGrid } from './daisy/sample';
import { daisyOrientation, sampleOriented } from './daisy/oriented';

/** How the layout is turned: not at all, by one fixed offset everywhere, or to each pixel's dominant orientation. */
export type DaisyOrientation = 'none' | 'fixed' | 'dominant';

export interface DaisyParams extends Record<string, number | string> {
  radius: number;
  rings: number;
  petals: number;
  orientations: number;
  normalization: DaisyNormalization;
  orientation: DaisyOrientation;
  offset: number;
}

const MAX_DIM = 600;

const specs: readonly ParamSpec[] = [
  { kind: 'number', name: 'radius', label: 'Radius R', help: 'Radius of the outer ring in pixels. Ring i lies at R·i/Q and is smoothed by Σ_i = R·i/(2Q).', min: 2, max: 40, step: 1 },
  { kind: 'int', name: 'rings', label: 'Rings Q', help: 'Number of rings of petals around the centre.', min: 1, max: 6 },
  { kind: 'int', name: 'petals', label: 'Petals T', help: 'Histograms per ring, evenly spaced in angle.', min: 1, max: 16 },
  { kind: 'int', name: 'orientations', label: 'Orientations H', help: 'Orientation bins per histogram. D = (Q·T + 1)·H.', min: 2, max: 16 },
  {
    kind: 'choice',
    name: 'normalization',
    label: 'Normalisation',
    help: 'partial: each histogram to unit length (the paper\'s default; the vector has norm √(Q·T+1)). full: the whole vector. sift: whole vector, clipped at 0.154 and renormalised. none: raw.',
    options: ['partial', 'full', 'sift', 'none'],
  },
  {
    kind: 'choice',
    name: 'orientation',
    label: 'Orientation',
    help: 'none: upright everywhere. fixed: the layout and the bins turned by the offset below. dominant: turned at every pixel to its dominant gradient orientation θ(x) (Lowe\'s 36-bin histogram, window σ = R/3): rotation invariant, slower.',
    options: ['none', 'fixed', 'dominant'],
  },
  { kind: 'number', name: 'offset', label: 'Orientation offset (°)', help: 'With orientation "fixed": turns the petal layout and the orientation bins by this angle (clockwise on screen): the image turned by θ, described with offset θ, gives the same descriptor at the corresponding pixel. Ignored otherwise.', min: -180, max: 180, step: 1, shownWhen: { param: 'orientation', oneOf: ['fixed'] } },
];
const defaults: DaisyParams = { radius: 15, rings: 3, petals: 8, orientations: 8, normalization: 'partial', orientation: 'none', offset: 0 };

/** The one offset (degrees) the whole image is turned by: the offset in 'fixed' mode, else 0. */
export const fixedOffset = (p: DaisyParams) => (p.orientation === 'fixed' ? p.offset : 0);

/**
 * Params saved before the orientation mode existed gave the offset as a number in `orientation`
 * (command lines, stored sessions, links, the fixture): read { orientation: θ } as { orientation: 'fixed',
 * offset: θ } (or 'none' for 0).
 */
function upgradeLegacy(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  // A link's query string carries the number as text (p.orientation=30).
  const deg = typeof r.orientation === 'string' && r.orientation.trim() !== '' ? Number(r.orientation) : r.orientation;
  if (typeof deg !== 'number' || !Number.isFinite(deg) || r.offset !== undefined) return raw;
  return { ...r, orientation: deg === 0 ? 'none' : 'fixed', offset: deg };
}

/** The layout as drawn and sampled before any per-pixel turn: upright, or turned by the fixed offset. */
export const geometryOf = (p: DaisyParams) => ({ radius: p.radius, rings: p.rings, petals: p.petals, orientation: fixedOffset(p) });

const dimOf = (p: DaisyParams) => (p.rings * p.petals + 1) * p.orientations;

/** Gaussian blur with libdaisy's kernel size (int(5σ) made odd) instead of 4σ truncation. */
function tolaBlur(x: Tensor3D, sigma: number, radius = tolaKernelRadius(sigma)): Tensor3D {
  return blurChannels(x, sigma, radius);
}

/**
 * The H half-rectified directional derivatives of the grey image, (H, W, 1) → (H, W, nBins):
 * channel h = max(0, cos(o_h)·∂I/∂x + sin(o_h)·∂I/∂y), o_h = 2πh/nBins + offset, with central differences
 * (libdaisy: Sobel of aperture 1 scaled by ½). The differences come first (one 3×3 conv) and are mixed by a
 * 1×1 conv, so that a flat region gives exactly 0 rather than rounding noise that normalisation would blow up.
 */
function orientationMaps(gray: Tensor3D, nBins: number, offsetDeg: number): Tensor3D {
  // Kernel [dy][dx][in][out] reads pixel (x + dx − 1, y + dy − 1); out 0 = ∂I/∂x, out 1 = ∂I/∂y.
  const diff = new Float32Array(9 * 2);
  diff[(1 * 3 + 2) * 2] = 0.5;
  diff[(1 * 3 + 0) * 2] = -0.5;
  diff[(2 * 3 + 1) * 2 + 1] = 0.5;
  diff[(0 * 3 + 1) * 2 + 1] = -0.5;
  const mix = new Float32Array(2 * nBins);
  for (let h = 0; h < nBins; h++) {
    const o = (2 * Math.PI * h) / nBins + (offsetDeg * Math.PI) / 180;
    mix[h] = Math.cos(o);
    mix[nBins + h] = Math.sin(o);
  }
  return tf.tidy(() => {
    const grad = tf.expandDims(windowConv(gray, 3, tf.tensor4d(diff, [3, 3, 1, 2])), 0) as Tensor4D;
    return tf.squeeze(tf.relu(tf.conv2d(grad, tf.tensor4d(mix, [1, 1, 2, nBins]), 1, 'valid')), [0]) as Tensor3D;
  });
}

/**
 * The Q smoothed levels of orientation maps, each (H, W, nBins): level i holds G * g(Σ_{i+1}) on top of
 * libdaisy's preprocessing (image blurred by σ = 0.5, maps brought to σ = 1.6 as in SIFT).
 */
function smoothedLevels(grey: Tensor3D, p: DaisyParams): Tensor3D[] {
  return tf.tidy(() => {
    const gray = tolaBlur(grey, 0.5, 2); // libdaisy: GaussianBlur(5×5, 0.5)
    let level = tolaBlur(orientationMaps(gray, p.orientations, fixedOffset(p)), Math.sqrt(1.6 * 1.6 - 0.25));
    const levels: Tensor3D[] = [];
    let prev = 0;
    for (const sigma of ringSigmas(p.radius, p.rings)) {
      level = tolaBlur(level, Math.sqrt(sigma * sigma - prev * prev));
      levels.push(level);
      prev = sigma;
    }
    return levels;
  });
}

export const daisy: Descriptor<DaisyParams> = {
  id: 'daisy',
  label: 'DAISY',
  family: 'hand-crafted',
  citation: 'E. Tola, V. Lepetit and P. Fua, "DAISY: An efficient dense descriptor applied to wide-baseline stereo", IEEE TPAMI 32(5):815–830, 2010.',
  summary:
    'Half-rectified gradients in H directions, Gaussian-smoothed more with distance and read at a centre and Q rings of T petals; each H-bin histogram normalised to unit length (the vector has norm √(Q·T+1)). Compared by Euclidean distance, as in the paper.',
  deviations: [
    'Computed on the BT.601 grey level (0.299R + 0.587G + 0.114B) of the RGB input.',
    'Where the paper is silent it follows Tola\'s reference code (libdaisy): the image is blurred by σ = 0.5 (5×5) before central differences, the orientation maps are brought to σ = 1.6 (blur of √(1.6² − 0.25)) before the ring Gaussians Σ_i = R·i/(2Q) are applied on top, incrementally, and every Gaussian has int(5σ) taps made odd (≈ ±2.5σ). scikit-image leaves the undocumented pre-smoothing out; this implementation keeps it.',
    'Borders: Gaussian smoothing repeats the edge pixel (as libdaisy); petals are read by bilinear interpolation of the smoothed maps taken as zero outside the image, so a petal more than a pixel outside gives a zero histogram and one within a pixel of the edge a partial one. libdaisy instead zeroes every petal whose centre is not inside [0, W−1) × [0, H−1).',
    'Orientation "fixed": the offset steers the derivative directions exactly (bin h at 2πh/H + θ) instead of interpolating linearly between the bins of θ = 0 as libdaisy does; the two agree when θ is a multiple of 360°/H.',
    'Orientation "dominant": the paper says how to compute the descriptor at an orientation θ (turn the grid, circularly shift the histograms) but not how to choose θ per pixel; its code (libdaisy compute_orientations, marked experimental) does. Here θ(x) is Lowe\'s 36-bin histogram of gradient orientations (each sample split linearly between its two nearest bins, weighted by magnitude and by a Gaussian window of σ = R/3 made of three box means, gradients of the grey level smoothed by σ = 0.5), smoothed six times by circular [⅓ ⅓ ⅓] and its peak refined by a parabola, as libdaisy — the histogram code oriented dense SIFT uses (which does not smooth). libdaisy instead fills its 36 bins with its own half-rectified directional derivatives (∂I/∂o)⁺ rather than magnitudes split between the two nearest bins, blurs with a true Gaussian, and rounds θ to whole degrees; here θ stays continuous.',
    'Orientation "dominant": each petal is read by bilinear interpolation at its position turned by θ(x), and the histograms are shifted by θ·H/2π bins with linear interpolation between the two nearest whole-bin shifts (as libdaisy, which precomputes the grid for each whole degree); the petal positions are exact, the shift is exact only at multiples of 360°/H. Flat regions (no gradient) get θ = 0. No per-pixel scale (libdaisy\'s compute_scales).',
    'Histograms whose norm is below 1e-10 are divided by 1e-10 (an all-zero histogram stays zero) instead of being left alone only when exactly zero.',
  ],
  invariances: ['translation', 'illumination'],
  invariancesFor: (p) => (p.orientation === 'dominant' ? ['translation', 'rotation', 'illumination'] : ['translation', 'illumination']),
  metric: 'l2',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) =>
    validateAgainstSpec('daisy', specs, defaults, upgradeLegacy(raw), (p) => {
      if (p.radius < p.rings) return `radius must be at least rings (ring spacing R/Q ≥ 1 pixel), got R = ${p.radius}, Q = ${p.rings}`;
      if (dimOf(p) > MAX_DIM) return `(rings·petals + 1)·orientations = ${dimOf(p)} exceeds ${MAX_DIM}`;
      return undefined;
    }),
  dim: dimOf,
  radius: (p) => Math.ceil(p.radius),
  pattern: (p) => {
    // Σ per level: the centre and ring 1 share Σ₁ (the accumulated smoothing before it is not drawn).
    const sigmas = ringSigmas(p.radius, p.rings);
    const points = daisyGrid(geometryOf(p)).map((g) => ({ x: g.dx, y: g.dy, r: sigmas[g.level] }));
    const turn = p.orientation === 'dominant' ? ', turned to each pixel\'s dominant orientation θ(x)' : p.orientation === 'fixed' ? `, turned by ${p.offset}°` : '';
    return { points, caption: `${points.length} histograms of ${p.orientations} orientations: the centre and ${p.rings} rings of ${p.petals} petals${turn}; circles show each ring's Gaussian Σ.` };
  },
  describe: (image, p) => {
    const [h, w] = image.shape;
    const grey = toGray(image);
    const levels = smoothedLevels(grey, p);
    const theta = p.orientation === 'dominant' ? daisyOrientation(grey, p.radius) : null;
    grey.dispose();
    const rows = theta ? sampleOriented(levels, daisyGrid(geometryOf(p)), theta, p.radius) : sampleGrid(levels, daisyGrid(geometryOf(p)), p.radius);
    tf.dispose(levels);
    theta?.dispose();
    const out = tf.tidy(() => tf.reshape(normaliseDescriptors(rows, p.normalization, dimOf(p)), [h, w, dimOf(p)]) as Tensor3D);
    rows.dispose();
    return out;
  },
};
