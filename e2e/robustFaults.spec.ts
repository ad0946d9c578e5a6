import { expect, test, type Page } from '@playwright/test';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded, waitReady } from './helpers';
import { expectAllFinite, typedQuery, workerDiagnostics } from './robustHelpers';

/**
 * Faults injected the way they arrive for real: an uncaught error in the worker, a destroyed GPU device, and
 * a user who changes everything faster than the engine computes. Crops of graf1 with a known offset give
 * the right answer to check against after each.
 */
const graf = readPng('graffiti/graf1.png');
const crop = (name: string, x: number, y: number, w: number, h: number) => ({ name, type: 'image/png', bytes: cropPng(graf, x, y, w, h) });

async function openDiagnostics(page: Page) {
  await page.getByText('Diagnostics', { exact: true }).click();
  await expect(page.getByTestId('diagnostics')).toBeVisible();
}

test('the worker crashes: the app says so, restarts it, recomputes, and keeps the images, settings and query', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=none&debug=1&descriptor=census&stride=4&mutual=0');
  await dropFiles(page, 'source', [crop('crash-a.png', 200, 150, 160, 120)]);
  await dropFiles(page, 'target', [crop('crash-b.png', 211, 157, 160, 120)]);
  await waitLoaded(page, 'crash-a.png', 'crash-b.png');
  await typedQuery(page, 80, 60);
  const before = { details: await matchDetails(page), count: await page.getByTestId('match-count').getAttribute('data-count'), url: page.url() };
  expect([before.details.tx, before.details.ty]).toEqual([69, 53]);
  const workerBefore = (await workerDiagnostics(page)).workerId;
  await page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });

  await openDiagnostics(page);
  await page.getByRole('button', { name: 'Crash the engine (test)' }).click();
  await expect(page.getByRole('alert')).toContainText('the engine worker crashed: Uncaught Error: crash requested by a test');
  await expect(page.getByRole('alert')).toContainText('The engine was restarted; your images and settings are kept.');
  await waitReady(page);

  // A fresh worker, the same page, the same pair, settings and answer.
  expect((await workerDiagnostics(page)).workerId).not.toBe(workerBefore);
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expect(page.getByTestId('stage')).toHaveAttribute('data-names', JSON.stringify(['crash-a.png', 'crash-b.png']));
  await expect(page.getByTestId('match-count')).toHaveAttribute('data-count', before.count!);
  expect(page.url()).toBe(before.url);
  await expect(page.getByLabel('Descriptor')).toHaveValue('census');
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-pending', 'false');
  expect(await matchDetails(page)).toEqual(before.details);
  await expectAllFinite(page);
  expect(errors.filter((e) => !e.includes('crash requested by a test'))).toEqual([]);
});

test('the WebGPU device is lost: the app falls back to the next backend with a notice, without a reload', async ({ page }) => {
  const errors = captureErrors(page);
  // Tiny images: SwiftShader's emulated WebGPU is slow.
  await page.goto('/?sample=none&debug=1&backend=webgpu&descriptor=patch&stride=4');
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('webgpu', { timeout: 60_000 });
  await dropFiles(page, 'source', [crop('gpu-a.png', 300, 200, 48, 36)]);
  await dropFiles(page, 'target', [crop('gpu-b.png', 306, 203, 48, 36)]);
  await waitLoaded(page, 'gpu-a.png', 'gpu-b.png', 170_000);
  await typedQuery(page, 24, 18);
  expect(await matchDetails(page)).toMatchObject({ tx: 18, ty: 15 });
  await page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });

  expect(await page.evaluate(() => window.matchscopeDebug!.loseDevice())).toBe(true);
  await expect(page.locator('.notice')).toContainText('The WebGPU device was lost', { timeout: 60_000 });
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('wasm');
  await waitReady(page);
  await expect(page.locator('.backend-reason')).toContainText('the WebGPU device was lost');
  expect((await workerDiagnostics(page)).backend).toBe('wasm');
  // The query is answered again on the new backend, with the same answer.
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-pending', 'false');
  expect(await matchDetails(page)).toMatchObject({ sx: 24, sy: 18, tx: 18, ty: 15 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expectAllFinite(page);
  expect(errors).toEqual([]);
});

test('20 drops and setting changes in quick succession: only the last input is shown, and no work runs on', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=none&debug=1&descriptor=patch&stride=8');
  await dropFiles(page, 'source', [crop('warm-a.png', 100, 100, 160, 120)]);
  await dropFiles(page, 'target', [crop('warm-b.png', 104, 100, 160, 120)]);
  await waitLoaded(page, 'warm-a.png', 'warm-b.png');

  const stride = page.getByLabel('Stride', { exact: true });
  const descriptors = ['census', 'patch', 'zncc', 'rank'];
  for (let i = 0; i < 16; i++) {
    if (i % 4 === 0) await dropFiles(page, 'source', [crop(`burst-a${i}.png`, 150 + i * 5, 120, 160, 120)]);
    else if (i % 4 === 1) await dropFiles(page, 'target', [crop(`burst-b${i}.png`, 150 + i * 5 + 3, 125, 160, 120)]);
    else if (i % 4 === 2) await stride.fill(String(4 + (i % 8)));
    else await page.getByLabel('Descriptor').selectOption(descriptors[i % descriptors.length]);
  }
  // The last four inputs: the pair and settings the screen must end up showing.
  await page.getByLabel('Descriptor').selectOption('census');
  await stride.fill('4');
  await dropFiles(page, 'source', [crop('last-a.png', 250, 200, 160, 120)]);
  await dropFiles(page, 'target', [crop('last-b.png', 259, 213, 160, 120)]);

  await waitLoaded(page, 'last-a.png', 'last-b.png');
  const shown = await page.evaluate(() => {
    const s = window.matchscopeDebug!.state() as unknown as { compute: { descriptorId: string; options: { stride: number } } };
    return { descriptor: s.compute.descriptorId, stride: s.compute.options.stride };
  });
  expect(shown).toEqual({ descriptor: 'census', stride: 4 });
  await typedQuery(page, 80, 60);
  expect(await matchDetails(page)).toMatchObject({ descriptor: 'census', tx: 71, ty: 47 });

  // Nothing is left pending on the page, and the worker does no more work while the app sits Ready.
  expect(await page.evaluate(() => window.matchscopeDebug!.pendingCalls())).toBe(0);
  const a = await workerDiagnostics(page);
  await page.waitForTimeout(2000);
  const b = await workerDiagnostics(page);
  expect(b.calls.started).toBe(a.calls.started + 1);
  expect(b.calls.completed).toBe(a.calls.completed + 1);
  await expect(page.getByRole('status')).toHaveText('Ready');
  await expectAllFinite(page);
  expect(errors).toEqual([]);
});
