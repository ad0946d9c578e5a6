import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor3D } from '../tf';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { mulberry32 } from '../core/random';
import { upsampleCells } from './upsample';

/** Plain bilinear reference: pixel x sits at u = (x − offset)/stride cells, clamped to [0, n − 1]. */
function reference(map: Float32Array, h: number, w: number, d: number, height: number, width: number, s: number, o: number): Float32Array {
  const tap = (p: number, n: number) => {
    const u = Math.min(Math.max((p - o) / s, 0), n - 1);
    const i0 = Math.floor(u);
    return [i0, Math.min(i0 + 1, n - 1), u - i0];
  };
  const out = new Float32Array(height * width * d);
  for (let y = 0; y < height; y++) {
    const [y0, y1, ay] = tap(y, h);
    for (let x = 0; x < width; x++) {
      const [x0, x1, ax] = tap(x, w);
      for (let c = 0; c < d; c++) {
        const at = (i: number, j: number) => map[(i * w + j) * d + c];
        out[(y * width + x) * d + c] = (1 - ay) * ((1 - ax) * at(y0, x0) + ax * at(y0, x1)) + ay * ((1 - ax) * at(y1, x0) + ax * at(y1, x1));
      }
    }
  }
  return out;
}

describe.each(NODE_BACKENDS)('upsampleCells on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([[4, 3, 13, 11], [8, 7, 30, 17], [16, 15, 33, 48], [1, 0, 5, 4]])('stride %i, offset %i to %i×%i matches plain bilinear', async (s, o, height, width) => {
    const h = Math.ceil(height / s), w = Math.ceil(width / s), d = 3;
    const rnd = mulberry32(s);
    const values = Float32Array.from({ length: h * w * d }, () => rnd());
    const ref = reference(values, h, w, d, height, width, s, o);
    let got: Float32Array = new Float32Array();
    const leaked = await leakedTensors(async () => {
      const map = tf.tensor3d(values, [h, w, d]);
      const up = upsampleCells(map as Tensor3D, height, width, s, o);
      expect(up.shape).toEqual([height, width, d]);
      got = (await up.data()) as Float32Array;
      map.dispose();
      up.dispose();
    });
    expect(leaked).toBe(0);
    expect(ref.reduce((m, v, i) => Math.max(m, Math.abs(v - got[i])), 0)).toBeLessThan(1e-5);
  });
});
