/**
 * SIFT's descriptor geometry (Lowe 2004, §6.1) as plain numbers: 4×4 spatial bins of `binSize` pixels,
 * 8 orientation bins, a Gaussian window of σ = half the descriptor width. Every kernel and figure of the
 * dense SIFT is built from these, so the code and the documentation cannot drift apart.
 */

/** Spatial bins per side (Lowe's 4×4 array of histograms). */
export const SPATIAL_BINS = 4;
/** Orientation bins per histogram. */
export const ORIENTATION_BINS = 8;
/** Lowe's clamp of the unit vector's entries before renormalising. */
export const CLIP = 0.2;
/** vl_phow's magnification: the bin side is 3× the keypoint scale σ (Lowe's descriptor is 4 bins of 3σ). */
export const MAGNIF = 3;
/** Lowe's orientation histogram (§5): 36 bins of 10°. */
export const ORIENTATION_HIST_BINS = 36;

/** Lowe's orientation window (§5): a Gaussian of σ = 1.5 × the keypoint scale b/3. */
export function orientationWindowSigma(b: number): number {
  return 1.5 * keypointScale(b);
}

/** Offset of spatial bin i (0…3) from the descriptor centre along its axis: (i − 1.5)·b pixels. */
export function binOffset(i: number, b: number): number {
  return (i - (SPATIAL_BINS - 1) / 2) * b;
}

/** Bilinear (triangle) weight of a sample u pixels from a bin centre, for bins b pixels apart. */
export function triangle(u: number, b: number): number {
  return Math.max(0, 1 - Math.abs(u) / b);
}

/** Keypoint scale σ implied by a bin size: b / 3 (vl_phow: binSize = magnif · scale). */
export function keypointScale(b: number): number {
  return b / MAGNIF;
}

/**
 * Pre-smoothing applied before the gradients. `sigma` ≥ 0 is taken as given; −1 means vl_phow's rule
 * √((b/3)² − 0.25): the image is assumed to carry a nominal blur of 0.5 px already, and is brought to the
 * keypoint scale b/3.
 */
export function smoothingSigma(b: number, sigma: number): number {
  return sigma >= 0 ? sigma : Math.sqrt(Math.max(0, keypointScale(b) ** 2 - 0.25));
}

/**
 * The per-bin Gaussian window weights w_i, i = 0…3 (the 2-D weight of bin (i, j) is w_i·w_j).
 * Lowe weights every sample by a Gaussian of σ = half the descriptor width (2b) centred on the keypoint.
 * Here the weight is applied per spatial bin: w_i is the mean of that Gaussian over the pixels that feed
 * bin i, weighted by their triangle weights, so a spatially uniform gradient field gets exactly Lowe's
 * histogram. (vl_dsift's flat window does the same with an unweighted mean over the bin's support.)
 */
export function windowWeights(b: number): Float64Array {
  const sigmaW = (SPATIAL_BINS / 2) * b;
  const w = new Float64Array(SPATIAL_BINS);
  for (let i = 0; i < SPATIAL_BINS; i++) {
    const o = binOffset(i, b);
    let num = 0;
    let den = 0;
    for (let u = Math.floor(o - b); u <= Math.ceil(o + b); u++) {
      const t = triangle(u - o, b);
      num += t * Math.exp(-(u * u) / (2 * sigmaW * sigmaW));
      den += t;
    }
    w[i] = num / den;
  }
  return w;
}

/**
 * The triangle (bilinear) binning as box means: a mean over b pixels applied twice is the triangle
 * (1 − |u|/b)/b exactly, centred b − 1 pixels into its 'valid' window. With `halfShift` (the axis-aligned
 * descriptor with odd b, whose bin centres fall between pixels) a third mean over 2 pixels moves the centre
 * by ½: on each pixel interval the triangle is linear, so (tri(u) + tri(u + 1))/2 = tri(u + ½) exactly.
 * Returns the box widths and where the triangle's centre sits relative to the first input pixel of a window.
 */
export function triangleBoxes(b: number, halfShift: boolean): { widths: number[]; centre: number } {
  return halfShift ? { widths: [b, b, 2], centre: b - 0.5 } : { widths: [b, b], centre: b - 1 };
}

/**
 * Odd box widths whose cascade approximates a Gaussian of standard deviation σ: m boxes of width wl and
 * n − m of wl + 2, m chosen so that the cascade's σ (its variance is Σ (w² − 1)/12) is closest to the target.
 * Ref: P. Kovesi, "Fast almost-Gaussian filtering", DICTA 2010 (the wl / wu split).
 */
export function gaussianBoxes(sigma: number, n = 3): number[] {
  let wl = Math.floor(Math.sqrt((12 * sigma * sigma) / n + 1));
  if (wl % 2 === 0) wl--;
  const widths = (m: number) => Array.from({ length: n }, (_, k) => (k < m ? wl : wl + 2));
  const error = (m: number) => Math.abs(Math.sqrt(widths(m).reduce((v, w) => v + (w * w - 1) / 12, 0)) - sigma);
  let best = n;
  for (let m = n - 1; m >= 0; m--) if (error(m) < error(best)) best = m;
  return widths(best);
}

/** Half-width of the axis-aligned descriptor's support: ⌈2.5·b⌉ − 1 pixels (outer bin centre + triangle). */
export function supportRadius(b: number): number {
  return Math.ceil((SPATIAL_BINS / 2 + 0.5) * b) - 1;
}

/** Half-width of the rotated descriptor's support: the outer bin centre at 1.5·√2·b plus the triangle. */
export function rotatedSupportRadius(b: number): number {
  return Math.ceil(((SPATIAL_BINS - 1) / 2) * Math.SQRT2 * b) + b;
}
