/** The built-in pairs shipped in public/samples (credits in public/samples/CREDITS.md). */
export interface SamplePair {
  id: string;
  label: string;
  source: string;
  target: string;
  credit: string;
  /** Ground-truth homography file (source → target, 9 numbers row-major), when the pair has one. */
  homography?: string;
}

const base = import.meta.env.BASE_URL;

export const SAMPLES: readonly SamplePair[] = [
  {
    id: 'motorcycle',
    label: 'Motorcycle (stereo, Middlebury 2014)',
    source: `${base}samples/motorcycle/left.png`,
    target: `${base}samples/motorcycle/right.png`,
    credit: 'Scharstein et al., GCPR 2014 (Middlebury 2014 “Motorcycle”, ×4 downsampled)',
  },
  {
    id: 'graffiti',
    label: 'Graffiti 1→3 (viewpoint, Oxford)',
    source: `${base}samples/graffiti/graf1.png`,
    target: `${base}samples/graffiti/graf3.png`,
    credit: 'Mikolajczyk et al., IJCV 2005 (Oxford affine “Graffiti”, images 1 and 3)',
    homography: `${base}samples/graffiti/H1to3.txt`,
  },
];

export const DEFAULT_SAMPLE_ID = 'motorcycle';
