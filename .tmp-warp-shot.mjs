import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const [url, prefix, ...steps] = process.argv.slice(2);
const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1500, height: 900 },
  args: ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const page = await ctx.newPage();
page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
await page.goto(url);
await page.getByRole('status').filter({ hasText: /^Ready$/ }).waitFor({ timeout: 180_000 });
await page.getByRole('tab', { name: 'Warp' }).click();
let k = 0;
for (const step of steps) {
  if (step.startsWith('radio:')) await page.getByRole('radio', { name: step.slice(6) }).check();
  const t0 = Date.now();
  await page.waitForTimeout(400);
  const info = await page.getByTestId('warp-info').evaluate((e) => JSON.stringify(e.dataset)).catch(() => 'no info');
  console.log(step, info, Date.now() - t0);
  await page.screenshot({ path: `${prefix}-${k++}.png` });
}
await ctx.close();
