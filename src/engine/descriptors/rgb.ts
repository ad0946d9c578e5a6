/**
 * RGB: the colour of one pixel as a 3-D vector, the lecture's "simple 3-D feature descriptor" (R_i, G_i, B_i)ᵀ.
 * Reference: D. Min, "Deep learning based feature extraction for semantic correspondence" (lecture), slide
 * "Local Image Descriptors". It is the baseline every other descriptor must beat.
 */
import { tf } from '../tf';
import { validateAgainstSpec, type Descriptor } from './contract';

export type RgbParams = Record<string, never>;

export const rgb: Descriptor<RgbParams> = {
  id: 'rgb',
  label: 'RGB (3-D)',
  family: 'hand-crafted',
  citation: 'Pixel colour (R, G, B)ᵀ: the "simple 3-D feature descriptor" of the lecture behind Matchscope (D. Min).',
  summary: 'The colour of the pixel itself, values in [0, 1]. No context at all, so it only works where colours are unique.',
  deviations: ['None: the descriptor is the pixel. Alpha is composited on black before it is read.'],
  invariances: ['translation'],
  metric: 'l2',
  params: [],
  defaultParams: {},
  validateParams: (raw) => validateAgainstSpec('rgb', [], {}, raw),
  dim: () => 3,
  radius: () => 0,
  pattern: () => ({ cells: [{ x: 0, y: 0, size: 1 }], caption: 'The pixel itself.' }),
  describe: (image) => tf.clone(image),
};
