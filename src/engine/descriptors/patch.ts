/**
 * Raw colour patch: the k×k window of RGB values around a pixel, concatenated. With k = 5 it is the
 * lecture's "simple 75-D feature descriptor" ∪_{j∈N_i} (R_j, G_j, B_j)ᵀ.
 * Reference: D. Min, lecture slide "Local Image Descriptors"; compared by sum of squared differences (SSD),
 * the oldest block-matching cost.
 *
 * Layout: element (dy·k + dx)·3 + c holds channel c of the pixel (x + dx − r, y + dy − r), r = (k − 1)/2.
 */
import { windowStack } from '../tf/padding';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';

export interface PatchParams extends Record<string, number> {
  size: number;
}

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'size', label: 'Window k', help: 'Side of the square window in pixels (odd). D = 3k².', min: 1, max: 15, odd: true },
];
const defaults: PatchParams = { size: 5 };

export const patch: Descriptor<PatchParams> = {
  id: 'patch',
  label: 'Raw patch (k×k×3)',
  family: 'hand-crafted',
  citation: 'Raw colour window compared by SSD: the "simple 75-D feature descriptor" (5×5) of the lecture behind Matchscope (D. Min).',
  summary: 'The colours of the k×k window around the pixel, unnormalised, so two vectors differ by the SSD of the windows.',
  deviations: ['Windows that cross the image border repeat the edge pixel (OpenCV BORDER_REPLICATE).'],
  invariances: ['translation'],
  metric: 'l2',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('patch', specs, defaults, raw),
  dim: (p) => 3 * p.size * p.size,
  radius: (p) => (p.size - 1) / 2,
  pattern: (p) => {
    const r = (p.size - 1) / 2;
    const cells = Array.from({ length: p.size * p.size }, (_, i) => ({ x: (i % p.size) - r, y: Math.floor(i / p.size) - r, size: 1 }));
    return { cells, caption: `${p.size}×${p.size} pixels, each contributing R, G, B (row-major).` };
  },
  describe: (image, p) => windowStack(image, p.size),
};
