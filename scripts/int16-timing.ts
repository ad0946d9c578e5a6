/**
 * The int16 nearest-neighbour kernel (src/engine/match/quantized/) on real float descriptors: patch, SIFT and
 * DAISY on the benchmark's 640×480 motorcycle crops, stride 4 on both grids (19 200 × 19 200 pairs). Prints, per
 * descriptor, the WebAssembly SIMD kernel at several source rows per pass, the plain-JS fallback (on a tenth of
 * the rows, scaled up) and the tfjs matMul search on wasm (once), with GMAC/s, and how far int16 departs from
 * float32: best indices changed, mutual matches before and after.
 * Run: npx tsx scripts/int16-timing.ts [--repeats 3] [--descriptors patch,sift,daisy] [--blocks 4,2,8] [--wides 1,2]
 * (blocks: source rows per pass; wides: target groups of 4 per step)
 */
import '../src/engine/tf/registerNode';
import { benchCrops, timeWallAndCpu } from './kernelTiming';
import { activateBackend, backendOrder } from '../src/engine/tf/backends';
import { NODE_ENVIRONMENT } from '../src/engine/tf/registerNode';
import { tf, type Tensor2D } from '../src/engine/tf';
import { BENCH_CROP } from '../src/engine/bench/suite';
import { flatIndices, gridPoints } from '../src/engine/core/grid';
import { getDescriptor } from '../src/engine/descriptors/registry';
import { describeDense, disposeMap, gatherRows } from '../src/engine/match/descriptorMap';
import { nearestNeighbours, type NearestResult } from '../src/engine/match/nearest';
import { quantizePair } from '../src/engine/match/quantized/quantize';
import { NONE } from '../src/engine/match/quantized/int16Module';
import { jsInt16Search, wasmInt16Search, type Int16Search } from '../src/engine/match/quantized/searchRows';
import { CHUNK_MACS } from '../src/engine/match/quantized/nearestInt16';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const repeats = Number(opt('--repeats', '3'));
const cases = opt('--descriptors', 'patch,sift,daisy').split(',');
const blocks = opt('--blocks', '4,2,8').split(',').map(Number);
const wides = opt('--wides', '1').split(',').map(Number);
const STRIDE = 4;

await activateBackend(backendOrder('wasm', NODE_ENVIRONMENT));
const [left, right] = benchCrops();
const time = (f: () => Promise<unknown> | unknown, runs = repeats, warmUp = true) => timeWallAndCpu(f, runs, warmUp);

function runAll(make: () => Int16Search, rows: number, macsPerRow: number): NearestResult {
  const s = make();
  const chunk = Math.max(1, Math.floor(CHUNK_MACS / macsPerRow));
  for (let r0 = 0; r0 < rows; r0 += chunk) s.run(r0, Math.min(rows, r0 + chunk));
  return s.result();
}

const mutualCount = (r: NearestResult) => r.index.reduce((c, j, i) => c + (r.reverseIndex[j] === i ? 1 : 0), 0);
const changed = (a: NearestResult, b: NearestResult, rows: number) => a.index.subarray(0, rows).reduce((c, j, i) => c + (j !== b.index[i] ? 1 : 0), 0);

const f0 = (v: number) => v.toFixed(0);
console.log(`Node ${process.version}, wasm; ${BENCH_CROP.width}×${BENCH_CROP.height}, stride ${STRIDE}; medians of ${repeats}`);
console.log('| descriptor | kernel | wall ms | CPU ms | GMAC/s (wall) | best index changed vs float32 | mutual (float32 → this) |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
for (const c of cases) {
  const d = getDescriptor(c);
  const p = d.validateParams({});
  const [ma, mb] = [left, right].map((img) => describeDense(img, d, p));
  const sp = gridPoints(ma.width, ma.height, STRIDE);
  const tp = gridPoints(mb.width, mb.height, STRIDE);
  const a = gatherRows(ma, flatIndices(sp, ma.width)) as Tensor2D;
  const b = gatherRows(mb, flatIndices(tp, mb.width)) as Tensor2D;
  const [n, dim] = a.shape;
  const m = b.shape[0];
  const label = `${d.id} (${dim})`;
  const macs = n * m * dim;
  let expected: NearestResult | undefined;
  const tm = await time(async () => { expected = await nearestNeighbours(a, b); }, 1, false);
  const tq = await time(async () => quantizePair((await a.data()) as Float32Array, n, (await b.data()) as Float32Array, m, dim, NONE));
  const q = quantizePair((await a.data()) as Float32Array, n, (await b.data()) as Float32Array, m, dim, NONE);
  const row = (kernel: string, t: { wall: number; cpu: number }, r: NearestResult | undefined, rows: number) =>
    console.log(`| ${label} | ${kernel} | ${f0(t.wall)} | ${f0(t.cpu)} | ${(macs / (t.wall * 1e6)).toFixed(2)} | ${r ? `${changed(r, expected!, rows)} of ${rows}` : '–'} | ${r && rows === n ? `${mutualCount(expected!)} → ${mutualCount(r)}` : '–'} |`);
  row('tfjs matMul float32 (nearest.ts), one run', tm, expected, n);
  for (const wide of wides) {
    const qw = quantizePair((await a.data()) as Float32Array, n, (await b.data()) as Float32Array, m, dim, NONE, wide);
    for (const block of blocks) {
      let r: NearestResult | undefined;
      const t = await time(() => { r = runAll(() => wasmInt16Search(qw, block, wide)!, n, m * 2 * q.pairs); });
      row(`int16 wasm SIMD, ${block} rows × ${4 * wide} targets per step`, t, r, n);
    }
  }
  console.log(`| ${label} | quantisation (both maps, scale 2^${Math.log2(q.scale)}) | ${f0(tq.wall)} | ${f0(tq.cpu)} | – | – | – |`);
  const part = Math.ceil(n / 20);
  let r: NearestResult | undefined;
  const tj = await time(() => { r = runAll(() => jsInt16Search(q), part, m * 2 * q.pairs); }, 1);
  row(`int16 plain JS (${part} rows, ×${(n / part).toFixed(1)})`, { wall: (tj.wall * n) / part, cpu: (tj.cpu * n) / part }, r, part);
  tf.dispose([a, b]);
  disposeMap(ma);
  disposeMap(mb);
}
