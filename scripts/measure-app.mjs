#!/usr/bin/env node
// Measures Matchscope in Debian's Chromium as a user meets it: time from dropping the motorcycle pair to
// "Ready", and click-to-answer latency of typed queries (page-side, and the worker's own figure).
// Usage: node scripts/measure-app.mjs [URL] [--descriptor ID] [--stride N] [--backend ID] [--queries N]
// Start the app first (npm run dev, or npx vite preview). Prints one JSON object.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const url = args[0]?.startsWith('http') ? args[0] : 'http://localhost:5173/';
const opt = (n, d) => { const i = args.indexOf(n); return i >= 0 ? args[i + 1] : d; };
const descriptor = opt('--descriptor', 'patch');
const stride = opt('--stride', '8');
const backend = opt('--backend', 'auto');
const nQueries = Number(opt('--queries', '20'));
const samples = path.resolve(import.meta.dirname, '../public/samples/motorcycle');

const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 860 },
  args: ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu'],
});
const page = await ctx.newPage();
await page.goto(`${url}?sample=none&descriptor=${descriptor}&stride=${stride}&backend=${backend}`);
await page.getByRole('note', { name: 'Backend' }).filter({ hasNotText: '…' }).waitFor();
const drop = async (side, file) => {
  const bytes = Array.from(fs.readFileSync(path.join(samples, file)));
  await page.getByLabel(side === 'source' ? 'Source image' : 'Target image', { exact: true }).setInputFiles({ name: file, mimeType: 'image/png', buffer: Buffer.from(bytes) });
};
const t0 = Date.now();
await drop('source', 'left.png');
await drop('target', 'right.png');
await page.waitForFunction(() => document.querySelector('[role=status]')?.textContent === 'Ready' && document.querySelector('[data-testid=match-count]'), null, { timeout: 600_000 });
const dropToReady = Date.now() - t0;
const timings = await page.locator('.hint', { hasText: 'Timings:' }).textContent();
const page_ms = [];
const trip_ms = [];
const after_ms = [];
const worker_ms = [];
for (let i = 0; i < nQueries; i++) {
  const x = 60 + ((i * 97) % 600);
  const y = 40 + ((i * 53) % 420);
  await page.getByLabel('Query point').fill(`${x}, ${y}`);
  // Timed inside the page: from the Enter key to the frame after the answer reaches the DOM, split at the
  // controller's marks (request sent, answer received) so the worker's round trip and the redraw show apart.
  const done = page.evaluate(([x, y]) => new Promise((resolve) => {
    const t0 = performance.now();
    const mark = (name) => performance.getEntriesByName(name).filter((e) => e.startTime >= t0).at(-1)?.startTime ?? NaN;
    const check = () => {
      const el = document.querySelector(`[data-testid=match-details][data-source-x="${x}"][data-source-y="${y}"][data-pending="false"]`);
      if (el) {
        const dom = performance.now();
        requestAnimationFrame(() => {
          const end = performance.now();
          resolve({ total: end - t0, roundTrip: mark('matchscope:query-answer') - mark('matchscope:query-sent'), afterAnswer: end - mark('matchscope:query-answer'), domToFrame: end - dom });
        });
      } else requestAnimationFrame(check);
    };
    document.querySelector('[aria-label="Query point"]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    check();
  }), [x, y]);
  const t = await done;
  page_ms.push(Math.round(t.total));
  trip_ms.push(Math.round(t.roundTrip));
  after_ms.push(Math.round(t.afterAnswer));
  const w = await page.getByTestId('match-details').locator('dd', { hasText: ' ms' }).textContent();
  worker_ms.push(Number.parseFloat(w));
}
const pct = (a, p) => [...a].sort((u, v) => u - v)[Math.min(a.length - 1, Math.floor(p * a.length))];
console.log(JSON.stringify({
  backend: await page.getByRole('note', { name: 'Backend' }).textContent(), descriptor, stride: Number(stride),
  drop_to_ready_ms: dropToReady, stage_timings: timings?.replace('Timings: ', ''),
  query_page_ms: { p50: pct(page_ms, 0.5), p95: pct(page_ms, 0.95) },
  query_worker_ms: { p50: pct(worker_ms, 0.5), p95: pct(worker_ms, 0.95) },
  // Request sent → answer in the page (worker + colouring + transfer), and answer → the next frame (redraw).
  query_round_trip_ms: { p50: pct(trip_ms, 0.5), p95: pct(trip_ms, 0.95) },
  query_answer_to_frame_ms: { p50: pct(after_ms, 0.5), p95: pct(after_ms, 0.95) },
}, null, 1));
await ctx.close();
