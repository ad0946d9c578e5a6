/**
 * MC-CNN fast as a dense descriptor: the normalised output of the siamese tower at every pixel.
 * Reference: J. Žbontar and Y. LeCun, "Stereo matching by training a convolutional neural network to
 * compare image patches", JMLR 17, 2016 (fast architecture; first in CVPR 2015).
 *
 * Weights: public/models/mccnn, trained here by `npx matchscope train --model mccnn` on the motorcycle
 * pair (rows above the held-out bottom fifth); see its card.md. As trained so far it is a good scanline
 * cost but a poor global descriptor, and barely better than its random initialisation: docs/learned.md.
 */
import type { Tensor3D } from '../../tf';
import { loadModelWeights, type NamedWeights } from '../../learned/modelFiles';
import { denseMcCnn, MCCNN_DIR, MCCNN_LAYERS, MCCNN_MAPS, MCCNN_RADIUS, mcCnnFromNamed, type McCnnWeights } from '../../learned/mccnn/model';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from '../contract';

export type McCnnParams = Record<string, never>;

const specs: readonly ParamSpec[] = [];
const defaults: McCnnParams = {};

let loaded: { from: NamedWeights; weights: McCnnWeights } | undefined;

async function prepareMcCnn(): Promise<void> {
  const named = await loadModelWeights(MCCNN_DIR);
  if (loaded?.from !== named) loaded = { from: named, weights: mcCnnFromNamed(named) };
}

/** In: (H, W, 3) RGB in [0, 1]. Out: (H, W, F) unit vectors. Needs `prepare` to have resolved. */
function describeMcCnn(image: Tensor3D): Tensor3D {
  if (!loaded) throw new Error('mccnn: the weights are not loaded; await descriptor.prepare() before describe');
  return denseMcCnn(loaded.weights, image);
}

export const mccnn: Descriptor<McCnnParams> = {
  id: 'mccnn',
  label: 'MC-CNN fast (trained here)',
  family: 'learned',
  citation: 'J. Žbontar and Y. LeCun, "Stereo matching by training a convolutional neural network to compare image patches", Journal of Machine Learning Research 17, 2016.',
  summary: `A ${MCCNN_LAYERS}-layer 3×3 convolutional tower over the standardised grey ${2 * MCCNN_RADIUS + 1}×${2 * MCCNN_RADIUS + 1} patch around each pixel, trained with a hinge loss on cosine similarities of matching and non-matching stereo patches; compared by cosine similarity.`,
  deviations: [
    `${MCCNN_MAPS} feature maps per layer instead of the paper's 64, to train on a shared CPU in minutes.`,
    'Trained on a single pair (Middlebury Motorcycle at quarter resolution, its top four fifths) for a few hundred steps with Adam, instead of the KITTI or Middlebury training sets for 14 epochs with SGD and momentum; no data augmentation.',
    'Whole-pixel offsets for the positive and negative examples (defaults dataset_pos 0, dataset_neg_low 2, dataset_neg_high 6), where the paper samples real-valued ones for Middlebury.',
    'Used as a general dense descriptor (any pixel against any pixel); the paper compares only along the epipolar line and follows the network with cost aggregation, semi-global matching and refinement, none of which is here.',
    'Outside the image the standardised grey level is 0 (the image mean).',
  ],
  invariances: ['translation', 'illumination'],
  metric: 'cosine',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('mccnn', specs, defaults, raw),
  dim: () => MCCNN_MAPS,
  radius: () => MCCNN_RADIUS,
  pattern: () => {
    const r = MCCNN_RADIUS;
    const cells = [];
    for (let y = -r; y <= r; y++) for (let x = -r; x <= r; x++) cells.push({ x, y, size: 1 });
    return { cells, caption: `The ${2 * r + 1}×${2 * r + 1} grey patch the tower sees (${MCCNN_LAYERS} valid 3×3 convolutions shrink it to one vector).` };
  },
  prepare: () => prepareMcCnn(),
  describe: (image) => describeMcCnn(image),
};
