/**
 * Where a click query's time goes, stage by stage, on the bench's 640×480 pair in Node (wasm):
 * gather + matMul + readback on the backend, then the JS pass, and the whole queryPoint, interleaved with
 * the previous all-on-backend query so that both see the same machine load.
 *   npx tsx scripts/query-profile.ts [--descriptors patch,sift] [--queries 30]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '../src/engine/tf/registerNode';
import { tf, type Tensor1D } from '../src/engine/tf';
import { activateBackend, backendOrder } from '../src/engine/tf/backends';
import { NODE_ENVIRONMENT } from '../src/engine/tf/registerNode';
import { BENCH_CROP } from '../src/engine/bench/suite';
import { cropImage } from '../src/engine/core/image';
import { getDescriptor } from '../src/engine/descriptors/registry';
import { describeDense, disposeMap, ensureFinite } from '../src/engine/match/descriptorMap';
import { queryPoint, scoreQuery } from '../src/engine/match/query';
import { decodeImage } from '../src/cli/decodeImage';
import { mulberry32 } from '../src/engine/core/random';
import { scoreFromSqDist, type Metric } from '../src/engine/match/metric';
import type { DescriptorMap } from '../src/engine/match/descriptorMap';

/** The query as it was before (commit 826ebeb): every elementwise op on the backend, then three JS loops. */
async function queryBefore(from: DescriptorMap, x: number, y: number, to: DescriptorMap, metric: Metric) {
  const sq = tf.tidy(() => {
    const q = tf.reshape(tf.gather(from.rows, tf.tensor1d([y * from.width + x], 'int32')), [from.dim, 1]);
    const dot = tf.reshape(tf.matMul(to.rows, q), [-1]);
    return tf.relu(tf.sub(tf.add(to.sqNorms, tf.sum(tf.square(q))), tf.mul(dot, 2))) as Tensor1D;
  });
  const scores = new Float32Array((await sq.data()) as Float32Array);
  sq.dispose();
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] < scores[best]) best = i;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scoreFromSqDist(metric, scores[i]);
    scores[i] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  let ties = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] === scores[best]) ties++;
  return { best, min, max, ties };
}

const args = process.argv.slice(2);
const opt = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
const ids = opt('--descriptors', 'patch,sift').split(',');
const nq = Number(opt('--queries', '30'));
const dir = path.resolve(import.meta.dirname, '../public/samples/motorcycle');
const [a, b] = ['left.png', 'right.png'].map((f) => cropImage(decodeImage(readFileSync(path.join(dir, f))).image, BENCH_CROP.x, BENCH_CROP.y, BENCH_CROP.width, BENCH_CROP.height));
await activateBackend(backendOrder('wasm', NODE_ENVIRONMENT));
const pct = (v: number[], p: number) => [...v].sort((x, y) => x - y)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];
const fmt = (v: number[]) => `p50 ${pct(v, 50).toFixed(1)} p95 ${pct(v, 95).toFixed(1)}`;
for (const id of ids) {
  const d = getDescriptor(id);
  const p = d.validateParams({});
  const ma = await ensureFinite(describeDense(a, d, p));
  const mb = await ensureFinite(describeDense(b, d, p));
  const rand = mulberry32(3);
  const t = { matvec: [] as number[], js: [] as number[], whole: [] as number[], before: [] as number[] };
  const norms = (await mb.sqNorms.data()) as Float32Array;
  await queryPoint(ma, 10, 10, mb, d.metric);
  for (let i = 0; i < nq; i++) {
    const x = Math.floor(rand() * a.width);
    const y = Math.floor(rand() * a.height);
    let t0 = performance.now();
    const dot = tf.tidy(() => tf.reshape(tf.matMul(mb.rows, tf.reshape(tf.gather(ma.rows, tf.tensor1d([y * a.width + x], 'int32')), [ma.dim, 1])), [-1]));
    const raw = (await dot.data()) as Float32Array;
    dot.dispose();
    t.matvec.push(performance.now() - t0);
    t0 = performance.now();
    scoreQuery(raw, norms, 1, d.metric, x, y, a.width, a.height);
    t.js.push(performance.now() - t0);
    t0 = performance.now();
    await queryPoint(ma, x, y, mb, d.metric);
    t.whole.push(performance.now() - t0);
    t0 = performance.now();
    await queryBefore(ma, x, y, mb, d.metric);
    t.before.push(performance.now() - t0);
  }
  console.log(`${id} (D=${ma.dim}, ${a.width}×${a.height}): gather+matMul+readback ${fmt(t.matvec)} ms; JS pass ${fmt(t.js)} ms; whole queryPoint ${fmt(t.whole)} ms (before: ${fmt(t.before)} ms)`);
  disposeMap(ma);
  disposeMap(mb);
}
