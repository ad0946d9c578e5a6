import { expect, test, type Page } from '@playwright/test';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded, waitReady } from './helpers';
import { expectAllFinite, typedQuery, workerDiagnostics } from './robustHelpers';

/**
 * Running out of memory, as it arrives for real: a worker the browser ends without an error event (killed
 * for memory), and distance tiles the backend cannot allocate (the backend's own out-of-memory error, made
 * by the worker's fault hook). Crops of graf1 with a known offset give the right answer to check against.
 */
const graf = readPng('graffiti/graf1.png');
const crop = (name: string, x: number, y: number, w: number, h: number) => ({ name, type: 'image/png', bytes: cropPng(graf, x, y, w, h) });

const alert = (page: Page) => page.getByRole('alert');
const notice = (page: Page, text: string) => page.locator('.notice', { hasText: text });

test('the worker dies silently: the app notices, says so, restarts, and keeps the images, settings and query', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=none&debug=1&descriptor=census&stride=4&mutual=0');
  await dropFiles(page, 'source', [crop('silent-a.png', 200, 150, 160, 120)]);
  await dropFiles(page, 'target', [crop('silent-b.png', 211, 157, 160, 120)]);
  await waitLoaded(page, 'silent-a.png', 'silent-b.png');
  await typedQuery(page, 80, 60);
  const before = { details: await matchDetails(page), count: await page.getByTestId('match-count').getAttribute('data-count'), url: page.url() };
  expect([before.details.tx, before.details.ty]).toEqual([69, 53]);
  const workerBefore = (await workerDiagnostics(page)).workerId;
  await page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });

  // Worker.terminate() behind the controller's back: no error event, no message, as when the browser kills it.
  await page.evaluate(() => window.matchscopeDebug!.killWorker());
  await expect(alert(page)).toContainText('the engine worker stopped without an error, probably out of memory', { timeout: 10_000 });
  await expect(alert(page)).toContainText('The engine was restarted; your images and settings are kept.');
  await waitReady(page);

  expect((await workerDiagnostics(page)).workerId).not.toBe(workerBefore);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expect(page.getByTestId('stage')).toHaveAttribute('data-names', JSON.stringify(['silent-a.png', 'silent-b.png']));
  await expect(page.getByTestId('match-count')).toHaveAttribute('data-count', before.count!);
  expect(page.url()).toBe(before.url);
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-pending', 'false');
  expect(await matchDetails(page)).toEqual(before.details);
  await expectAllFinite(page);

  // A worker the client ends on purpose (after an error event) is not taken for a second, silent death.
  const restarted = (await workerDiagnostics(page)).workerId;
  await page.evaluate(() => window.matchscopeDebug!.crashWorker());
  await expect(alert(page)).toContainText('crash requested by a test');
  await waitReady(page);
  const afterCrash = (await workerDiagnostics(page)).workerId;
  expect(afterCrash).not.toBe(restarted);
  await page.waitForTimeout(1500);
  expect((await workerDiagnostics(page)).workerId).toBe(afterCrash);
  await expect(alert(page)).not.toContainText('stopped without an error');
  expect(errors.filter((e) => !e.includes('crash requested by a test'))).toEqual([]);
});

type Matches = { x0: number[]; y0: number[]; x1: number[]; y1: number[]; score: number[]; mutual: number[] };
const readMatches = (page: Page) => page.evaluate(() => {
  const m = (window.matchscopeDebug!.state() as unknown as { compute: { matches: Record<'x0' | 'y0' | 'x1' | 'y1' | 'score', Float32Array> & { mutual: Uint8Array } } }).compute.matches;
  return { x0: Array.from(m.x0), y0: Array.from(m.y0), x1: Array.from(m.x1), y1: Array.from(m.y1), score: Array.from(m.score), mutual: Array.from(m.mutual) };
}) as Promise<Matches>;
const onlyMutual = (m: Matches): Matches => {
  const keep = m.mutual.flatMap((f, i) => (f ? [i] : []));
  const pick = (a: number[]) => keep.map((i) => a[i]);
  return { x0: pick(m.x0), y0: pick(m.y0), x1: pick(m.x1), y1: pick(m.y1), score: pick(m.score), mutual: keep.map(() => 1) };
};

test('WebGPU runs out of memory: smaller tiles with a notice and the same matches, then the next backend', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = captureErrors(page);
  // 64×48 at stride 2: 768 × 768 grid points, a 2.25 MB distance tile; SwiftShader's WebGPU is slow, so no larger.
  await page.goto('/?sample=none&debug=1&backend=webgpu&descriptor=patch&stride=2&mutual=0');
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('webgpu', { timeout: 60_000 });
  await dropFiles(page, 'source', [crop('oom-a.png', 300, 200, 64, 48)]);
  await dropFiles(page, 'target', [crop('oom-b.png', 306, 203, 64, 48)]);
  await waitLoaded(page, 'oom-a.png', 'oom-b.png', 240_000);
  await typedQuery(page, 32, 24);
  expect(await matchDetails(page)).toMatchObject({ tx: 26, ty: 21 });
  const baseline = await readMatches(page);
  expect(baseline.x1.length).toBe(768);

  // The next tile of 1 MB or more fails (the coarse preview's smaller tile does not): 2.25 MB, then 1.1 MB fits.
  await page.evaluate(() => window.matchscopeDebug!.outOfMemory(1, 1 << 20));
  await page.getByLabel('Mutual check').check();
  await expect(notice(page, 'GPU memory ran out; retried with smaller tiles (1.1 MB)')).toBeVisible({ timeout: 120_000 });
  await waitReady(page, 240_000);
  const retried = await readMatches(page);
  // Bit-identical to the matches found with whole tiles (the mutual flags were computed there too).
  expect(retried).toEqual(onlyMutual(baseline));
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('webgpu');

  // Two failures reach the floor (2.25, 1.1 MB; 0.56 MB is below 1 MB): the next backend takes over.
  await page.evaluate(() => window.matchscopeDebug!.outOfMemory(2, 1 << 20));
  await page.getByLabel('Mutual check').uncheck();
  await expect(notice(page, 'GPU memory ran out on webgpu even with the smallest tiles')).toContainText('computing on wasm instead', { timeout: 120_000 });
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('wasm');
  await waitReady(page, 240_000);
  expect((await workerDiagnostics(page)).backend).toBe('wasm');
  await expect(page.locator('.backend-reason')).toContainText('webgpu ran out of memory');
  // Another backend breaks near-ties its own way (float sums in another order), so the check is against the
  // known shift: as many grid points find their true match on wasm as did on webgpu (raw 5×5 patches on a
  // 64×48 crop at stride 2).
  const onWasm = await readMatches(page);
  expect(onWasm.x1.length).toBe(baseline.x1.length);
  const right = (m: Matches) => m.x1.filter((x, i) => x === m.x0[i] - 6 && m.y1[i] === m.y0[i] - 3).length;
  expect(right(baseline)).toBeGreaterThan(0.2 * baseline.x1.length);
  expect(Math.abs(right(onWasm) - right(baseline))).toBeLessThanOrEqual(0.01 * baseline.x1.length);
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-pending', 'false');
  expect(await matchDetails(page)).toMatchObject({ sx: 32, sy: 24, tx: 26, ty: 21 });
  await expectAllFinite(page);
  expect(errors).toEqual([]);
});
