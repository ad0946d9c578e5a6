/**
 * The 2-channel click query on held-out ground truth (neither pair network saw the motorcycle pair): for a few
 * left pixels with known disparity, the best match in a square window of radius 64 around the same position
 * of the right image (16 641 candidates, one forward pass each), its error, and the cost, next to DeepDesc's
 * tower on the same 1 + n patches and the DeepDesc dense query's answer over the whole image.
 *
 *   npx tsx scripts/patchnet-query.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '../src/engine/tf/registerNode';
import { activateBackend, backendOrder } from '../src/engine/tf/backends';
import { NODE_ENVIRONMENT } from '../src/engine/tf/registerNode';
import { parsePfm } from '../src/engine/eval/groundTruth';
import { loadImage } from '../src/cli/loadImage';
import { prepareDescriptor, useModelDirectory } from '../src/cli/modelFiles';
import { deepDescWindowMs, loadPatchNet, twoChannelWindowQuery } from '../src/engine/learned/patchnet/pairQuery';
import { getDescriptor } from '../src/engine/descriptors/registry';
import { describeDense, disposeMap } from '../src/engine/match/descriptorMap';
import { queryPoint } from '../src/engine/match/query';

const root = path.resolve(import.meta.dirname, '../public/samples');
const quiet = { progress: () => {}, notice: () => {} } as never;
await activateBackend(backendOrder('wasm', NODE_ENVIRONMENT));
useModelDirectory();
const left = loadImage(path.join(root, 'motorcycle/left.png'), 'left', 1e9, quiet).working;
const right = loadImage(path.join(root, 'motorcycle/right.png'), 'right', 1e9, quiet).working;
const gt = parsePfm(readFileSync(path.join(root, 'motorcycle/disp.pfm')));
if (gt.kind !== 'disparity') throw new Error('expected a disparity map');
const points = [[350, 440], [200, 300], [500, 250], [600, 420], [120, 150], [420, 100]];
const net = await loadPatchNet('2ch');
const tower = await loadPatchNet('deepdesc');
const dd = getDescriptor('deepdesc');
await prepareDescriptor(dd, {});
const t0 = performance.now();
const [ml, mr] = [describeDense(left, dd, {}), describeDense(right, dd, {})];
const denseMs = performance.now() - t0;
console.log(`DeepDesc dense maps of both images (every pixel): ${denseMs.toFixed(0)} ms`);
console.log('| left pixel | true match | 2ch best (error px) | 2ch passes, ms | DeepDesc tower on the same 1 + n patches, ms | DeepDesc dense query best (error px) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [x, y] of points) {
  const d = gt.d[y * gt.width + x];
  const tx = x - d;
  const r = await twoChannelWindowQuery(net, left, x, y, right, 64);
  const ms = await deepDescWindowMs(tower, left, x, y, right, r.window);
  const q = await queryPoint(ml, x, y, mr, 'l2');
  const err = (bx: number, by: number) => Math.hypot(bx - tx, by - y).toFixed(1);
  console.log(`| (${x}, ${y}) | (${tx.toFixed(1)}, ${y}) | (${r.bestX}, ${r.bestY}) (${err(r.bestX, r.bestY)}) | ${r.passes}, ${r.networkMs.toFixed(0)} | ${ms.toFixed(0)} | (${q.bestX}, ${q.bestY}) (${err(q.bestX, q.bestY)}) |`);
}
disposeMap(ml);
disposeMap(mr);
