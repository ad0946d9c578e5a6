import { expect, test } from '@playwright/test';
import { PNG } from 'pngjs';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded } from './helpers';

test('mutual information finds the offset on a contrast-inverted copy, learning the mapping from the matches', async ({ page }) => {
  const errors = captureErrors(page);
  const img = readPng('graffiti/graf1.png');
  const inverted = PNG.sync.read(cropPng(img, 223, 161, 300, 220));
  for (let i = 0; i < inverted.data.length; i += 4) for (let c = 0; c < 3; c++) inverted.data[i + c] = 255 - inverted.data[i + c];
  // LSS matches survive inversion (it compares a patch with its own surroundings), so MI learns from good pairs.
  await page.goto('/?sample=none&descriptor=lss&stride=8');
  await dropFiles(page, 'source', [{ name: 'mi-a.png', type: 'image/png', bytes: cropPng(img, 200, 150, 300, 220) }]);
  await dropFiles(page, 'target', [{ name: 'mi-b.png', type: 'image/png', bytes: PNG.sync.write(inverted) }]);
  await waitLoaded(page, 'mi-a.png', 'mi-b.png');
  await page.getByLabel('Query similarity').selectOption('mi');
  for (const [x, y] of [[150, 110], [60, 40], [250, 180]]) {
    await page.getByLabel('Query point').fill(`${x}, ${y}`);
    await page.getByLabel('Query point').press('Enter');
    const details = page.getByTestId('match-details');
    await expect(details).toHaveAttribute('data-source-x', String(x));
    await expect(details).toHaveAttribute('data-descriptor', 'mi');
    const m = await matchDetails(page);
    expect(Math.abs(m.tx - (x - 23))).toBeLessThanOrEqual(1);
    expect(Math.abs(m.ty - (y - 11))).toBeLessThanOrEqual(1);
    expect(m.score).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('mi-samples')).toContainText('pixel pairs around');
  await expect(page.getByTestId('heatmap-legend')).toContainText('mutual information');
  await expect(page.getByTestId('heatmap-legend')).toContainText('higher = more similar');
  expect(errors).toEqual([]);
});
