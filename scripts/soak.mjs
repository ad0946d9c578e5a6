#!/usr/bin/env node
// Endurance: N pair loads and M typed queries in Debian's Chromium against the built app, reading the
// worker's tf.memory() (through the ?debug=1 diagnostics hook) and the page's JS heap (DevTools protocol,
// after a forced GC) at the start, after warm-up and at the end. Bounded in count and in time.
// Usage: node scripts/soak.mjs [--loads 50] [--queries 500] [--descriptor census] [--stride 8] [--port 4785] [--heap-diff]
// --heap-diff also takes a DevTools heap snapshot after warm-up and at the end and prints what grew, by kind.
// It builds the app and serves it with `vite preview` itself. Prints a table and one JSON line; exits 1 when
// the tensors do not return to their baseline or the heap grows by 10 % or more after warm-up.
import { chromium } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const loads = Number(opt('--loads', '50'));
const queries = Number(opt('--queries', '500'));
const descriptor = opt('--descriptor', 'census');
const stride = opt('--stride', '8');
const port = Number(opt('--port', '4785'));
const deadline = Date.now() + Number(opt('--minutes', '20')) * 60_000;
const root = path.resolve(import.meta.dirname, '..');

const graf = PNG.sync.read(fs.readFileSync(path.join(root, 'public/samples/graffiti/graf1.png')));
function crop(x0, y0, w, h) {
  const out = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) graf.data.copy(out.data, y * w * 4, ((y0 + y) * graf.width + x0) * 4, ((y0 + y) * graf.width + x0 + w) * 4);
  return PNG.sync.write(out);
}

// Its own output folder, so a test server running from dist/ is left alone.
const outDir = '.tmp/soak-dist';
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: root, stdio: 'inherit' });
const server = spawn('npx', ['vite', 'preview', '--outDir', outDir, '--port', String(port), '--strictPort'], { cwd: root, stdio: 'ignore', detached: true });
const stopServer = () => { try { process.kill(-server.pid); } catch { /* already gone */ } };
process.on('exit', stopServer);
for (let i = 0; ; i++) {
  try { if ((await fetch(`http://localhost:${port}/`)).ok) break; } catch { /* not up yet */ }
  if (i > 100) throw new Error('vite preview did not start');
  await new Promise((r) => setTimeout(r, 300));
}

const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-soak-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 860 },
  args: ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu'],
});
const page = ctx.pages()[0] ?? await ctx.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
await page.goto(`http://localhost:${port}/?sample=none&debug=1&descriptor=${descriptor}&stride=${stride}`);
await page.waitForFunction(() => window.matchscopeDebug && /Drop a source/.test(document.querySelector('[role=status]')?.textContent ?? ''), null, { timeout: 120_000 });

async function loadPair(i) {
  const dx = 3 + (i % 7);
  const dy = 2 + (i % 5);
  const x = 100 + ((i * 37) % 400);
  const y = 100 + ((i * 23) % 300);
  const names = [`soak-${i}-a.png`, `soak-${i}-b.png`];
  const files = [crop(x, y, 200, 150), crop(x + dx, y + dy, 200, 150)].map((b) => b.toString('base64'));
  // In the page, as a file picked in the dialog would arrive, and awaited there (no Playwright handles kept).
  await page.evaluate(([names, files]) => new Promise((resolve, reject) => {
    ['Source image', 'Target image'].forEach((label, k) => {
      const input = document.querySelector(`input[aria-label="${label}"]`);
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(files[k]), (c) => c.charCodeAt(0))], names[k], { type: 'image/png' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const t0 = performance.now();
    const check = () => {
      const st = document.querySelector('[data-testid=stage]');
      if (st?.getAttribute('data-names') === JSON.stringify(names) && document.querySelector('[role=status]')?.textContent === 'Ready') resolve();
      else if (performance.now() - t0 > 300_000) reject(new Error(`pair ${names} never got Ready`));
      else setTimeout(check, 20);
    };
    check();
  }), [names, files]);
}

// One evaluate per query, typed into the field as a user would, and awaited in the page: Playwright's own
// locator handles would otherwise live in the page's heap and be counted as the app's.
async function query(i) {
  const x = 10 + ((i * 31) % 180);
  const y = 10 + ((i * 17) % 130);
  await page.evaluate(([x, y]) => new Promise((resolve, reject) => {
    const input = document.querySelector('[aria-label="Query point"]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, `${x}, ${y}`);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    const t0 = performance.now();
    const check = () => {
      if (document.querySelector(`[data-testid=match-details][data-source-x="${x}"][data-source-y="${y}"][data-pending="false"]`)) resolve();
      else if (performance.now() - t0 > 120_000) reject(new Error(`query ${x}, ${y} got no answer`));
      else setTimeout(check, 5);
    };
    check();
  }), [x, y]);
}

async function measure(label) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  const d = await page.evaluate(() => window.matchscopeDebug.diagnostics());
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  return { label, tensors: d.numTensors, tensorBytes: d.numBytes, cachedMaps: d.cachedMaps, heapUsed: m.JSHeapUsedSize, heapTotal: m.JSHeapTotalSize, domNodes, allNodes: m.Nodes };
}

/** Self size and count per "type:name" of every node in a heap snapshot (for --heap-diff). */
async function heapByKind() {
  const chunks = [];
  const onChunk = (e) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snap = JSON.parse(chunks.join(''));
  const { node_fields: f, node_types: [types] } = snap.snapshot.meta;
  const [iT, iN, iS] = ['type', 'name', 'self_size'].map((k) => f.indexOf(k));
  const kinds = new Map();
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = types[snap.nodes[i + iT]];
    const name = type.includes('string') ? '' : snap.strings[snap.nodes[i + iN]].slice(0, 60);
    const k = kinds.get(`${type}:${name}`) ?? kinds.set(`${type}:${name}`, { count: 0, size: 0 }).get(`${type}:${name}`);
    k.count++;
    k.size += snap.nodes[i + iS];
  }
  return kinds;
}
const heapDiff = args.includes('--heap-diff');
const snapshots = [];

const t0 = Date.now();
const rows = [];
await loadPair(0);
rows.push(await measure('first pair'));
// Warm-up: loads and queries until caches, pools and V8's optimised code reach their working size. A heap
// snapshot diff over 20 loads after only 6 showed no app objects growing: the growth was compiled code
// (~200 KB as functions tier up) and Chromium's layout-shift performance entries (a buffer capped at 150).
const warm = Math.min(Number(opt('--warmup', '15')), loads - 1);
const perLoad = Math.max(1, Math.floor(queries / loads));
let q = 0;
for (let i = 1; i <= warm; i++) {
  await loadPair(i);
  for (let k = 0; k < perLoad; k++) await query(q++);
}
rows.push(await measure(`after warm-up (${warm + 1} loads, ${q} queries)`));
if (heapDiff) snapshots.push(await heapByKind());
let done = warm + 1;
for (let i = warm + 1; i < loads && Date.now() < deadline; i++, done++) {
  await loadPair(i);
  for (let k = 0; k < perLoad && q < queries; k++) await query(q++);
}
while (q < queries && Date.now() < deadline) await query(q++);
rows.push(await measure(`end (${done} loads, ${q} queries)`));
if (heapDiff) snapshots.push(await heapByKind());
await ctx.close();
stopServer();

const [, base, end] = rows;
const heapGrowth = (end.heapUsed - base.heapUsed) / base.heapUsed;
const mb = (b) => (b / 2 ** 20).toFixed(1);
// DOM elements: in the document; all nodes: every Node alive in the renderer (detached ones too).
console.log('stage                                   tensors  tensor MB  maps  JS heap MB  DOM elements  all nodes');
for (const r of rows) console.log(`${r.label.padEnd(40)}${String(r.tensors).padStart(7)}  ${mb(r.tensorBytes).padStart(9)}  ${String(r.cachedMaps).padStart(4)}  ${mb(r.heapUsed).padStart(10)}  ${String(r.domNodes).padStart(12)}  ${String(r.allNodes).padStart(9)}`);
if (heapDiff) {
  const [a, b] = snapshots;
  const grew = [...b].map(([k, v]) => ({ k, size: v.size - (a.get(k)?.size ?? 0), count: v.count - (a.get(k)?.count ?? 0) })).sort((x, y) => y.size - x.size);
  console.log(`heap snapshot, after warm-up → end: self size ${(grew.reduce((t, g) => t + g.size, 0) / 1024).toFixed(0)} KB more; the 15 kinds that grew most:`);
  for (const g of grew.slice(0, 15)) console.log(`${(g.size / 1024).toFixed(1).padStart(8)} KB ${String(g.count).padStart(6)}  ${g.k}`);
}
const summary = { loads: done, queries: q, seconds: Math.round((Date.now() - t0) / 1000), descriptor, stride: Number(stride), tensorsBaseline: base.tensors, tensorsEnd: end.tensors, heapAfterWarmupMB: Number(mb(base.heapUsed)), heapEndMB: Number(mb(end.heapUsed)), heapGrowthPercent: Math.round(heapGrowth * 1000) / 10 };
console.log(JSON.stringify(summary));
process.exit(end.tensors === base.tensors && heapGrowth < 0.1 ? 0 : 1);
