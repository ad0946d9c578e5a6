import { describe, expect, it } from 'vitest';
import { tf, type Tensor3D } from '../../tf';
import '../../tf/gradients';
import { leakedTensors, NODE_BACKENDS, useBackend } from '../../testing/backends';
import { mulberry32 } from '../../core/random';
import { bilinearAt, convolutionalSpatialTransformer, gatherRows, gridOffsets, transformFromRaw } from './cst';

const rand = (n: number, seed: number) => { const r = mulberry32(seed); return Float32Array.from({ length: n }, () => 2 * r() - 1); };
const H = 6, W = 7, C = 4, D = 5;

function fields(angle: number, scale: number) {
  return { angle: tf.fill([H, W], angle) as tf.Tensor2D, scale: tf.fill([H, W], scale) as tf.Tensor2D };
}

/** Plain-JS bilinear CST output at (i, j): Σ over the k×k grid of kernel · map(sampled point), zero outside. */
function referenceAt(map: Float32Array, kernel: Float32Array, bias: Float32Array, i: number, j: number, phi: number, sigma: number): number[] {
  const { u, v } = gridOffsets();
  const at = (y: number, x: number, c: number) => (y < 0 || x < 0 || y >= H || x >= W ? 0 : map[(y * W + x) * C + c]);
  const out = Array.from(bias);
  u.forEach((_, t) => {
    const x = j + sigma * (Math.cos(phi) * u[t] - Math.sin(phi) * v[t]);
    const y = i + sigma * (Math.sin(phi) * u[t] + Math.cos(phi) * v[t]);
    const x0 = Math.floor(x), y0 = Math.floor(y), fx = x - x0, fy = y - y0;
    for (let c = 0; c < C; c++) {
      const val = (at(y0, x0, c) * (1 - fx) + at(y0, x0 + 1, c) * fx) * (1 - fy) + (at(y0 + 1, x0, c) * (1 - fx) + at(y0 + 1, x0 + 1, c) * fx) * fy;
      for (let d = 0; d < D; d++) out[d] += val * kernel[(t * C + c) * D + d];
    }
  });
  return out;
}

describe.each(NODE_BACKENDS)('convolutional spatial transformer on %s', (backend) => {
  it('with the identity θ equals an ordinary 3×3 same convolution', async () => {
    await useBackend(backend);
    const map = tf.tensor3d(rand(H * W * C, 1), [H, W, C]);
    const kernel = tf.tensor4d(rand(9 * C * D, 2), [3, 3, C, D]);
    const bias = tf.tensor1d(rand(D, 3));
    const t = transformFromRaw(tf.zeros([H, W, 2]) as Tensor3D);
    const cst = await convolutionalSpatialTransformer(map, t, kernel, bias).data();
    const conv = await tf.add(tf.conv2d(map, kernel, 1, 'same'), bias).data();
    expect(cst.length).toBe(H * W * D);
    for (let k = 0; k < cst.length; k++) expect(cst[k]).toBeCloseTo(conv[k], 5);
  });

  it('a map turned 90° with θ = 90° gives the turned output', async () => {
    await useBackend(backend);
    const S = 6;
    const v = rand(S * S * C, 4);
    const map = tf.tensor3d(v, [S, S, C]);
    // Turned clockwise on screen (y down): new (i, j) = old (S − 1 − j, i).
    const turned = tf.tensor3d(Float32Array.from({ length: v.length }, (_, k) => {
      const c = k % C, j = Math.floor(k / C) % S, i = Math.floor(k / C / S);
      return v[((S - 1 - j) * S + i) * C + c];
    }), [S, S, C]);
    const kernel = tf.tensor4d(rand(9 * C * D, 5), [3, 3, C, D]);
    const bias = tf.tensor1d(rand(D, 6));
    const id = { angle: tf.zeros([S, S]) as tf.Tensor2D, scale: tf.ones([S, S]) as tf.Tensor2D };
    const rot = { angle: tf.fill([S, S], Math.PI / 2) as tf.Tensor2D, scale: tf.ones([S, S]) as tf.Tensor2D };
    const a = await convolutionalSpatialTransformer(map, id, kernel, bias).data();
    const b = await convolutionalSpatialTransformer(turned, rot, kernel, bias).data();
    for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) for (let d = 0; d < D; d++) {
      expect(b[(i * S + j) * D + d]).toBeCloseTo(a[((S - 1 - j) * S + i) * D + d], 4);
    }
  });

  it('matches a plain bilinear reference at 30° and scale 1.3, zeros outside the map', async () => {
    await useBackend(backend);
    const mv = rand(H * W * C, 7), kv = rand(9 * C * D, 8), bv = rand(D, 9);
    const out = await convolutionalSpatialTransformer(tf.tensor3d(mv, [H, W, C]), fields(Math.PI / 6, 1.3), tf.tensor4d(kv, [3, 3, C, D]), tf.tensor1d(bv)).data();
    for (const [i, j] of [[0, 0], [2, 3], [5, 6], [3, 0]]) {
      const ref = referenceAt(mv, kv, bv, i, j, Math.PI / 6, 1.3);
      for (let d = 0; d < D; d++) expect(out[(i * W + j) * D + d]).toBeCloseTo(ref[d], 4);
    }
  });

  it('in bands of rows (large maps) gives the same output as in one piece', async () => {
    await useBackend(backend);
    const map = tf.tensor3d(rand(H * W * C, 14), [H, W, C]);
    const kernel = tf.tensor4d(rand(9 * C * D, 15), [3, 3, C, D]);
    const bias = tf.tensor1d(rand(D, 16));
    const t = transformFromRaw(tf.tensor3d(rand(H * W * 2, 17).map((x) => 3 * x), [H, W, 2]));
    const whole = await convolutionalSpatialTransformer(map, t, kernel, bias).data();
    for (const rows of [1, 2, 4]) {
      const banded = await convolutionalSpatialTransformer(map, t, kernel, bias, rows).data();
      for (let k = 0; k < whole.length; k++) expect(banded[k]).toBeCloseTo(whole[k], 5);
    }
  });

  it('gradients reach θ and the features, and agree with finite differences', async () => {
    await useBackend(backend);
    const map = tf.tensor3d(rand(H * W * C, 10), [H, W, C]);
    const kernel = tf.tensor4d(rand(9 * C * D, 11), [3, 3, C, D]);
    const bias = tf.tensor1d(rand(D, 12));
    const f = (raw: tf.Tensor, m: tf.Tensor) => tf.sum(tf.square(convolutionalSpatialTransformer(m as Tensor3D, transformFromRaw(raw as Tensor3D), kernel, bias))) as tf.Scalar;
    const raw0 = tf.tensor3d(rand(H * W * 2, 13).map((x) => 0.3 * x), [H, W, 2]);
    const [gRaw, gMap] = tf.grads(f)([raw0, map]);
    const g = await gRaw.data();
    expect(Math.max(...Array.from(g, Math.abs))).toBeGreaterThan(1e-3);
    expect(Math.max(...Array.from(await gMap.data(), Math.abs))).toBeGreaterThan(1e-3);
    const eps = 1e-2;
    for (const k of [0, 17, 45]) {
      const bump = (s: number) => tf.add(raw0, tf.mul(tf.reshape(tf.oneHot(tf.tensor1d([k], 'int32'), H * W * 2), [H, W, 2]), s * eps));
      const num = ((await f(bump(1), map).data())[0] - (await f(bump(-1), map).data())[0]) / (2 * eps);
      expect(g[k]).toBeCloseTo(num, 1);
    }
  });

  it('gatherRows sums the gradient of repeated rows; bilinearAt reads zero off the map; no tensor left', async () => {
    await useBackend(backend);
    const leaked = await leakedTensors(async () => {
      const grads = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(gatherRows(t as tf.Tensor2D, tf.tensor1d([1, 1, 0], 'int32'))))(tf.ones([3, 2])));
      expect(Array.from(await grads.data())).toEqual([1, 1, 2, 2, 0, 0]);
      grads.dispose();
      const off = tf.tidy(() => bilinearAt(tf.ones([2, 2, 1]) as Tensor3D, tf.tensor1d([-5, 0.5, 1.5]), tf.tensor1d([0, 0.5, 0])));
      expect(Array.from(await off.data())).toEqual([0, 1, 0.5]);
      off.dispose();
    });
    expect(leaked).toBe(0);
  });
});
