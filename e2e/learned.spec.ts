import { expect, test } from '@playwright/test';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded, waitReady } from './helpers';

// Learned descriptors load their weights from public/models in the worker; these run them in the app.

test('CNN features on a dropped pair with a known shift: typed queries land within a few px', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=census&stride=4&sample=none');
  const img = readPng('graffiti/graf1.png');
  // source (x, y) is target (x − 21, y − 10).
  await dropFiles(page, 'source', [{ name: 'cnn-a.png', type: 'image/png', bytes: cropPng(img, 250, 180, 240, 180) }]);
  await dropFiles(page, 'target', [{ name: 'cnn-b.png', type: 'image/png', bytes: cropPng(img, 271, 190, 240, 180) }]);
  await waitLoaded(page, 'cnn-a.png', 'cnn-b.png');
  await page.getByLabel('Descriptor').selectOption({ label: 'CNN features (MobileNetV2)' });
  await waitReady(page, 170_000);
  await expect(page).toHaveURL(/descriptor=cnn/);
  for (const [x, y] of [[120, 90], [70, 60], [170, 120]]) {
    await page.getByLabel('Query point').fill(`${x}, ${y}`);
    await page.getByLabel('Query point').press('Enter');
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', String(x));
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-y', String(y));
    const m = await matchDetails(page);
    expect(m.descriptor).toBe('cnn');
    expect(Math.hypot(m.tx - (x - 21), m.ty - (y - 10)), `query (${x}, ${y}) → (${m.tx}, ${m.ty})`).toBeLessThanOrEqual(4);
    expect(m.score).toBeGreaterThan(0.8);
  }
  await page.screenshot({ path: test.info().outputPath('cnn.png') });
  expect(errors).toEqual([]);
});

test('MC-CNN on a stereo crop: the match of a typed query lies on the same row at the true disparity', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=mccnn&stride=4&sample=none');
  const left = readPng('motorcycle/left.png');
  const right = readPng('motorcycle/right.png');
  // Rows from 405 on are held out of MC-CNN's training; both crops start at the same x, so disparities are unchanged.
  await dropFiles(page, 'source', [{ name: 'mc-left.png', type: 'image/png', bytes: cropPng(left, 260, 400, 160, 100) }]);
  // The panes' layout follows the first image's shape: drop the second one once it has settled.
  await expect(page.getByTestId('stage')).toHaveAttribute('data-names', /mc-left\.png/);
  await dropFiles(page, 'target', [{ name: 'mc-right.png', type: 'image/png', bytes: cropPng(right, 260, 400, 160, 100) }]);
  await waitLoaded(page, 'mc-left.png', 'mc-right.png', 170_000);
  await expect(page.getByLabel('Descriptor')).toHaveValue('mccnn');
  await page.getByLabel('Query point').fill('90, 40');
  await page.getByLabel('Query point').press('Enter');
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', '90');
  const m = await matchDetails(page);
  expect(m.descriptor).toBe('mccnn');
  expect(Math.abs(m.ty - 40)).toBeLessThanOrEqual(1);
  // disp.pfm at left (350, 440): 46.3 px.
  expect(Math.abs(m.sx - m.tx - 46.3)).toBeLessThanOrEqual(3);
  await page.screenshot({ path: test.info().outputPath('mccnn.png') });
  expect(errors).toEqual([]);
});
