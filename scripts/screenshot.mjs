#!/usr/bin/env node
// Opens Matchscope in Debian's Chromium, waits for "Ready", optionally clicks a point, and saves a PNG.
// Usage: node scripts/screenshot.mjs URL OUT.png [--click x,y (source pixels)] [--wait-ms N]
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [url = 'http://localhost:5173/', out = 'screenshot.png', ...rest] = process.argv.slice(2);
const opt = (name) => { const i = rest.indexOf(name); return i >= 0 ? rest[i + 1] : undefined; };
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true,
  viewport: { width: 1500, height: 900 },
  args: ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu'],
});
const page = await ctx.newPage();
page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
const t0 = Date.now();
await page.goto(url);
await page.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor({ timeout: 180_000 });
console.log(`ready after ${Date.now() - t0} ms`);
const click = opt('--click');
if (click) {
  await page.getByLabel('Query point').fill(click);
  const t1 = Date.now();
  await page.getByLabel('Query point').press('Enter');
  await page.getByTestId('match-details').waitFor();
  console.log(`query answered after ${Date.now() - t1} ms`);
  console.log(await page.getByTestId('match-details').evaluate((e) => JSON.stringify(e.dataset)));
}
await page.waitForTimeout(Number(opt('--wait-ms') ?? 300));
await page.screenshot({ path: out });
console.log(`saved ${out}`);
await ctx.close();
