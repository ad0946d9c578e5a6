import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor3D, type Tensor4D } from '../../tf';
import { mulberry32 } from '../../core/random';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { randomTexture } from '../../testing/images';
import { constTensors, forwardConv, initConvNet } from './convNet';
import { DEEPDESC_DIM, DEEPDESC_PATCH, DEEPDESC_SPEC, DEEPDESC_STRIDE, deepDescCells, denseDeepDesc } from './deepdesc';
import { copyPatch, greyPhoto } from './patchPairs';

const weights = initConvNet(DEEPDESC_SPEC, mulberry32(3));

describe.each(NODE_BACKENDS)('DeepDesc fully convolutional on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('the dense map at a cell equals the tower on that cell\'s 31×31 patch, and the upsampled map passes through the cells', async () => {
    const img = randomTexture(45, 37, 8);
    const input = tf.tensor3d(img.data, [37, 45, 3]) as Tensor3D;
    const cells = deepDescCells(weights, input);
    const dense = denseDeepDesc(weights, input);
    // ⌊(H − 1)/4⌋ + 1 cells per side: the last cell centre is the last multiple of 4 inside the image.
    expect(cells.shape).toEqual([10, 12, DEEPDESC_DIM]);
    expect(dense.shape).toEqual([37, 45, DEEPDESC_DIM]);
    const [c, d] = [await cells.data(), await dense.data()];
    const grey = greyPhoto(img);
    // Corners (patches that leave the image, zero outside) and interior cells.
    const at: [number, number][] = [[0, 0], [0, 11], [9, 0], [9, 11], [4, 5], [7, 2]];
    const patches = new Float32Array(at.length * DEEPDESC_PATCH ** 2);
    at.forEach(([i, j], k) => copyPatch(grey, DEEPDESC_STRIDE * j, DEEPDESC_STRIDE * i, DEEPDESC_PATCH, patches, k * DEEPDESC_PATCH ** 2));
    const tower = tf.tidy(() => forwardConv(DEEPDESC_SPEC, constTensors(DEEPDESC_SPEC, weights), tf.tensor4d(patches, [at.length, DEEPDESC_PATCH, DEEPDESC_PATCH, 1]) as Tensor4D));
    expect(tower.shape).toEqual([at.length, 1, 1, DEEPDESC_DIM]);
    const t = await tower.data();
    let worst = 0;
    let worstUp = 0;
    at.forEach(([i, j], k) => {
      for (let ch = 0; ch < DEEPDESC_DIM; ch++) {
        const cell = c[(i * 12 + j) * DEEPDESC_DIM + ch];
        worst = Math.max(worst, Math.abs(cell - t[k * DEEPDESC_DIM + ch]));
        worstUp = Math.max(worstUp, Math.abs(cell - d[(DEEPDESC_STRIDE * i * 45 + DEEPDESC_STRIDE * j) * DEEPDESC_DIM + ch]));
      }
    });
    expect(worst).toBeLessThan(1e-5);
    expect(worstUp).toBeLessThan(1e-5);
    tf.dispose([input, cells, dense, tower]);
  });

  it('leaves no tensor behind; works on a 1×1 image', async () => {
    const leaked = await leakedTensors(async () => {
      const x = tf.tensor3d(new Float32Array(3).fill(0.4), [1, 1, 3]) as Tensor3D;
      const y = denseDeepDesc(weights, x);
      expect(y.shape).toEqual([1, 1, DEEPDESC_DIM]);
      expect((await y.data()).every(Number.isFinite)).toBe(true);
      tf.dispose([x, y]);
    });
    expect(leaked).toBe(0);
  });
});
