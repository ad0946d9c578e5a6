import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../tf';
import { mulberry32 } from '../../core/random';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { randomTexture } from '../../testing/images';
import { initConvNet } from './convNet';
import { copyPatch, greyPhoto } from './patchPairs';
import { loadPatchNet, twoChannelWindowQuery } from './pairQuery';
import { scorePairs, TWO_CHANNEL_PATCH, TWO_CHANNEL_SPEC } from './twoChannel';
import { setModelFileReader } from '../modelFiles';
import type { RgbImage } from '../../core/image';

const w = initConvNet(TWO_CHANNEL_SPEC, mulberry32(2));
const a = randomTexture(20, 15, 3);
const b = randomTexture(22, 16, 4);

/** The 2ch score of a's (x, y) against b's (u, v), built by hand: stacked channels, one pass. */
async function direct(x: number, y: number, u: number, v: number): Promise<number> {
  const P = TWO_CHANNEL_PATCH;
  const [pa, pb] = [new Float32Array(P * P), new Float32Array(P * P)];
  copyPatch(greyPhoto(a), x, y, P, pa, 0);
  copyPatch(greyPhoto(b), u, v, P, pb, 0);
  const s = tf.tidy(() => scorePairs(w, tf.expandDims(tf.concat([tf.tensor3d(pa, [P, P, 1]), tf.tensor3d(pb, [P, P, 1])], 2), 0) as tf.Tensor4D));
  const out = (await s.data())[0];
  s.dispose();
  return out;
}

describe.each(NODE_BACKENDS)('2-channel window query on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('one pass per pixel of the clipped window, NaN outside it, each score the network on that stacked pair', async () => {
    const r = await twoChannelWindowQuery(w, a, 2, 3, b, 5);
    expect(r.window).toEqual({ x0: 0, y0: 0, x1: 7, y1: 8 });
    expect(r.passes).toBe(8 * 9);
    let inside = 0;
    r.scores.forEach((s, i) => {
      const [x, y] = [i % 22, Math.floor(i / 22)];
      const within = x <= 7 && y <= 8;
      expect(Number.isNaN(s)).toBe(!within);
      if (within) inside++;
    });
    expect(inside).toBe(72);
    for (const [u, v] of [[0, 0], [7, 8], [3, 5]]) expect(r.scores[v * 22 + u]).toBeCloseTo(await direct(2, 3, u, v), 4);
    expect(r.scores[r.bestY * 22 + r.bestX]).toBe(r.max);
    expect(r.networkMs).toBeGreaterThan(0);
  });

  it('refuses a point outside the image and a radius out of range; leaves no tensor behind', async () => {
    await expect(twoChannelWindowQuery(w, a, 20, 0, b, 4)).rejects.toThrow(/outside/);
    await expect(twoChannelWindowQuery(w, a, 0, 0, b, 65)).rejects.toThrow(/radius/);
    expect(await leakedTensors(() => twoChannelWindowQuery(w, a, 10, 7, b, 6))).toBe(0);
  });
});

describe('2-channel shipped weights', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    setModelFileReader((p) => readFile(new URL(p, new URL('../../../../public/models/', import.meta.url))));
  });

  it('find a shifted copy of the clicked patch in its window, within a pixel', async () => {
    // Right = left shifted by (5, −3): left (x, y) ↔ right (x − 5, y + 3).
    const tex = randomTexture(70, 60, 9);
    const crop = (x0: number, y0: number): RgbImage => {
      const data = new Float32Array(50 * 40 * 3);
      for (let y = 0; y < 40; y++) data.set(tex.data.subarray(((y + y0) * 70 + x0) * 3, ((y + y0) * 70 + x0 + 50) * 3), y * 50 * 3);
      return { width: 50, height: 40, data };
    };
    const [l, r] = [crop(10, 10), crop(15, 7)];
    const net = await loadPatchNet('2ch');
    let hits = 0;
    const points = [[20, 15], [25, 20], [30, 18], [22, 25], [28, 12]];
    for (const [x, y] of points) {
      const q = await twoChannelWindowQuery(net, l, x, y, r, 8);
      // Two max pools make the output coarse: the peak may sit a pixel off the exact shift.
      if (Math.abs(q.bestX - (x - 5)) <= 1 && Math.abs(q.bestY - (y + 3)) <= 1) hits++;
    }
    expect(hits).toBe(points.length);
  });
});
