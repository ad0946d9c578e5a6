/**
 * UCN as a dense descriptor: the unit-length output of the fully convolutional network at every pixel.
 * Reference: C. B. Choy, J. Gwak, S. Savarese, M. Chandraker, "Universal Correspondence Network", NIPS 2016.
 *
 * Variants as in the paper's ablation: RN (trained with random negatives), HN (hard negatives mined on the
 * fly), HN-ST (hard negatives and the convolutional spatial transformer). Weights: public/models/ucn-{rn,hn,hn-st},
 * trained here by `npx matchscope train --model ucn --variant V` (see each card.md and docs/learned.md).
 * `tuned`: weights fine-tuned on the loaded pair (learned/ucn/fineTune.ts), handed over with `setTunedUcn`;
 * they live only as long as the engine that holds them (a worker, a CLI run with --model-dir).
 */
import { tf, type Tensor3D } from '../../tf';
import { loadModelWeights, type NamedWeights } from '../../learned/modelFiles';
import type { MobileNetV2 } from '../../learned/mobilenetV2';
import { gridOffsets } from '../../learned/ucn/cst';
import { denseUcn, prepareUcnBackbone, ucnBackbone, ucnDir, ucnFromNamed, ucnHead, ucnTensors, UCN_DIM, UCN_STRIDE, UCN_VARIANTS, type UcnVariant, type UcnWeights } from '../../learned/ucn/model';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from '../contract';

export type UcnChoice = UcnVariant | 'tuned';

export interface UcnParams extends Record<string, string> {
  variant: UcnChoice;
}

/** `variant: 'tuned'` before any tuning was handed over (e.g. after a reload or an engine restart). */
export class NoTunedModelError extends Error {
  override name = 'NoTunedModelError';
}

const specs: readonly ParamSpec[] = [
  {
    kind: 'choice', name: 'variant', label: 'Variant',
    help: 'rn: trained with random negatives; hn: with hard negatives (nearest neighbours in feature space beyond 8 px); hn-st: hard negatives and the convolutional spatial transformer (per-cell rotation and scale); tuned: the model fine-tuned on this pair (Fine-tune panel; kept only in this tab).',
    options: [...UCN_VARIANTS, 'tuned'],
  },
];
const defaults: UcnParams = { variant: 'hn' };

let backbone: MobileNetV2 | undefined;
const heads = new Map<UcnVariant, { from: NamedWeights; weights: UcnWeights }>();
let tuned: UcnWeights | null = null;

/** Hands over fine-tuned weights as `variant: 'tuned'` (null forgets them). Callers drop maps described with the old ones. */
export function setTunedUcn(w: UcnWeights | null): void {
  tuned = w;
}

/** The tuned weights held now, if any. */
export const tunedUcn = (): UcnWeights | null => tuned;

/** The trained weights of a shipped variant (a fine-tuning's starting point). */
export async function ucnWeightsOf(variant: UcnVariant): Promise<UcnWeights> {
  await prepareUcn({ variant });
  return heads.get(variant)!.weights;
}

async function prepareUcn(p: UcnParams): Promise<void> {
  backbone = await prepareUcnBackbone();
  if (p.variant === 'tuned') {
    if (!tuned) throw new NoTunedModelError('ucn: no fine-tuned model in this engine (it is lost on reload or engine restart); run "Fine-tune on this pair" or choose rn, hn or hn-st');
    return;
  }
  const named = await loadModelWeights(ucnDir(p.variant));
  if (heads.get(p.variant)?.from !== named) heads.set(p.variant, { from: named, weights: ucnFromNamed(p.variant, named) });
}

function loaded(p: UcnParams): { model: MobileNetV2; weights: UcnWeights } {
  const weights = p.variant === 'tuned' ? tuned : heads.get(p.variant)?.weights;
  if (!backbone || !weights) throw new Error(`ucn: the ${p.variant} weights are not loaded; await descriptor.prepare() before describe`);
  return { model: backbone, weights };
}

/** In: (H, W, 3) RGB in [0, 1]. Out: (H, W, 64) unit vectors. Needs `prepare` to have resolved. */
function describeUcn(image: Tensor3D, p: UcnParams): Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`ucn: expected (H, W, 3), got (${image.shape})`);
  const { model, weights } = loaded(p);
  return tf.tidy(() => denseUcn(model, ucnTensors(weights), image));
}

/**
 * HN-ST's transform at pixels of an image: the rotation φ (radians, clockwise on screen) and scale σ of
 * the cell each pixel lies nearest to. In: (H, W, 3) RGB in [0, 1], points in pixels. Needs `prepare`.
 */
export async function ucnTransformsAt(image: Tensor3D, points: { x: number; y: number }[]): Promise<{ angle: number; scale: number }[]> {
  const { model, weights } = loaded({ variant: 'hn-st' });
  const net = ucnTensors(weights);
  const [features, angleT, scaleT] = tf.tidy(() => {
    const r = ucnHead(net, ucnBackbone(model, image));
    return [r.features, r.transform!.angle, r.transform!.scale];
  });
  const [h, w] = features.shape;
  const [angle, scale] = [await angleT.data(), await scaleT.data()];
  [features, angleT, scaleT].forEach((t) => t.dispose());
  [net.conv1, net.conv2, net.theta!].forEach((l) => { l.kernel.dispose(); l.bias.dispose(); });
  const cell = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.round((v - UCN_STRIDE + 1) / UCN_STRIDE)));
  return points.map((q) => { const k = cell(q.y, h) * w + cell(q.x, w); return { angle: angle[k], scale: scale[k] }; });
}

export const ucn: Descriptor<UcnParams> = {
  id: 'ucn',
  label: 'UCN (trained here)',
  family: 'learned',
  citation: 'C. B. Choy, J. Gwak, S. Savarese, M. Chandraker, "Universal Correspondence Network", NIPS 2016.',
  summary: `A fully convolutional network (frozen ImageNet MobileNetV2 to stride ${UCN_STRIDE}, then trained 3×3 layers; HN-ST adds the convolutional spatial transformer) with channel-wise L2 normalisation, trained with the correspondence contrastive loss; ${UCN_DIM}-D, compared by Euclidean distance (cosine on unit vectors).`,
  deviations: [
    `Backbone: MobileNetV2 blocks 0–2 (ImageNet, nsfwjs 4.4.0, frozen; stride ${UCN_STRIDE}, 24 channels) instead of GoogLeNet's first layers; only two 3×3 layers (24→32→${UCN_DIM}) and the θ head are trained.`,
    'The transformer regresses rotation and scale only (no full affine; φ = π·tanh, σ = 2^tanh, its raw output damped ×0.1 so Adam does not saturate it), on a 3×3 patch of cells, and follows the first trained layer rather than GoogLeNet\'s conv2.',
    'Trained here for a few hundred Adam steps (≤ 5 min on two shared CPU cores) on 128×128 synthetic warps (rotation ±60°, scale, shear, projective, photometric) of five photographs, instead of KITTI, Sintel or PASCAL; the shared pairs are never used in training.',
    'Margin m = 1 on unit vectors; negatives farther than 8 px (the paper: 16 px on KITTI); K = 3 nearest neighbours mined per positive.',
    'Cells are upsampled bilinearly to every pixel and re-normalised; the image is zero-padded at the bottom and right to a multiple of 4.',
  ],
  invariances: ['translation', 'rotation', 'scale', 'illumination'],
  metric: 'cosine',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('ucn', specs, defaults, raw),
  dim: () => UCN_DIM,
  radius: () => 2 * UCN_STRIDE,
  pattern: (p) => {
    const { u, v } = gridOffsets();
    const points = u.map((x, k) => ({ x: x * UCN_STRIDE, y: v[k] * UCN_STRIDE }));
    return {
      points,
      caption: (p.variant === 'tuned' ? tuned?.variant : p.variant) === 'hn-st'
        ? `The transformer's 3×3 sampling grid of cells (${UCN_STRIDE} px apart at σ = 1), turned by φ and scaled by σ at each cell.`
        : `The last layer's 3×3 grid of cells, ${UCN_STRIDE} px apart, upright at every pixel (no transformer in this variant).`,
    };
  },
  prepare: (p) => prepareUcn(p),
  describe: (image, p) => describeUcn(image, p),
};
