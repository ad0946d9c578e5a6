import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import { leakedTensors, useBackend } from '../../testing/backends';
import { randomTexture } from '../../testing/images';
import { decodeWeights, setModelFileReader } from '../modelFiles';
import { correspondenceContrastiveLoss, hardNegatives, randomNegatives } from './loss';
import { prepareUcnBackbone, serialiseUcn, ucnFromNamed } from './model';
import { cellCorrespondences, randomWarpPair } from './pairs';
import { trainUcn, type UcnTrainOptions } from './train';
import { mulberry32 } from '../../core/random';

const MODELS = new URL('../../../../public/models/', import.meta.url);

describe('correspondence contrastive loss', () => {
  it('is 1/(2N) Σ s‖a − b‖² + (1 − s) max(0, m − ‖a − b‖)², by hand', async () => {
    await useBackend('cpu');
    // Pairs: positive at distance 0.6, negative at 0.5 (inside m = 1), negative at 1.5 (outside).
    const fa = tf.tensor2d([[0, 0], [0, 0], [0, 0]]);
    const fb = tf.tensor2d([[0.6, 0], [0, 0.5], [1.5, 0]]);
    const loss = await correspondenceContrastiveLoss(fa, fb, tf.tensor1d([1, 0, 0]), 1).data();
    expect(loss[0]).toBeCloseTo((0.36 + 0.25 + 0) / 6, 6);
  });

  it('random negatives lie beyond the pixel margin; hard negatives are the nearest cells beyond it', async () => {
    await useBackend('cpu');
    const negs = randomNegatives([10], [10], 8, 8, 4, 8, 50, mulberry32(1));
    expect(negs.length).toBe(50);
    for (const n of negs) expect(Math.hypot(4 * (n.cell % 8) + 3 - 10, 4 * Math.floor(n.cell / 8) + 3 - 10)).toBeGreaterThan(8);
    // Map of 4 cells (w = 2): the anchor equals cell 3 exactly, cell 0 next; the true match sits at cell 0.
    const map = tf.tensor2d([[0.8, 0.6], [0, 1], [-1, 0], [1, 0]]);
    const hard = await hardNegatives(tf.tensor2d([[1, 0]]), map, [3], [3], 2, 4, 2, 2);
    // Nearest two: cell 3 (centre (7, 7), 5.7 px from the match: kept) and cell 0 (the true match: dropped).
    expect(hard).toEqual([{ anchor: 0, cell: 3 }]);
  });
});

describe('UCN training smoke test (wasm)', () => {
  it('a few steps on tiny warps: the loss falls, the weights save and load back, nothing leaks', async () => {
    await useBackend('wasm');
    setModelFileReader((p) => readFile(new URL(p, MODELS)));
    const backbone = await prepareUcnBackbone();
    const photo = randomTexture(64, 64, 5);
    const o: UcnTrainOptions = {
      variant: 'hn-st', steps: 12, seed: 3, size: 48, pairsPerStep: 1, positives: 48, learningRate: 3e-3, marginPx: 8,
      ranges: { rotationDeg: 10, scale: 1.1, shear: 0, projective: 0, photometric: 0 }, validationPairs: 1, reportEvery: 4,
    };
    let result: Awaited<ReturnType<typeof trainUcn>> | undefined;
    const leaked = await leakedTensors(async () => { result = await trainUcn(backbone, [photo], [randomTexture(64, 64, 6)], o); });
    expect(leaked).toBe(0);
    const curve = result!.curve;
    expect(curve.map((p) => p.step)).toEqual([4, 8, 12]);
    expect(curve[2].loss).toBeLessThan(curve[0].loss);
    // The θ head starts at zero and training moved it.
    expect(result!.weights.theta!.kernel.some((v) => v !== 0)).toBe(true);
    const { manifest, bytes } = serialiseUcn(result!.weights);
    const back = ucnFromNamed('hn-st', decodeWeights(manifest, bytes));
    expect(Array.from(back.conv2.kernel)).toEqual(Array.from(result!.weights.conv2.kernel));
    expect(Array.from(back.theta!.bias)).toEqual(Array.from(result!.weights.theta!.bias));
  }, 60_000);

  it('warp pairs: every correspondence lands inside the target with the homography', () => {
    const p = randomWarpPair(randomTexture(80, 80, 2), 64, { rotationDeg: 45, scale: 1.3, shear: 0.1, projective: 0.1, photometric: 0.3 }, mulberry32(9));
    const c = cellCorrespondences(p, 4, 4);
    expect(c.cells.length).toBeGreaterThan(50);
    for (let k = 0; k < c.xs.length; k++) expect(c.xs[k] >= 4 && c.xs[k] <= 59 && c.ys[k] >= 4 && c.ys[k] <= 59).toBe(true);
    expect(() => randomWarpPair(randomTexture(30, 30, 2), 64, { rotationDeg: 0, scale: 1, shear: 0, projective: 0, photometric: 0 }, mulberry32(1))).toThrow(/cannot give 64×64/);
  });
});
