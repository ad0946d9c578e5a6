import { expect, test } from '@playwright/test';
import { captureErrors, clickPixel, cropPng, dropFiles, matchDetails, readPng, waitLoaded, waitReady } from './helpers';

test('opens with the motorcycle pair matched, says which backend runs, and answers a typed query', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitReady(page);
  // No real GPU here: the adapter is SwiftShader, so auto picks wasm and says why.
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('wasm');
  await expect(page.locator('.backend-reason')).toContainText('software fallback');
  const count = Number(await page.getByTestId('match-count').getAttribute('data-count'));
  expect(count).toBeGreaterThan(500);
  await page.getByLabel('Query point').fill('400, 250');
  await page.getByLabel('Query point').press('Enter');
  const m = await matchDetails(page);
  expect([m.sx, m.sy]).toEqual([400, 250]);
  // Rectified stereo: the match lies on the same row, to the left, within the disparity range 7…60.
  expect(Math.abs(m.ty - 250)).toBeLessThanOrEqual(1);
  expect(m.sx - m.tx).toBeGreaterThanOrEqual(7);
  expect(m.sx - m.tx).toBeLessThanOrEqual(60);
  await expect(page).toHaveURL(/descriptor=patch/);
  expect(errors).toEqual([]);
});

test('dropped crops with a known offset: click and typed queries return the offset within 1 px', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=census&stride=4');
  await waitReady(page);
  const img = readPng('graffiti/graf1.png');
  // source (x, y) is target (x − 23, y − 11): the target crop starts 23 px right and 11 px down.
  await dropFiles(page, 'source', [{ name: 'crop-a.png', type: 'image/png', bytes: cropPng(img, 200, 150, 300, 220) }]);
  await dropFiles(page, 'target', [{ name: 'crop-b.png', type: 'image/png', bytes: cropPng(img, 223, 161, 300, 220) }]);
  await waitLoaded(page, 'crop-a.png', 'crop-b.png');
  await expect(page.getByLabel('Descriptor')).toHaveValue('census');
  for (const [x, y] of [[150, 110], [60, 40], [250, 180]]) {
    await page.getByLabel('Query point').fill(`${x}, ${y}`);
    await page.getByLabel('Query point').press('Enter');
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', String(x));
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-y', String(y));
    const m = await matchDetails(page);
    expect(Math.abs(m.tx - (x - 23))).toBeLessThanOrEqual(1);
    expect(Math.abs(m.ty - (y - 11))).toBeLessThanOrEqual(1);
  }
  await clickPixel(page, 'source', 120, 90);
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', '120');
  const c = await matchDetails(page);
  expect(c.sy).toBe(90);
  expect(Math.abs(c.tx - 97)).toBeLessThanOrEqual(1);
  expect(Math.abs(c.ty - 79)).toBeLessThanOrEqual(1);
  // Clicking the target queries the other way.
  await clickPixel(page, 'target', 97, 79);
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-from', 'target');
  const r = await matchDetails(page);
  expect(Math.abs(r.sx - 120)).toBeLessThanOrEqual(1);
  expect(Math.abs(r.sy - 90)).toBeLessThanOrEqual(1);
  expect(errors).toEqual([]);
});

test('WebGPU backend, forced, computes the same offset on a small pair', async ({ page }) => {
  const errors = captureErrors(page);
  const img = readPng('graffiti/graf1.png');
  // No sample: the motorcycle pair would take minutes on SwiftShader's emulated GPU.
  await page.goto('/?descriptor=patch&stride=4&backend=webgpu&sample=none');
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('webgpu', { timeout: 60_000 });
  await dropFiles(page, 'source', [{ name: 'small-a.png', type: 'image/png', bytes: cropPng(img, 300, 200, 64, 48) }]);
  await dropFiles(page, 'target', [{ name: 'small-b.png', type: 'image/png', bytes: cropPng(img, 306, 203, 64, 48) }]);
  await waitLoaded(page, 'small-a.png', 'small-b.png', 170_000);
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('webgpu');
  await page.getByLabel('Query point').fill('30, 20');
  await page.getByLabel('Query point').press('Enter');
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', '30');
  const m = await matchDetails(page);
  expect([m.tx, m.ty]).toEqual([24, 17]);
  // d² = ‖a‖² + ‖b‖² − 2a·b in float32 leaves ~1e-6 of cancellation; the reported distance is its sqrt.
  expect(m.score).toBeLessThan(0.01);
  expect(errors).toEqual([]);
});

test('SIFT keypoints (DoG) are detected on both images and matched over the dense field; ASIFT adds tilted views', async ({ page }) => {
  const errors = captureErrors(page);
  const img = readPng('graffiti/graf1.png');
  await page.goto('/?sample=none&descriptor=patch&stride=8');
  await dropFiles(page, 'source', [{ name: 'kp-a.png', type: 'image/png', bytes: cropPng(img, 200, 150, 240, 180) }]);
  await dropFiles(page, 'target', [{ name: 'kp-b.png', type: 'image/png', bytes: cropPng(img, 217, 159, 240, 180) }]);
  await waitLoaded(page, 'kp-a.png', 'kp-b.png');
  await page.getByLabel('SIFT keypoints').check();
  const info = page.getByTestId('keypoint-count');
  await expect(info).toBeVisible({ timeout: 60_000 });
  await waitReady(page);
  const n = Number(await info.getAttribute('data-matches'));
  expect(Number(await info.getAttribute('data-source'))).toBeGreaterThan(20);
  expect(n).toBeGreaterThan(10);
  // ASIFT: SIFT on simulated tilted views of both images, every view pair matched.
  await page.getByLabel('Keypoint method').selectOption('2');
  await expect(info).toContainText('10 views per image', { timeout: 120_000 });
  await waitReady(page);
  expect(Number(await info.getAttribute('data-source'))).toBeGreaterThan(100);
  expect(Number(await info.getAttribute('data-matches'))).toBeGreaterThan(n);
  expect(errors).toEqual([]);
});
