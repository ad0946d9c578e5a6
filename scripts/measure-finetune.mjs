#!/usr/bin/env node
// Measures "Fine-tune on this pair" (UCN) in Debian's Chromium on a bundled pair: the Evaluation panel's PCK of
// UCN hn before, then of the tuned model after a run without and a run with the pair's ground truth (the panel's
// defaults otherwise), with the time of each run. Screenshots go to the system's temporary folder.
// Usage: node scripts/measure-finetune.mjs [URL] [--sample motorcycle|graffiti] [--steps N]
// Start the app first (npm run dev, or npx vite preview). Prints one line per step.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const url = args[0]?.startsWith('http') ? args[0] : 'http://localhost:5173/';
const sample = args.includes('--sample') ? args[args.indexOf('--sample') + 1] : 'motorcycle';
const steps = args.includes('--steps') ? args[args.indexOf('--steps') + 1] : null;
const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-finetune-'));
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 860 },
  args: ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu'] });
const page = await ctx.newPage();
const t = () => new Date().toISOString().slice(11, 19);
const ready = async () => { await page.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor({ timeout: 600_000 }); };
await page.goto(`${url}?sample=${sample}&descriptor=ucn&p.variant=hn&stride=8`);
await ready(); console.log(t(), 'ready');
async function evaluate(label) {
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Evaluate' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="eval-table"] tr[data-descriptor="ucn"]') && !document.querySelector('.evaluate-panel button:disabled'), null, { timeout: 600_000 });
  await page.waitForTimeout(500);
  const m = JSON.parse(await page.locator('[data-testid="eval-table"] tr[data-descriptor="ucn"]').getAttribute('data-metrics'));
  console.log(t(), label, 'PCK@1/3/5/10', ['1','3','5','10'].map((k) => (100 * m.pck[k]).toFixed(1)).join(' / '), 'points', m.points, 'EPE med', m.epe_median?.toFixed?.(1), `${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
await evaluate('hn (before)');
const panel = page.locator('.finetune-panel');
if (steps) await panel.getByLabel('Steps').fill(steps);
for (const useGt of [false, true]) {
  const box = panel.getByLabel('Use ground truth');
  if ((await box.isChecked()) !== useGt) await box.click();
  const t0 = Date.now();
  await panel.getByRole('button', { name: 'Start fine-tuning' }).click();
  await page.getByTestId('loss-point').nth(Math.min(4, Number(steps ?? 15) - 1)).waitFor({ timeout: 600_000 });
  await page.locator('.side-panel').evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.screenshot({ path: path.join(shots, `${sample}-mid-gt${useGt}.png`) });
  await page.getByTestId('finetune-outcome').filter({ hasText: 'Done' }).waitFor({ timeout: 900_000 });
  console.log(t(), `useGT=${useGt}`, `${((Date.now() - t0) / 1000).toFixed(0)} s wall`, (await page.getByTestId('finetune-outcome').locator('p').first().textContent()).replace(/\s+/g, ' '));
  await page.locator('.side-panel').evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.screenshot({ path: path.join(shots, `${sample}-done-gt${useGt}.png`) });
  await ready();
  await evaluate(`tuned (useGT=${useGt})`);
}
console.log(`screenshots: ${shots}`);
await ctx.close();
