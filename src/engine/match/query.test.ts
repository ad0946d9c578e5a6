import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryPoint, scoreQuery } from './query';
import { describeDense, disposeMap, type DescriptorMap } from './descriptorMap';
import { scoreFromSqDist, type Metric } from './metric';
import { getDescriptor } from '../descriptors/registry';
import { randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { tf, type Tensor1D } from '../tf';

/** The query as it was computed before the host pass: every elementwise op on the backend. */
async function queryOnBackend(from: DescriptorMap, x: number, y: number, to: DescriptorMap, metric: Metric) {
  const sq = tf.tidy(() => {
    const q = tf.reshape(tf.gather(from.rows, tf.tensor1d([y * from.width + x], 'int32')), [from.dim, 1]);
    const dot = tf.reshape(tf.matMul(to.rows, q), [-1]);
    return tf.relu(tf.sub(tf.add(to.sqNorms, tf.sum(tf.square(q))), tf.mul(dot, 2))) as Tensor1D;
  });
  const d2 = (await sq.data()) as Float32Array;
  sq.dispose();
  let best = 0;
  for (let i = 1; i < d2.length; i++) if (d2[i] < d2[best]) best = i;
  return { best, scores: Float32Array.from(d2, (v) => scoreFromSqDist(metric, v)) };
}

describe('scoreQuery (the host pass)', () => {
  it('computes relu(‖b‖² + ‖a‖² − 2a·b) in float32, the first argmin, min/max and exact ties', () => {
    // Norms 4, 1, 9, 1 with ‖a‖² = 1 and a·b = 2, 1, 0, 1: d² = 1, 0, 10, 0 → l2 scores 1, 0, √10, 0.
    const r = scoreQuery(Float32Array.from([2, 1, 0, 1]), Float32Array.from([4, 1, 9, 1]), 1, 'l2', 0, 0, 2, 2);
    expect(Array.from(r.scores)).toEqual([1, 0, Math.fround(Math.sqrt(10)), 0]);
    expect([r.bestX, r.bestY, r.bestScore, r.ties]).toEqual([1, 0, 0, 2]);
    expect([r.min, r.max]).toEqual([0, Math.sqrt(10)]);
  });

  it('clamps a negative d² (rounding) to 0 and maps cosine so that higher is better', () => {
    // ‖b‖² = ‖a‖² = 1, a·b = 1.0000001 → d² < 0 in float32 → 0 → cosine 1.
    const r = scoreQuery(Float32Array.from([1.0000001, 0]), Float32Array.from([1, 1]), 1, 'cosine', 3, 4, 2, 1);
    expect(Array.from(r.scores)).toEqual([1, 0]);
    expect([r.bestX, r.bestY, r.bestScore, r.ties, r.min, r.max]).toEqual([0, 0, 1, 1, 0, 1]);
  });
});

describe.each(NODE_BACKENDS)('queryPoint on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const img = randomTexture(40, 30, 5, false);
  const other = randomTexture(40, 30, 6, false);
  const maps: DescriptorMap[] = [];
  afterAll(() => maps.forEach(disposeMap));

  it.each(['patch', 'census', 'sift'])('equals the all-on-backend query with %s', async (id) => {
    const d = getDescriptor(id);
    const p = d.validateParams({});
    const a = describeDense(img, d, p);
    const b = describeDense(other, d, p);
    maps.push(a, b);
    for (const [x, y] of [[0, 0], [17, 11], [39, 29]]) {
      const ref = await queryOnBackend(a, x, y, b, d.metric);
      const got = await queryPoint(a, x, y, b, d.metric);
      expect(got.bestY * got.width + got.bestX).toBe(ref.best);
      let worst = 0;
      for (let i = 0; i < ref.scores.length; i++) worst = Math.max(worst, Math.abs(got.scores[i] - ref.scores[i]));
      // ‖a‖² comes from the map's row norms instead of a second reduction: at most a few float32 ulps apart.
      expect(worst).toBeLessThan(1e-4 * Math.max(1, got.max));
      const self = await queryPoint(a, x, y, a, d.metric);
      expect([self.bestX, self.bestY]).toEqual([x, y]);
    }
  });

  it('leaves no tensor behind and hands back a buffer of its own (transferable without a copy)', async () => {
    const d = getDescriptor('patch');
    const a = describeDense(img, d, d.validateParams({}));
    maps.push(a);
    let r: Awaited<ReturnType<typeof queryPoint>> | undefined;
    expect(await leakedTensors(async () => { r = await queryPoint(a, 5, 5, a, d.metric); })).toBe(0);
    expect(r!.scores.buffer.byteLength).toBe(40 * 30 * 4);
  });
});
