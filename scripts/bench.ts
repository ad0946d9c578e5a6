/**
 * `npm run bench`: times every stage of Matchscope on a 640×480 pair (crops of the motorcycle stereo pair)
 * in Node (wasm) and in headless Chromium (wasm, and webgpu on a reduced input: here WebGPU is SwiftShader,
 * a CPU emulation, so its figures say nothing about a real GPU), and the peers — scikit-image's dense
 * DAISY and OpenCV's SIFT — on the same image when /usr/bin/python3 has them. Prints a table, the
 * issue's targets with the measured figures, and with --json the whole report.
 *
 *   npm run bench [-- --descriptors patch,sift] [--repeats 3] [--queries 40] [--no-browser] [--no-webgpu] [--no-peers] [--compare-matmul] [--json]
 *
 * Binary descriptors (census, BRIEF) match by popcount on wasm and cpu, so their NN rate is given in pairs
 * per second; --compare-matmul also times their matMul search once (seconds each) for comparison.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import '../src/engine/tf/registerNode';
import { activateBackend, backendOrder } from '../src/engine/tf/backends';
import { NODE_ENVIRONMENT } from '../src/engine/tf/registerNode';
import { BENCH_CROP, int16Rate, nnRate, runBench, stat, type BenchReport, type DescriptorBench } from '../src/engine/bench/suite';
import { cropImage, type RgbImage } from '../src/engine/core/image';
import { DESCRIPTORS } from '../src/engine/descriptors/registry';
import { decodeImage } from '../src/cli/decodeImage';
import { useModelDirectory } from '../src/cli/modelFiles';
import { briskDetectAndDescribe } from '../src/engine/keypoints/brisk/brisk';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const flag = (name: string) => args.includes(name);
const descriptors = opt('--descriptors', DESCRIPTORS.filter((d) => d.family === 'hand-crafted').map((d) => d.id).join(',')).split(',');
const repeats = Number(opt('--repeats', '3'));
const queries = Number(opt('--queries', '40'));
const port = Number(opt('--port', '4199'));
const log = (s: string) => process.stderr.write(`${s}\n`);

type Report = BenchReport & { decode: ReturnType<typeof stat>; env: string };
const reports: Record<string, Report> = {};

// ---- Node, wasm -------------------------------------------------------------------------------------
const samples = path.resolve(import.meta.dirname, '../public/samples/motorcycle');
const bytes = ['left.png', 'right.png'].map((f) => readFileSync(path.join(samples, f)));
const decodeRuns: number[] = [];
for (let r = 0; r <= repeats; r++) {
  const t0 = performance.now();
  decodeImage(bytes[0]);
  if (r > 0) decodeRuns.push(performance.now() - t0);
}
const toRgb = (b: Buffer): RgbImage => cropImage(decodeImage(b).image, BENCH_CROP.x, BENCH_CROP.y, BENCH_CROP.width, BENCH_CROP.height);
const [a, b] = bytes.map(toRgb);
useModelDirectory();
await activateBackend(backendOrder('wasm', NODE_ENVIRONMENT));
log(`Node ${process.version}, wasm`);
reports['node/wasm'] = { ...(await runBench(a, b, { descriptors, repeats, queries, nnStride: 4, sparseSift: true, compareMatmul: flag('--compare-matmul'), log: (l) => log(`  ${l}`) })), decode: stat(decodeRuns), env: `Node ${process.version}` };

// BRISK (plain JS, no backend): detect + describe on the same 640×480 crop.
const briskRuns: number[] = [];
let briskKeypoints = 0;
for (let r = 0; r <= repeats; r++) {
  const t0 = performance.now();
  briskKeypoints = briskDetectAndDescribe(a).keypoints.length;
  if (r > 0) briskRuns.push(performance.now() - t0);
}
const sparseBrisk = { ...stat(briskRuns), keypoints: briskKeypoints };
log(`  sparse BRISK ${sparseBrisk.median.toFixed(0)} ms (${briskKeypoints} keypoints)`);

// ---- Peers ------------------------------------------------------------------------------------------
interface PeerStat { median: number; keypoints?: number; threads?: number; version?: string }
let peers: { daisy?: PeerStat; sift?: PeerStat; sift_1thread?: PeerStat; brisk?: PeerStat; missing?: string[] } = { missing: ['--no-peers'] };
if (!flag('--no-peers')) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const png = new PNG({ width: a.width, height: a.height });
  for (let i = 0; i < a.width * a.height; i++) {
    for (let c = 0; c < 3; c++) png.data[i * 4 + c] = Math.round(a.data[i * 3 + c] * 255);
    png.data[i * 4 + 3] = 255;
  }
  const file = path.join(dir, 'source.png');
  writeFileSync(file, PNG.sync.write(png));
  try {
    peers = JSON.parse(execFileSync('/usr/bin/python3', [path.resolve(import.meta.dirname, 'bench/peers.py'), file, String(repeats)], { encoding: 'utf8' }));
    log(`peers: ${JSON.stringify(peers)}`);
  } catch (e) {
    peers = { missing: [`/usr/bin/python3 failed: ${(e as Error).message.split('\n')[0]}`] };
  }
}

// ---- Chromium ---------------------------------------------------------------------------------------
if (!flag('--no-browser')) {
  const { chromium } = await import('@playwright/test');
  if (!flag('--no-build')) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', detached: true });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://localhost:${port}/bench.html`)).ok) break;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--enable-unsafe-webgpu'],
    });
    const runs: [string, string][] = [[`wasm`, `backend=wasm&descriptors=${descriptors.join(',')}&repeats=${repeats}&queries=${queries}`]];
    // SwiftShader's WebGPU is ~100× slower than wasm: a reduced input and two descriptors keep it to minutes.
    if (!flag('--no-webgpu')) runs.push(['webgpu', `backend=webgpu&descriptors=patch,census&repeats=1&queries=5&size=160x120&sparse=0`]);
    for (const [name, query] of runs) {
      const page = await browser.newPage();
      page.on('console', (m) => m.type() === 'error' && log(`  [${name} console] ${m.text()}`));
      await page.goto(`http://localhost:${port}/bench.html?${query}`);
      log(`Chromium, ${name}${name === 'webgpu' ? ' (160×120, SwiftShader)' : ''}`);
      let shown = 0;
      for (;;) {
        // Runs in the page (this file is compiled without DOM types, hence globalThis and the casts).
        const state = await page.evaluate(() => {
          const w = globalThis as unknown as { __bench?: unknown; __benchError?: string; document: { getElementById(id: string): { textContent: string | null } } };
          return { done: w.__bench ?? null, error: w.__benchError ?? null, log: w.document.getElementById('log').textContent ?? '' };
        });
        const lines = state.log.split('\n').filter(Boolean);
        for (const l of lines.slice(shown)) log(`  ${l}`);
        shown = lines.length;
        if (state.error) throw new Error(`Chromium ${name}: ${state.error}`);
        if (state.done) {
          reports[`chromium/${name}`] = state.done as Report;
          break;
        }
        await page.waitForTimeout(500);
      }
      await page.close();
    }
    await browser.close();
  } finally {
    if (server.pid) process.kill(-server.pid);
  }
}

// ---- Report -----------------------------------------------------------------------------------------
const f0 = (v: number) => v.toFixed(0);
const f1 = (v: number) => v.toFixed(1);
console.log(`\nMatchscope benchmark — ${os.cpus()[0]?.model ?? 'CPU'} × ${os.cpus().length}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`Images: motorcycle left/right cropped to ${BENCH_CROP.width}×${BENCH_CROP.height}; medians over ${repeats} runs after a warm-up; NN = mutual, stride 4 both grids.\n`);
console.log('| env | descriptor | D | describe 1 image (ms) | peak MB | NN (ms) | NN rate | NN int16 (opt-in) | query p50 / p95 (ms) |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [env, r] of Object.entries(reports)) {
  for (const d of r.descriptors) {
    console.log(`| ${env} ${r.image.width}×${r.image.height} | ${d.id} | ${d.dim} | ${f0(d.describe.median)} | ${f0(d.describePeakMB)} | ${f0(d.nn.median)} | ${nnRate(d)} | ${int16Rate(d) || '—'} | ${f1(d.queryP50)} / ${f1(d.queryP95)} |`);
  }
}
console.log('\n| env | decode PNG (ms) | matMul peak GFLOP/s | sparse SIFT (ms, keypoints) |');
console.log('|---|---:|---:|---:|');
for (const [env, r] of Object.entries(reports)) {
  console.log(`| ${env} | ${f1(r.decode.median)} | ${f1(r.matmul.gflops)} | ${r.sparseSift ? `${f0(r.sparseSift.median)} (${r.sparseSift.keypoints})` : '—'} |`);
}

console.log('\nTargets (issue 7):');
const node = reports['node/wasm'];
const row = (id: string, r: Report | undefined = node) => r?.descriptors.find((d) => d.id === id);
const ratio = (ours: number | undefined, theirs: number | undefined) => (ours && theirs ? `${(ours / theirs).toFixed(2)}×` : 'n/a');
const daisy = row('daisy');
if (peers.daisy && daisy) console.log(`- dense DAISY vs skimage daisy(step=1): ${f0(daisy.describe.median)} ms vs ${f0(peers.daisy.median)} ms = ${ratio(daisy.describe.median, peers.daisy.median)} (target ≤ 0.5×)`);
else console.log(`- dense DAISY vs skimage: skipped (${peers.missing?.join('; ') || 'daisy not benchmarked'})`);
if (peers.sift && node?.sparseSift) {
  const one = peers.sift_1thread;
  console.log(`- sparse SIFT vs OpenCV detectAndCompute: ${f0(node.sparseSift.median)} ms vs ${f0(peers.sift.median)} ms (${peers.sift.threads} threads) = ${ratio(node.sparseSift.median, peers.sift.median)}${one ? `; vs 1 thread ${f0(one.median)} ms = ${ratio(node.sparseSift.median, one.median)}` : ''} (target ≤ 2×)`);
} else console.log(`- sparse SIFT vs OpenCV: skipped (${peers.missing?.join('; ')})`);
if (peers.brisk) console.log(`- sparse BRISK vs OpenCV BRISK(30, 4) detectAndCompute, 1 thread: ${f0(sparseBrisk.median)} ms (${sparseBrisk.keypoints}) vs ${f0(peers.brisk.median)} ms (${peers.brisk.keypoints}) = ${ratio(sparseBrisk.median, peers.brisk.median)}`);
else console.log(`- sparse BRISK ${f0(sparseBrisk.median)} ms (${sparseBrisk.keypoints} keypoints); OpenCV: skipped (${peers.missing?.join('; ')})`);
for (const env of ['node/wasm', 'chromium/wasm']) {
  const r = reports[env];
  if (!r) continue;
  const worst = r.descriptors.filter((d) => d.dim <= 256).reduce((m, d) => Math.max(m, d.queryP95), 0);
  console.log(`- ${env}: click query p95 (D ≤ 256, worst descriptor) ${f1(worst)} ms (target ≤ 50 ms)`);
  const nnWorst = r.descriptors.reduce((m, d) => (d.nn.median > m.nn.median ? d : m), r.descriptors[0]);
  if (nnWorst) console.log(`- ${env}: dense mutual NN stride 4, slowest (${nnWorst.id}, D=${nnWorst.dim}) ${f0(nnWorst.nn.median)} ms at ${nnRate(nnWorst)} vs matMul peak ${f1(r.matmul.gflops)} (target ≤ 2000 ms)`);
  const int16Worst = r.descriptors.filter((d) => d.nnInt16).reduce<DescriptorBench | undefined>((m, d) => (!m || d.nnInt16!.ms > m.nnInt16!.ms ? d : m), undefined);
  if (int16Worst) console.log(`- ${env}: the same with --precision int16 (opt-in), slowest (${int16Worst.id}, D=${int16Worst.dim}) ${int16Rate(int16Worst)} (target ≤ 2000 ms)`);
}
if (flag('--json')) console.log(JSON.stringify({ reports, peers }, null, 1));
