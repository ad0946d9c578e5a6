import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded, waitReady } from './helpers';

// "Fine-tune on this pair" (UCN, Choy et al., NIPS 2016) on a shifted graffiti crop with its homography.
const SHIFT = [21, 10];

interface Manifest { model: string; variant: string; weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[] }

/** float32 weights by name, read in manifest order as the engine's decodeWeights does; throws on a size mismatch. */
function readWeights(m: Manifest, bytes: Buffer): Map<string, { shape: number[]; values: number[] }> {
  const out = new Map<string, { shape: number[]; values: number[] }>();
  let at = 0;
  for (const w of m.weightsManifest.flatMap((g) => g.weights)) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    out.set(w.name, { shape: w.shape, values: Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + 4 * n))) });
    at += 4 * n;
  }
  if (at !== bytes.length) throw new Error(`manifest accounts for ${at} bytes, weights.bin holds ${bytes.length}`);
  return out;
}
const H_TXT = `1 0 ${-SHIFT[0]}\n0 1 ${-SHIFT[1]}\n0 0 1\n`;

/**
 * Queries (x, y) and waits for its own answer (the details come from the result, never from the pending query).
 * When the details already show (x, y), from an answer computed before, the query first moves a pixel away:
 * otherwise that old answer would pass for the new one.
 */
async function queryAt(page: Page, x: number, y: number) {
  const shown = page.getByTestId('match-details');
  if (await shown.count() && await shown.getAttribute('data-source-x') === String(x) && await shown.getAttribute('data-source-y') === String(y)) await queryAt(page, x + 1, y);
  await page.getByLabel('Query point').fill(`${x}, ${y}`);
  await page.getByLabel('Query point').press('Enter');
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', String(x));
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-y', String(y));
  return matchDetails(page);
}

test('fine-tune on this pair: live chart and progress, tuned model selected and recomputed, download loads back, cancel keeps it', async ({ page }, info) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=ucn&p.variant=hn&stride=8&sample=none&debug=1');
  const img = readPng('graffiti/graf1.png');
  await dropFiles(page, 'source', [{ name: 'ft-a.png', type: 'image/png', bytes: cropPng(img, 250, 180, 160, 120) }]);
  await dropFiles(page, 'target', [{ name: 'ft-b.png', type: 'image/png', bytes: cropPng(img, 250 + SHIFT[0], 180 + SHIFT[1], 160, 120) }]);
  await waitLoaded(page, 'ft-a.png', 'ft-b.png');
  await page.getByLabel('Ground truth file').setInputFiles({ name: 'H-shift.txt', mimeType: 'text/plain', buffer: Buffer.from(H_TXT) });
  await expect(page.getByTestId('gt-status')).toContainText('H-shift.txt');
  const before = await queryAt(page, 80, 60);

  const panel = page.locator('.finetune-panel');
  await expect(panel.getByLabel('Use ground truth')).toBeEnabled();
  await panel.getByLabel('Steps').fill('6');
  await panel.getByLabel('Crop (px)').fill('64');
  await panel.getByRole('button', { name: 'Start fine-tuning' }).click();
  // Mid-run: the progress bar and the first chart points (step 0 has no loss; step 1 does).
  await expect(page.getByTestId('finetune-progress')).toBeVisible();
  await expect.poll(() => page.getByTestId('loss-point').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await page.locator('.side-panel').evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.screenshot({ path: info.outputPath('finetune-running.png') });
  await expect(page.getByTestId('finetune-outcome')).toContainText('Done: 6 steps', { timeout: 60_000 });
  await expect(page.getByTestId('loss-point')).toHaveCount(6);
  await expect(page.getByTestId('finetune-outcome')).toContainText("On this pair's ground truth");
  await expect(page.getByTestId('finetune-outcome')).toContainText('not held out');
  await expect(page).toHaveURL(/p\.variant=tuned/);
  await waitReady(page);
  const after = await queryAt(page, 80, 60);
  expect(after.descriptor).toBe('ucn');
  expect(after.score).not.toBe(before.score);
  const afterB = await queryAt(page, 100, 70);
  await page.locator('.side-panel').evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.screenshot({ path: info.outputPath('finetune-done.png') });

  // Download: model.json + weights.bin + card.json; the weights decode back with the engine's reader.
  const files: Record<string, Buffer> = {};
  page.on('download', (d) => void d.path().then((p) => { files[d.suggestedFilename()] = readFileSync(p); }));
  await panel.getByRole('button', { name: 'Download tuned model' }).click();
  await expect.poll(() => Object.keys(files).sort(), { timeout: 10_000 }).toEqual(['card.json', 'model.json', 'weights.bin']);
  const model = JSON.parse(files['model.json'].toString()) as Manifest;
  expect([model.model, model.variant]).toEqual(['ucn', 'hn']);
  const w = readWeights(model, files['weights.bin']);
  const shipped = readWeights(model, readFileSync('public/models/ucn-hn/weights.bin'));
  expect(w.get('conv2/kernel')!.shape).toEqual([3, 3, 32, 64]);
  expect(w.get('conv2/kernel')!.values).not.toEqual(shipped.get('conv2/kernel')!.values);
  expect(w.get('conv2/kernel')!.values.every(Number.isFinite)).toBe(true);
  const card = JSON.parse(files['card.json'].toString()) as { images: { source: string }; loss_curve: unknown[]; trained_on_ground_truth: boolean; steps: number };
  expect([card.images.source, card.loss_curve.length, card.trained_on_ground_truth, card.steps]).toEqual(['ft-a.png', 7, true, 6]);

  // Cancel mid-run: the partial run is discarded and the tuned model stays selected.
  await panel.getByLabel('Steps').fill('200');
  await panel.getByRole('button', { name: 'Start fine-tuning' }).click();
  await expect.poll(() => page.getByTestId('loss-point').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('finetune-outcome')).toContainText('Cancelled');
  await expect(page).toHaveURL(/p\.variant=tuned/);
  expect((await queryAt(page, 80, 60)).score).toBe(after.score);
  // The status line names the run while it goes, and its Cancel stops it as the panel's does.
  await panel.getByRole('button', { name: 'Start fine-tuning' }).click();
  await expect(page.getByRole('status')).toContainText('fine-tuning UCN', { ignoreCase: true });
  await expect(page.getByTestId('finetune-outcome')).toHaveCount(0);
  await page.locator('.statusbar').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('finetune-outcome')).toContainText('Cancelled');
  await expect(page.getByTestId('finetune-progress')).toBeHidden();
  await expect(page.getByRole('status')).not.toContainText('fine-tuning', { ignoreCase: true });

  // The worker dies mid-run: the run is reported as stopped; the restarted worker gets the tuned model back.
  await panel.getByRole('button', { name: 'Start fine-tuning' }).click();
  await expect.poll(() => page.getByTestId('loss-point').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  await page.evaluate(() => window.matchscopeDebug!.killWorker());
  await expect(page.getByTestId('finetune-outcome')).toContainText('The run stopped');
  await waitReady(page);
  await expect(page).toHaveURL(/p\.variant=tuned/);
  expect((await queryAt(page, 100, 70)).score).toBe(afterB.score);
  expect(errors).toEqual([]);
});

test('variant=tuned in a fresh tab (no tuning in this engine) falls back to hn with a notice', async ({ page }) => {
  await page.goto('/?descriptor=ucn&p.variant=tuned&stride=8&sample=none');
  const img = readPng('graffiti/graf1.png');
  await dropFiles(page, 'source', [{ name: 'r-a.png', type: 'image/png', bytes: cropPng(img, 250, 180, 96, 72) }]);
  await dropFiles(page, 'target', [{ name: 'r-b.png', type: 'image/png', bytes: cropPng(img, 260, 185, 96, 72) }]);
  await expect(page.getByText(/exists only in the tab that trained it/)).toBeVisible({ timeout: 60_000 });
  await expect(page).toHaveURL(/p\.variant=hn/);
  await waitReady(page);
});
