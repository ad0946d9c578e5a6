import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor3D, type Tensor4D } from '../../tf';
import { mulberry32 } from '../../core/random';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { randomTexture } from '../../testing/images';
import { decodeWeights } from '../modelFiles';
import { denseMcCnn, initMcCnn, layerShape, MCCNN_MAPS, MCCNN_PATCH, MCCNN_RADIUS, mcCnnFromNamed, serialiseMcCnn, standardisedGray, towerOnPatches, type McCnnWeights } from './model';

/** Random weights with non-zero biases, so a mistake in either pass shows. */
function randomWeights(seed: number): McCnnWeights {
  const w = initMcCnn(mulberry32(seed));
  const rnd = mulberry32(seed + 100);
  return { kernels: w.kernels, biases: w.biases.map((b) => b.map(() => 0.2 * (rnd() - 0.5))) };
}

describe('MC-CNN weights', () => {
  it('round-trip through the model-folder format', () => {
    const w = randomWeights(3);
    const { manifest, bytes } = serialiseMcCnn(w);
    const back = mcCnnFromNamed(decodeWeights(manifest, bytes));
    w.kernels.forEach((k, i) => expect(back.kernels[i]).toEqual(k));
    w.biases.forEach((b, i) => expect(back.biases[i]).toEqual(b));
    expect(back.kernels[1].length).toBe(layerShape(1).reduce((a, b) => a * b, 1));
  });
});

describe.each(NODE_BACKENDS)('MC-CNN tower on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('the dense pass equals the patch pass at every interior pixel', async () => {
    const w = randomWeights(5);
    const img = randomTexture(20, 16, 9);
    const leaked = await leakedTensors(async () => {
      const input = tf.tensor3d(img.data, [16, 20, 3]) as Tensor3D;
      const dense = denseMcCnn(w, input);
      const denseRows = (await dense.data()) as Float32Array;
      const g = standardisedGray(input);
      // Every 9×9 window of the standardised image is one patch: (8·12) interior pixels.
      const patches: tf.Tensor[] = [];
      const r = MCCNN_RADIUS;
      for (let y = r; y < 16 - r; y++) for (let x = r; x < 20 - r; x++) patches.push(tf.slice(g, [y - r, x - r, 0], [MCCNN_PATCH, MCCNN_PATCH, 1]));
      const net = { kernels: w.kernels.map((k, i) => tf.tensor4d(k, layerShape(i))), biases: w.biases.map((b) => tf.tensor1d(b)) };
      const stacked = tf.stack(patches) as Tensor4D;
      const out = towerOnPatches(net, stacked);
      const rows = (await out.data()) as Float32Array;
      let k = 0;
      let worst = 0;
      for (let y = r; y < 16 - r; y++) {
        for (let x = r; x < 20 - r; x++, k++) {
          for (let c = 0; c < MCCNN_MAPS; c++) worst = Math.max(worst, Math.abs(rows[k * MCCNN_MAPS + c] - denseRows[(y * 20 + x) * MCCNN_MAPS + c]));
        }
      }
      expect(worst).toBeLessThan(1e-5);
      [input, dense, g, stacked, out, ...patches, ...net.kernels, ...net.biases].forEach((t) => t.dispose());
    });
    expect(leaked).toBe(0);
  });
});
