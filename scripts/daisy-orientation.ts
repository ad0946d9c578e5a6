/**
 * DAISY's orientation modes measured on this machine (Node, wasm): the time of dense DAISY 'none' vs
 * 'dominant' on a 640×480 image, and PCK of dense nearest-neighbour matching on pairs rotated by the
 * distortion generator (exact homography), through `matchscope eval` — the same code the app scores with.
 *
 *   npx tsx scripts/daisy-orientation.ts [OUT_DIR] [--runs 3] [--only time|pck]
 *
 * OUT_DIR (default a fresh temporary folder) receives the rotated pairs as an eval suite:
 * <source>-rot<deg>/{source.png, target.png, H.txt}, sources area-downscaled by 2 as scripts/make-suite.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import '../src/engine/tf/registerNode';
import { activateBackend, backendOrder } from '../src/engine/tf/backends';
import { NODE_ENVIRONMENT } from '../src/engine/tf/registerNode';
import { decodeImage } from '../src/cli/decodeImage';
import { cropImage, type RgbImage } from '../src/engine/core/image';
import { downscaleArea } from '../src/engine/core/workingSize';
import { distortImage, formatHomography } from '../src/engine/distort/index';
import { describeDense, disposeMap } from '../src/engine/match/descriptorMap';
import { daisy } from '../src/engine/descriptors/daisy';
import type { Descriptor, ParamsOf } from '../src/engine/descriptors/contract';

const args = process.argv.slice(2);
const out = args[0] && !args[0].startsWith('-') ? args[0] : mkdtempSync(path.join(os.tmpdir(), 'daisy-rot-'));
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : 'all';
const repo = path.resolve(import.meta.dirname, '..');
const samples = path.join(repo, 'public/samples');
const load = (rel: string): RgbImage => decodeImage(readFileSync(path.join(samples, rel))).image;

function writePng(file: string, img: RgbImage): void {
  const png = new PNG({ width: img.width, height: img.height });
  for (let i = 0, j = 0; j < img.data.length; i += 4, j += 3) {
    for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(Math.min(1, Math.max(0, img.data[j + c])) * 255);
    png.data[i + 3] = 255;
  }
  writeFileSync(file, PNG.sync.write(png));
}

async function timeDescribe(img: RgbImage, params: ParamsOf): Promise<number[]> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const map = describeDense(img, daisy as unknown as Descriptor<ParamsOf>, daisy.validateParams(params));
    await map.rows.data();
    t.push(performance.now() - t0);
    disposeMap(map);
  }
  return t;
}

async function main() {
  await activateBackend(backendOrder('wasm', NODE_ENVIRONMENT));
  const graf = load('graffiti/graf1.png');
  if (only !== 'pck') await timing(cropImage(graf, 0, 0, 640, 480));
  if (only !== 'time') await pck(graf);
}

async function timing(img: RgbImage) {
  console.log(`Dense DAISY (R 15, Q 3, T 8, H 8) on a ${img.width}×${img.height} crop of graf1.png, wasm, ${runs} runs (first includes warm-up):`);
  for (const orientation of ['none', 'dominant']) {
    const t = await timeDescribe(img, { orientation });
    console.log(`  ${orientation.padEnd(8)} ${t.map((v) => (v / 1000).toFixed(2)).join(' / ')} s`);
  }
}

async function pck(graf: RgbImage) {
  const sources: Record<string, RgbImage> = { graf, moto: load('motorcycle/left.png') };
  for (const [name, src] of Object.entries(sources)) {
    const small = downscaleArea(src, Math.floor(src.width / 2), Math.floor(src.height / 2));
    for (const deg of [30, 45, 90]) {
      const dir = path.join(out, `${name}-rot${deg}`);
      mkdirSync(dir, { recursive: true });
      const { image, H } = distortImage(small, { rotationDeg: deg });
      writePng(path.join(dir, 'source.png'), small);
      writePng(path.join(dir, 'target.png'), image);
      writeFileSync(path.join(dir, 'H.txt'), formatHomography(H));
    }
  }
  console.log(`\nPCK of dense NN (stride 4, thresholds 3 and 10 px) on rotated pairs in ${out}:`);
  const table: Record<string, Record<string, { pck3: number; pck10: number; points: number }>> = {};
  for (const orientation of ['none', 'dominant']) {
    const cmd = ['bin/matchscope.mjs', 'eval', '--suite', out, '--descriptor', 'daisy', '--params', JSON.stringify({ orientation }), '--stride', '4', '--thresholds', '3,10', '--backend', 'wasm', '--json', '-j', '2', '-q'];
    console.log(`  node ${cmd.map((c) => (c.includes('{') ? `'${c}'` : c)).join(' ')}`);
    const res = JSON.parse(execFileSync('node', cmd, { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 })) as { pairs: { name: string; results: { daisy: { points: number; pck: Record<string, number> } } }[] };
    for (const p of res.pairs) {
      (table[p.name] ??= {})[orientation] = { pck3: p.results.daisy.pck['3'], pck10: p.results.daisy.pck['10'], points: p.results.daisy.points };
    }
  }
  console.log('\n| pair | points | upright PCK@3 | dominant PCK@3 | upright PCK@10 | dominant PCK@10 |\n| --- | --- | --- | --- | --- | --- |');
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  for (const [name, r] of Object.entries(table).sort()) {
    console.log(`| ${name} | ${r.none.points} | ${pct(r.none.pck3)} | ${pct(r.dominant.pck3)} | ${pct(r.none.pck10)} | ${pct(r.dominant.pck10)} |`);
  }
}

void main();
