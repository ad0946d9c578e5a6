import { expect, test } from '@playwright/test';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded, waitReady } from './helpers';

// The patch networks (src/engine/learned/patchnet): DeepDesc as a descriptor in the picker, the 2-channel
// network as a pair scorer for the click query, and the scanline search mode.

test('DeepDesc from the picker matches the built-in graffiti pair', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=graffiti&descriptor=patch&stride=16');
  await waitReady(page, 170_000);
  await page.getByLabel('Descriptor').selectOption({ label: 'DeepDesc (siamese, L2; trained here)' });
  await waitReady(page, 170_000);
  await expect(page).toHaveURL(/descriptor=deepdesc/);
  const count = page.getByTestId('match-count');
  await expect(count).toContainText('DeepDesc');
  expect(Number(await count.getAttribute('data-count'))).toBeGreaterThan(50);
  await page.getByLabel('Query point').fill('400, 300');
  await page.getByLabel('Query point').press('Enter');
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-descriptor', 'deepdesc');
  await expect(page.getByTestId('heatmap-legend')).toContainText('Euclidean distance');
  await page.screenshot({ path: test.info().outputPath('deepdesc.png') });
  expect(errors).toEqual([]);
});

test('2-channel click query: a heatmap over the search window, the best match within a pixel, and its cost', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=none&descriptor=patch&stride=8');
  const img = readPng('graffiti/graf1.png');
  // source (x, y) is target (x − 6, y − 4).
  await dropFiles(page, 'source', [{ name: '2ch-a.png', type: 'image/png', bytes: cropPng(img, 250, 180, 240, 180) }]);
  await expect(page.getByTestId('stage')).toHaveAttribute('data-names', /2ch-a\.png/);
  await dropFiles(page, 'target', [{ name: '2ch-b.png', type: 'image/png', bytes: cropPng(img, 256, 184, 240, 180) }]);
  await waitLoaded(page, '2ch-a.png', '2ch-b.png');
  await page.getByLabel('Query similarity').selectOption('2ch');
  await page.getByLabel('2-channel search radius').selectOption('16');
  for (const [x, y] of [[120, 90], [60, 120]]) {
    await page.getByLabel('Query point').fill(`${x}, ${y}`);
    await page.getByLabel('Query point').press('Enter');
    const details = page.getByTestId('match-details');
    await expect(details).toHaveAttribute('data-source-x', String(x));
    await expect(details).toHaveAttribute('data-descriptor', '2ch');
    const m = await matchDetails(page);
    expect(Math.abs(m.tx - (x - 6)), `query (${x}, ${y}) → (${m.tx}, ${m.ty})`).toBeLessThanOrEqual(1);
    expect(Math.abs(m.ty - (y - 4))).toBeLessThanOrEqual(1);
    expect(m.score).toBeGreaterThan(0);
  }
  const cost = page.getByTestId('pair-cost');
  await expect(cost).toHaveAttribute('data-passes', String(33 * 33));
  await expect(cost).toContainText('1,089 forward passes');
  await expect(cost).toContainText('Descriptor network (DeepDesc)');
  await expect(cost).toContainText('n² =');
  expect(Number(await cost.getAttribute('data-ms'))).toBeGreaterThan(0);
  await expect(page.getByTestId('heatmap-legend')).toContainText('2-channel network output');
  await page.screenshot({ path: test.info().outputPath('2ch.png') });
  expect(errors).toEqual([]);
});

test('scanline search on the motorcycle pair: every match on its own row within the disparity range', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=motorcycle&descriptor=census&stride=16');
  await waitReady(page, 170_000);
  await page.getByLabel('Search mode').selectOption('scanline');
  await page.getByLabel('Maximum disparity').fill('60');
  await waitReady(page, 170_000);
  await expect(page.getByTestId('match-count')).toContainText('scanline search d = 0…60');
  await page.getByLabel('Query point').fill('350, 440');
  await page.getByLabel('Query point').press('Enter');
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', '350');
  // The query follows the search mode: same row, x − d with d in 0…60 (disp.pfm: 46.3 px here).
  const m = await matchDetails(page);
  expect(m.ty).toBe(440);
  expect(350 - m.tx).toBeGreaterThanOrEqual(0);
  expect(350 - m.tx).toBeLessThanOrEqual(60);
  await page.screenshot({ path: test.info().outputPath('scanline.png') });
  expect(errors).toEqual([]);
});
