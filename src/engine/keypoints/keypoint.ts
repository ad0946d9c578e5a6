/** The keypoint record and detector parameters shared by dog.ts and siftDescriptor.ts. */

export interface Keypoint {
  /** 0-based input pixel coordinates, pixel centres at integers. */
  x: number;
  y: number;
  /** σ of the keypoint in input pixels (OpenCV's size / 2). */
  scale: number;
  /** Radians in [0, 2π), from +x towards +y with y pointing down the rows. */
  angle: number;
  /** |D(x̂)| of the refined extremum, on [0, 1] grey levels. */
  response: number;
  /** Octave of detection: −1 for the upsampled one, then 0, 1, … (pixel spacing 2^octave). */
  octave: number;
  /** Gaussian layer (1 … nLayers) of the octave the keypoint was found on. */
  layer: number;
}

export interface DoGParams {
  /** Base σ of each octave (Lowe: 1.6). */
  sigma0: number;
  /** Scales per octave (Lowe: 3). */
  nLayers: number;
  /** Contrast threshold on |D(x̂)|·nLayers, [0, 1] images (OpenCV: 0.04, i.e. |D(x̂)| ≥ 0.0133; Lowe: 0.03). */
  contrastThreshold: number;
  /** Edge ratio r of Tr²/Det < (r + 1)²/r (Lowe: 10). */
  edgeRatio: number;
  /** Double the image for the first octave (Lowe, OpenCV: yes; here off by default for speed). */
  upsample: boolean;
}

export const DEFAULT_DOG_PARAMS: DoGParams = { sigma0: 1.6, nLayers: 3, contrastThreshold: 0.04, edgeRatio: 10, upsample: false };

export function validateDoGParams(p: DoGParams): void {
  if (!(p.sigma0 > 0.5)) throw new RangeError(`sigma0 must be > 0.5, got ${p.sigma0}`);
  if (!Number.isInteger(p.nLayers) || p.nLayers < 1 || p.nLayers > 8) throw new RangeError(`nLayers must be an integer in 1…8, got ${p.nLayers}`);
  if (!(p.contrastThreshold >= 0)) throw new RangeError(`contrastThreshold must be ≥ 0, got ${p.contrastThreshold}`);
  if (!(p.edgeRatio >= 1)) throw new RangeError(`edgeRatio must be ≥ 1, got ${p.edgeRatio}`);
}
