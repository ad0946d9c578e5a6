/**
 * The popcount nearest-neighbour kernels on real binary descriptors: census (48 bits) and BRIEF (256, 512)
 * on the benchmark's 640×480 motorcycle crops, stride 4 on both grids (19 200 × 19 200 pairs). Prints, per
 * descriptor, the WebAssembly kernel with 4 source rows per pass (the default) and with 1, the plain-JS
 * fallback (on the first rows only, scaled up), and the tfjs matMul search on wasm (once), with Gpairs/s and a
 * check that every kernel returns the matMul's neighbours. Wall time and this process's CPU time are both
 * shown: on a shared machine the CPU time is the steadier figure.
 * Run: npx tsx scripts/popcount-timing.ts [--repeats 3] [--descriptors census,brief]
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
import { packBits, type PackedBits } from '../src/engine/match/hamming/pack';
import { jsRowSearch, wasmRowSearch, type RowSearch } from '../src/engine/match/hamming/searchRows';
import { CHUNK_WORD_PAIRS } from '../src/engine/match/hamming/nearestHamming';
import { BLOCK } from '../src/engine/match/hamming/popcountModule';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const repeats = Number(opt('--repeats', '3'));
const cases = opt('--descriptors', 'census,brief,brief512').split(',');
const STRIDE = 4;

await activateBackend(backendOrder('wasm', NODE_ENVIRONMENT));
const [left, right] = benchCrops();
const time = (f: () => Promise<unknown> | unknown, runs = repeats, warmUp = true) => timeWallAndCpu(f, runs, warmUp);

/** All rows in chunks, as nearestHamming.ts runs them (without its yields). */
function runAll(make: () => RowSearch, rows: number, src: PackedBits, m: number): NearestResult {
  const s = make();
  const chunk = Math.max(1, Math.floor(CHUNK_WORD_PAIRS / (m * src.words)));
  for (let r0 = 0; r0 < rows; r0 += chunk) s.run(r0, Math.min(rows, r0 + chunk));
  return s.result();
}

const same = (a: NearestResult, b: NearestResult, rows: number) =>
  (['index', 'sqDist1', 'sqDist2'] as const).every((k) => a[k].subarray(0, rows).every((v, i) => v === b[k][i])) &&
  (rows < a.index.length || a.reverseIndex.every((v, i) => v === b.reverseIndex[i]));

const f0 = (v: number) => v.toFixed(0);
console.log(`Node ${process.version}, wasm; ${BENCH_CROP.width}×${BENCH_CROP.height}, stride ${STRIDE}; medians of ${repeats}`);
console.log('| descriptor | kernel | wall ms | CPU ms | Gpairs/s (wall) | same as matMul |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const c of cases) {
  const d = getDescriptor(c === 'brief512' ? 'brief' : c);
  const p = d.validateParams(c === 'brief512' ? { bits: 512 } : {});
  const [ma, mb] = [left, right].map((img) => describeDense(img, d, p));
  const sp = gridPoints(ma.width, ma.height, STRIDE);
  const tp = gridPoints(mb.width, mb.height, STRIDE);
  const a = gatherRows(ma, flatIndices(sp, ma.width)) as Tensor2D;
  const b = gatherRows(mb, flatIndices(tp, mb.width)) as Tensor2D;
  const [n, dim] = a.shape;
  const m = b.shape[0];
  const src = packBits(await a.data(), n, dim);
  const tgt = packBits(await b.data(), m, dim);
  const label = `${d.id} (${dim})`;
  // The matMul is the reference and takes seconds: timed once, without a warm-up (its kernels are warm from
  // describing).
  let expected: NearestResult | undefined;
  const tm = await time(async () => { expected = await nearestNeighbours(a, b); }, 1, false);
  const row = (kernel: string, t: { wall: number; cpu: number }, pairs: number, ok: boolean) =>
    console.log(`| ${label} | ${kernel} | ${f0(t.wall)} | ${f0(t.cpu)} | ${(pairs / (t.wall * 1e6)).toFixed(3)} | ${ok ? 'yes' : 'NO'} |`);
  for (const block of [BLOCK, 1]) {
    let r: NearestResult | undefined;
    const t = await time(() => { r = runAll(() => wasmRowSearch(src, tgt, block)!, n, src, m); });
    row(`wasm, ${block} row${block > 1 ? 's' : ''} per pass`, t, n * m, same(r!, expected!, n));
  }
  // The JS fallback is ~10× slower: time a tenth of the rows and scale up.
  const part = Math.ceil(n / 10);
  let r: NearestResult | undefined;
  const tj = await time(() => { r = runAll(() => jsRowSearch(src, tgt), part, src, m); });
  row(`plain JS (${part} rows, ×${(n / part).toFixed(1)})`, { wall: (tj.wall * n) / part, cpu: (tj.cpu * n) / part }, n * m, same(r!, expected!, part));
  row('tfjs matMul (nearest.ts), one run', tm, n * m, true);
  tf.dispose([a, b]);
  disposeMap(ma);
  disposeMap(mb);
}
