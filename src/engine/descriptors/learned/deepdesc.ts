/**
 * DeepDesc as a dense descriptor: the siamese tower applied fully convolutionally, upsampled to every pixel.
 * Reference: E. Simo-Serra, E. Trulls, L. Ferraz, I. Kokkinos, P. Fua, F. Moreno-Noguer, "Discriminative
 * learning of deep convolutional feature point descriptors", ICCV 2015.
 *
 * Weights: public/models/deepdesc, trained here by `npx matchscope train --model deepdesc` on synthetic
 * warps of three photographs (scripts/patchnet/photos); see its card.md. Compared by L2 distance, as trained.
 */
import type { Tensor3D } from '../../tf';
import { loadModelWeights, type NamedWeights } from '../../learned/modelFiles';
import { convNetFromNamed, type ConvNetWeights } from '../../learned/patchnet/convNet';
import { DEEPDESC_DIM, DEEPDESC_DIR, DEEPDESC_MARGIN, DEEPDESC_PATCH, DEEPDESC_RADIUS, DEEPDESC_SPEC, DEEPDESC_STRIDE, denseDeepDesc } from '../../learned/patchnet/deepdesc';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from '../contract';

export type DeepDescParams = Record<string, never>;

const specs: readonly ParamSpec[] = [];
const defaults: DeepDescParams = {};

let loaded: { from: NamedWeights; weights: ConvNetWeights } | undefined;

async function prepareDeepDesc(): Promise<void> {
  const named = await loadModelWeights(DEEPDESC_DIR);
  if (loaded?.from !== named) loaded = { from: named, weights: convNetFromNamed(DEEPDESC_SPEC, named) };
}

/** In: (H, W, 3) RGB in [0, 1]. Out: (H, W, 128). Needs `prepare` to have resolved. */
function describeDeepDesc(image: Tensor3D): Tensor3D {
  if (!loaded) throw new Error('deepdesc: the weights are not loaded; await descriptor.prepare() before describe');
  return denseDeepDesc(loaded.weights, image);
}

const layers = DEEPDESC_SPEC.map((l) => `${l.k}×${l.k}·${l.cout}`).join(', ');

export const deepdesc: Descriptor<DeepDescParams> = {
  id: 'deepdesc',
  label: 'DeepDesc (siamese, L2; trained here)',
  family: 'learned',
  citation: 'E. Simo-Serra, E. Trulls, L. Ferraz, I. Kokkinos, P. Fua, F. Moreno-Noguer, "Discriminative learning of deep convolutional feature point descriptors", ICCV 2015.',
  summary: `A three-layer convolutional tower (${layers}, tanh, L2 pooling) over the standardised grey ${DEEPDESC_PATCH}×${DEEPDESC_PATCH} patch, trained as a siamese pair with the hinge embedding loss and hard mining of positives and negatives; run over the whole image at stride ${DEEPDESC_STRIDE} and upsampled; compared by L2 distance.`,
  deviations: [
    `${DEEPDESC_PATCH}×${DEEPDESC_PATCH} patches and kernels 4×4, 5×5, 5×5 with 2×2 L2 pools instead of the paper's 64×64 patches, 7×7, 6×6, 5×5 kernels and 2×2, 3×3, 4×4 pools, so that it trains on a shared CPU in minutes; no subtractive normalisation layers.`,
    'Trained on synthetic warps (rotation ±25°, scale ×1.25, shear, perspective, gamma and gain) of three photographs, only 39 steps of Adam (11 minutes on a heavily shared CPU), instead of the multi-view-stereo patches of Brown et al. (Liberty, Notre Dame, Yosemite) for many epochs with SGD: barely trained, see docs/learned.md.',
    `Hinge margin C = ${DEEPDESC_MARGIN}; mining ratio 4 for positives and negatives alike (forward 4× the batch, backpropagate the hardest quarter of each).`,
    `Dense: the tower runs fully convolutionally (a cell is exactly the tower on its patch), giving one vector every ${DEEPDESC_STRIDE} px, upsampled bilinearly to every pixel; the paper describes keypoint patches, scale- and orientation-normalised.`,
    'Inputs are standardised per image (grey minus the image mean, over its deviation), not per patch; outside the image the standardised level is 0.',
  ],
  invariances: ['translation', 'illumination'],
  metric: 'l2',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('deepdesc', specs, defaults, raw),
  dim: () => DEEPDESC_DIM,
  radius: () => DEEPDESC_RADIUS,
  pattern: () => {
    const r = DEEPDESC_RADIUS;
    const s = DEEPDESC_STRIDE;
    const points = [-1, 0, 1].flatMap((i) => [-1, 0, 1].map((j) => ({ x: j * s, y: i * s })));
    return { cells: [{ x: 0, y: 0, size: 2 * r + 1 }], points, caption: `The ${2 * r + 1}×${2 * r + 1} grey patch the tower sees; tower outputs every ${s} px (dots), interpolated bilinearly between them.` };
  },
  prepare: () => prepareDeepDesc(),
  describe: (image) => describeDeepDesc(image),
};
