/**
 * The patch-network table for docs/learned.md: PCK@3 / @10 of DeepDesc next to SIFT, DAISY, cnn and mccnn on
 * pairs none of them trained on (DeepDesc and 2ch trained on scripts/patchnet/photos only; mccnn on the
 * motorcycle rows above 395, so its motorcycle numbers are not held out), plus synthetic rotations and a
 * scaling of the motorcycle left image (engine/distort, exact H); and the scanline (rectified) search against
 * the global one on the motorcycle pair: PCK@1 / @3 and the bad-pixel rate (error > 3 px) over the source grid.
 * Global: stride-8 source grid against the stride-2 target grid, refined to the pixel (as scripts/zoo-table.ts).
 * Scanline: the same source grid, every target pixel of the row, d = 0…64, winner-takes-all.
 *
 *   npx tsx scripts/patchnet-table.ts [--descriptors id,id] [--json]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '../src/engine/tf/registerNode';
import { activateBackend, backendOrder } from '../src/engine/tf/backends';
import { NODE_ENVIRONMENT } from '../src/engine/tf/registerNode';
import { getDescriptor } from '../src/engine/descriptors/registry';
import { describeDense, disposeMap, ensureFinite, type DescriptorMap } from '../src/engine/match/descriptorMap';
import { prepareDescriptor } from '../src/cli/modelFiles';
import { matchMaps } from '../src/engine/match/matchPair';
import { parseHomography, parsePfm, type GroundTruth } from '../src/engine/eval/groundTruth';
import { pckAtThresholds } from '../src/engine/eval/pck';
import { distortImage } from '../src/engine/distort';
import { loadImage } from '../src/cli/loadImage';
import type { RgbImage } from '../src/engine/core/image';

const root = path.resolve(import.meta.dirname, '../public/samples');
const quiet = { progress: () => {}, notice: () => {} } as never;
const load = (rel: string) => loadImage(path.join(root, rel), rel, 1e9, quiet).working;
const args = process.argv.slice(2);
const ids = args.includes('--descriptors') ? args[args.indexOf('--descriptors') + 1].split(',') : ['sift', 'daisy', 'cnn', 'mccnn', 'deepdesc'];
await activateBackend(backendOrder('wasm', NODE_ENVIRONMENT));

const left = load('motorcycle/left.png');
const right = load('motorcycle/right.png');
const disparity = parsePfm(readFileSync(path.join(root, 'motorcycle/disp.pfm')));
const warp = (spec: Parameters<typeof distortImage>[1]) => {
  const r = distortImage(left, spec);
  return { image: r.image, gt: { kind: 'homography', H: r.H } as GroundTruth };
};
const rot15 = warp({ rotationDeg: 15 });
const rot45 = warp({ rotationDeg: 45 });
const scale = warp({ scale: 1.25 });
const pairs: { name: string; a: RgbImage; b: RgbImage; gt: GroundTruth }[] = [
  { name: 'motorcycle', a: left, b: right, gt: disparity },
  { name: 'graffiti 1→3', a: load('graffiti/graf1.png'), b: load('graffiti/graf3.png'), gt: parseHomography(readFileSync(path.join(root, 'graffiti/H1to3.txt'), 'utf8')) },
  { name: 'motorcycle left, rotated 15°', a: left, b: rot15.image, gt: rot15.gt },
  { name: 'motorcycle left, rotated 45°', a: left, b: rot45.image, gt: rot45.gt },
  { name: 'motorcycle left, scaled 1.25', a: left, b: scale.image, gt: scale.gt },
];

const rows: Record<string, unknown>[] = [];
for (const id of ids) {
  const d = getDescriptor(id);
  const p = d.validateParams({});
  await prepareDescriptor(d, p);
  const maps = new Map<RgbImage, DescriptorMap>();
  const mapOf = async (img: RgbImage) => {
    let m = maps.get(img);
    if (!m) maps.set(img, (m = await ensureFinite(describeDense(img, d, p))));
    return m;
  };
  const row: Record<string, unknown> = { id };
  for (const pair of pairs) {
    const m = await matchMaps(await mapOf(pair.a), await mapOf(pair.b), d.metric, { stride: 8, targetStride: 2, mutual: false, ratio: null, refine: true });
    const r = pckAtThresholds(m, pair.gt, pair.b.width, pair.b.height, [3, 10]);
    row[pair.name] = [r.pck['3'], r.pck['10']];
    process.stderr.write(`${id} ${pair.name}: ${r.points} points, PCK@3 ${(r.pck['3'] * 100).toFixed(1)} %, @10 ${(r.pck['10'] * 100).toFixed(1)} %\n`);
  }
  for (const search of ['global', 'scanline'] as const) {
    const opts = search === 'global'
      ? { stride: 8, targetStride: 2, mutual: false, ratio: null, refine: true }
      : { stride: 8, mutual: false, ratio: null, refine: false, search, dmin: 0, dmax: 64 };
    const t0 = performance.now();
    const m = await matchMaps(await mapOf(left), await mapOf(right), d.metric, opts);
    const ms = performance.now() - t0;
    const r = pckAtThresholds(m, disparity, right.width, right.height, [1, 3]);
    row[`stereo ${search}`] = [r.pck['1'], r.pck['3'], 1 - r.pck['3'], r.points, Math.round(ms)];
    process.stderr.write(`${id} motorcycle ${search}: ${r.points} points, PCK@1 ${(r.pck['1'] * 100).toFixed(1)} %, @3 ${(r.pck['3'] * 100).toFixed(1)} %, ${ms.toFixed(0)} ms\n`);
  }
  maps.forEach((m) => disposeMap(m));
  rows.push(row);
}
const pct = (v: number) => (v * 100).toFixed(1);
if (args.includes('--json')) console.log(JSON.stringify(rows, null, 1));
else {
  console.log(`| descriptor | ${pairs.map((p) => `${p.name} PCK@3 / @10`).join(' | ')} |`);
  console.log(`| --- | ${pairs.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.id as string} | ${pairs.map((p) => (r[p.name] as number[]).map(pct).join(' / ')).join(' | ')} |`);
  console.log('\n| descriptor | global NN PCK@1 / @3, bad > 3 px | scanline d 0…64 PCK@1 / @3, bad > 3 px | points |');
  console.log('| --- | --- | --- | --- |');
  for (const r of rows) {
    const [g, s] = [r['stereo global'] as number[], r['stereo scanline'] as number[]];
    console.log(`| ${r.id as string} | ${pct(g[0])} / ${pct(g[1])}, ${pct(g[2])} % | ${pct(s[0])} / ${pct(s[1])}, ${pct(s[2])} % | ${s[3]} |`);
  }
}
