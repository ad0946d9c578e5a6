import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import { useBackend } from '../../testing/backends';
import { randomTexture } from '../../testing/images';
import { candidatePixels, sampleTriples, type StereoPair } from './stereoPatches';
import { trainMcCnn, type TrainOptions } from './trainMcCnn';
import { mulberry32 } from '../../core/random';
import { MCCNN_PATCH } from '../mccnn/model';

/** A textured left image and a right image shifted by a constant disparity D: left (x, y) ↔ right (x − D, y). */
const D = 5;
function syntheticPair(w: number, h: number): StereoPair {
  const tex = randomTexture(w + D, h, 11);
  const grey = (x: number, y: number) => tex.data[(y * (w + D) + x) * 3];
  const left = new Float32Array(w * h);
  const right = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      left[y * w + x] = (grey(x, y) - 0.5) * 4;
      right[y * w + x] = (grey(x + D, y) - 0.5) * 4;
    }
  }
  const disparity = new Float32Array(w * h).fill(D);
  disparity[0] = Infinity;
  return { width: w, height: h, left, right, disparity };
}

const sampling = { pos: 0, negLow: 2, negHigh: 6 };
const options = (o: Partial<TrainOptions>): TrainOptions => ({
  steps: 30, seed: 7, batch: 32, learningRate: 3e-3, margin: 0.2, sampling,
  train: { from: 0, to: 30 }, validation: { from: 36, to: 48 }, validationSize: 128, reportEvery: 10, ...o,
});

describe('MC-CNN examples', () => {
  it('positives sit at x − d + o_pos, negatives 2–6 px further along the row', () => {
    const pair = syntheticPair(40, 20);
    const cands = candidatePixels(pair, { from: 0, to: 20 }, sampling);
    expect(cands.includes(0)).toBe(false);
    // Every candidate leaves room for the farthest negative: x − D − 6 − 4 ≥ 0.
    for (const p of cands) expect(p % 40).toBeGreaterThanOrEqual(D + 10);
    const t = sampleTriples(pair, cands, sampling, 50, mulberry32(1));
    const size = MCCNN_PATCH * MCCNN_PATCH;
    for (let i = 0; i < 50; i++) {
      // o_pos = 0 and the pair is an exact shift: the positive patch equals the left patch.
      expect(t.positive.subarray(i * size, (i + 1) * size)).toEqual(t.left.subarray(i * size, (i + 1) * size));
      expect(t.negative.subarray(i * size, (i + 1) * size)).not.toEqual(t.left.subarray(i * size, (i + 1) * size));
    }
  });
});

describe('MC-CNN training (smoke)', () => {
  beforeAll(() => useBackend('wasm'));

  it('the loss decreases, validation accuracy is high, nothing leaks, and a seed repeats the run exactly', async () => {
    const pair = syntheticPair(64, 48);
    const before = tf.memory().numTensors;
    const a = await trainMcCnn(pair, options({}));
    expect(tf.memory().numTensors).toBe(before);
    expect(a.stepsDone).toBe(30);
    expect(a.curve.map((p) => p.step)).toEqual([10, 20, 30]);
    expect(a.curve[2].loss).toBeLessThan(a.curve[0].loss);
    expect(a.curve[2].validationAccuracy).toBeGreaterThan(0.9);
    const b = await trainMcCnn(pair, options({ steps: 10 }));
    expect(b.curve[0].loss).toBe(a.curve[0].loss);
    expect(b.weights.kernels[0].subarray(0, 4)).not.toEqual(new Float32Array(4));
  });

  it('stops when cancelled', async () => {
    await expect(trainMcCnn(syntheticPair(64, 48), options({ signal: { aborted: true } }))).rejects.toThrow(/cancelled/);
  });
});
