import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureErrors, cropPng, dropFiles, readPng, waitLoaded } from './helpers';

/** Source (x, y) is target (x − 23, y − 11): the target crop starts 23 px right and 11 px down. */
const DX = -23;
const DY = -11;
const W = 300;
const H = 220;

const apply = (h: number[], x: number, y: number) => {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
};

test('Warp view on a shifted pair: RANSAC finds the shift, the exported warp matches the target, the field and flow show', async ({ page }) => {
  const errors = captureErrors(page);
  const img = readPng('graffiti/graf1.png');
  const a = cropPng(img, 200, 150, W, H);
  const b = cropPng(img, 200 - DX, 150 - DY, W, H);
  await page.goto('/?sample=none&descriptor=patch&stride=4&tstride=1');
  await dropFiles(page, 'source', [{ name: 'warp-a.png', type: 'image/png', bytes: a }]);
  await dropFiles(page, 'target', [{ name: 'warp-b.png', type: 'image/png', bytes: b }]);
  await waitLoaded(page, 'warp-a.png', 'warp-b.png');

  await page.getByRole('tab', { name: 'Warp' }).click();
  await expect(page).toHaveURL(/view=warp/);
  const info = page.getByTestId('warp-info');
  // (a) The dense NN field: the cells of the mutual matches cover most of the overlap and agree with the
  // target. (Every target pixel is searched, tstride=1, as the shift is not a multiple of the stride.)
  await expect(info).toHaveAttribute('data-through', 'field');
  const fieldValid = Number(await info.getAttribute('data-valid'));
  const fieldMad = Number(await info.getAttribute('data-mad'));
  console.log(`NN field: ${fieldValid} target pixels covered, mean |warped − target| ${fieldMad}`);
  expect(fieldValid).toBeGreaterThan(0.8 * (W + DX) * (H + DY));
  expect(fieldMad).toBeLessThan(2);

  // (b) RANSAC: H is the shift, within 0.5 px at every corner.
  await page.getByRole('radio', { name: 'RANSAC homography' }).check();
  await expect(info).toHaveAttribute('data-through', 'ransac');
  const hm = JSON.parse((await page.getByTestId('warp-h').getAttribute('data-h'))!) as number[];
  for (const [x, y] of [[0, 0], [W - 1, 0], [W - 1, H - 1], [0, H - 1]]) {
    const [u, v] = apply(hm, x, y);
    expect(Math.hypot(u - (x + DX), v - (y + DY))).toBeLessThan(0.5);
  }
  const kept = Number(await info.getAttribute('data-kept'));
  const inliers = Number(await info.getAttribute('data-inliers'));
  expect(inliers / kept).toBeGreaterThan(0.5);
  await expect(page.getByTestId('ransac-inliers')).toContainText('inliers');

  // Export PNG: the warped source at full resolution; where it is opaque it is the target.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-warp-'));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const file = path.join(dir, 'warp.png');
  await (await download).saveAs(file);
  const warped = PNG.sync.read(fs.readFileSync(file));
  const target = PNG.sync.read(b);
  expect([warped.width, warped.height]).toEqual([W, H]);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < W * H; i++) {
    if (warped.data[i * 4 + 3] !== 255) continue;
    n++;
    for (let c = 0; c < 3; c++) sum += Math.abs(warped.data[i * 4 + c] - target.data[i * 4 + c]);
  }
  // The overlap is (W − 23) × (H − 11) pixels.
  expect(Math.abs(n - (W + DX) * (H + DY))).toBeLessThan(0.02 * W * H);
  expect(sum / (3 * n)).toBeLessThan(2);

  // Display modes draw; the flow mode shows its colour wheel with the flow length of the rim.
  for (const mode of ['Swipe', 'Checkerboard', 'Difference']) {
    await page.getByRole('radio', { name: mode }).check();
    await expect(page.getByTestId('warp-canvas')).toBeVisible();
  }
  await page.getByRole('radio', { name: 'Flow' }).check();
  const legend = page.getByTestId('flow-legend');
  await expect(legend).toBeVisible();
  expect(Number(await legend.getAttribute('data-max-rad'))).toBeGreaterThanOrEqual(Math.hypot(DX, DY) - 0.5);
  expect(errors).toEqual([]);
});
