/**
 * Interactivity while the worker computes (issue 7): no main-thread task over 50 ms from the drop of the
 * motorcycle pair to "Ready" (the `longtask` entries the browser itself records), a 2048×1536 pair
 * completes, and the backend calibration is shown and cached.
 */
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import os from 'node:os';
import { captureErrors, readPng, waitReady } from './helpers';

interface LongTask { start: number; duration: number; name: string; phase?: string }

async function observeLongTasks(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __longtasks: LongTask[]; __status: { t: number; text: string }[] };
    w.__longtasks = [];
    w.__status = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration, name: e.name });
    }).observe({ type: 'longtask', buffered: true });
    // What the app was doing at each moment, so that a long task can be put down to a phase.
    new MutationObserver(() => {
      const text = document.querySelector('[role=status]')?.textContent ?? '';
      if (w.__status.at(-1)?.text !== text) w.__status.push({ t: performance.now(), text });
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const longTasksSince = (page: Page, t0: number) =>
  page.evaluate((t0) => {
    const w = window as unknown as { __longtasks: LongTask[]; __status: { t: number; text: string }[] };
    const phase = (t: number) => w.__status.filter((s) => s.t <= t).at(-1)?.text ?? '';
    return w.__longtasks.filter((e) => e.start >= t0).map((e) => ({ ...e, start: Math.round(e.start - t0), phase: phase(e.start) }));
  }, t0);

/**
 * Drops the motorcycle pair on the panes from File objects made in the page beforehand, so that handing
 * the bytes to the page (a protocol transfer, itself a long task) happens before the clock starts.
 */
async function prepareMotorcycle(page: Page) {
  await page.evaluate(async () => {
    const file = async (n: string) => new File([await (await fetch(`/samples/motorcycle/${n}`)).blob()], n, { type: 'image/png' });
    (window as unknown as { __files: File[] }).__files = [await file('left.png'), await file('right.png')];
  });
}

async function dropPrepared(page: Page) {
  await page.evaluate(() => {
    const files = (window as unknown as { __files: File[] }).__files;
    // Both files in one drop: the app loads the first as the source, the second as the target.
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    const panes = document.querySelector('main.panes')!;
    const r = panes.getBoundingClientRect();
    const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
    for (const type of ['dragenter', 'dragover', 'drop']) panes.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt, clientX: x, clientY: y }));
  });
}

async function pickFile(page: Page, side: 'source' | 'target', name: string, bytes: Buffer) {
  await page.getByLabel(side === 'source' ? 'Source image' : 'Target image', { exact: true }).setInputFiles({ name, mimeType: 'image/png', buffer: bytes });
}

/** Nearest-neighbour upscale of a sample to w×h (a big photo's size, with the sample's content). */
function upscalePng(img: PNG, w: number, h: number): Buffer {
  const out = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.floor((y * img.height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.floor((x * img.width) / w));
      img.data.copy(out.data, (y * w + x) * 4, (sy * img.width + sx) * 4, (sy * img.width + sx) * 4 + 4);
    }
  }
  return PNG.sync.write(out);
}

// A timing, so not part of `npm test` (whose results must not depend on how loaded the machine is): run it
// with `npm run measure:longtasks`. Last figures and what is still over 50 ms: issue 7's note and the README.
test('no main-thread task over 50 ms from dropping the motorcycle pair to Ready', async ({ page }) => {
  test.skip(!process.env.MEASURE_LONGTASKS, 'a timing: npm run measure:longtasks');
  test.setTimeout(600_000);
  const errors = captureErrors(page);
  await observeLongTasks(page);
  await page.goto('/?sample=none&descriptor=patch&stride=8');
  await expect(page.getByRole('note', { name: 'Backend' })).not.toHaveText('…', { timeout: 120_000 });
  // Past the initial load (bundle parse, first render, worker start): from here on the page must stay live.
  await prepareMotorcycle(page);
  await page.waitForTimeout(500);
  const t0 = await page.evaluate(() => performance.now());
  await dropPrepared(page);
  await expect(page.getByTestId('stage')).toHaveAttribute('data-names', JSON.stringify(['left.png', 'right.png']), { timeout: 120_000 });
  await waitReady(page, 480_000);
  expect(Number(await page.getByTestId('match-count').getAttribute('data-count'))).toBeGreaterThan(100);
  const long = await longTasksSince(page, t0);
  // The target is 50 ms on a machine to itself. A shared machine with more runnable threads than cores
  // stretches every task's wall time by about load ÷ cores, so the bound is scaled by that (never below 50).
  const stretch = Math.max(1, os.loadavg()[0] / os.cpus().length);
  const limit = 50 * stretch;
  console.log(`long tasks after load (limit ${limit.toFixed(0)} ms, load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores): ${JSON.stringify(long)}`);
  expect(long.filter((e) => e.duration > limit)).toEqual([]);
  // Then clicks: each answer's heatmap arrives coloured from the worker, so the page only draws it.
  const t1 = await page.evaluate(() => performance.now());
  for (let i = 0; i < 10; i++) {
    const [x, y] = [60 + ((i * 97) % 600), 40 + ((i * 53) % 420)];
    await page.getByLabel('Query point').fill(`${x}, ${y}`);
    await page.getByLabel('Query point').press('Enter');
    await expect(page.locator(`[data-testid=match-details][data-source-x="${x}"][data-pending="false"]`)).toBeVisible();
  }
  const clicks = await longTasksSince(page, t1);
  console.log(`long tasks during 10 queries: ${JSON.stringify(clicks)}`);
  expect(clicks.filter((e) => e.duration > limit)).toEqual([]);
  expect(errors).toEqual([]);
});

test('a 2048×1536 pair completes: computed at working size, shown at full size', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = captureErrors(page);
  await page.goto('/?sample=none&descriptor=patch&stride=8');
  await expect(page.getByRole('note', { name: 'Backend' })).not.toHaveText('…', { timeout: 120_000 });
  await pickFile(page, 'source', 'big-left.png', upscalePng(readPng('motorcycle/left.png'), 2048, 1536));
  await pickFile(page, 'target', 'big-right.png', upscalePng(readPng('motorcycle/right.png'), 2048, 1536));
  await expect(page.getByTestId('stage')).toHaveAttribute('data-names', JSON.stringify(['big-left.png', 'big-right.png']), { timeout: 120_000 });
  await waitReady(page, 480_000);
  await expect(page.getByText('The source image (2048×1536) is computed at')).toBeVisible();
  expect(Number(await page.getByTestId('match-count').getAttribute('data-count'))).toBeGreaterThan(100);
  expect(errors).toEqual([]);
});

test('the backend choice shows its calibration figures, cached across reloads and re-measured on demand', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=none');
  await expect(page.getByRole('note', { name: 'Backend' })).toHaveText('wasm', { timeout: 120_000 });
  await page.getByLabel('Why this backend').click();
  const table = page.getByRole('table', { name: 'Calibration figures' });
  await expect(table.getByRole('row', { name: /^wasm \d+ ms/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Backend calibration' })).toContainText('Not measured: cpu');
  const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem('matchscope.calibration') ?? '[]') as { at: string; figures: { id: string; describeMs: number }[] }[]);
  const first = await stored();
  expect(first).toHaveLength(1);
  expect(first[0].figures.map((f) => f.id)).toEqual(['wasm']);
  expect(first[0].figures[0].describeMs).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('calibration.png') });
  // A reload takes the figures from the cache: same measurement time.
  await page.reload();
  await expect(page.getByRole('note', { name: 'Backend' })).toHaveText('wasm', { timeout: 120_000 });
  expect((await stored())[0].at).toBe(first[0].at);
  await page.getByLabel('Why this backend').click();
  await page.getByRole('button', { name: 'Re-measure' }).click();
  await expect.poll(async () => (await stored())[0].at, { timeout: 60_000 }).not.toBe(first[0].at);
  expect(errors).toEqual([]);
});
