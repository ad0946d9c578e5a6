import { expect, test } from '@playwright/test';
import { captureErrors, cropPng, readPng, waitLoaded } from './helpers';
import { typedQuery, workerDiagnostics } from './robustHelpers';

/**
 * A short soak (scripts/soak.mjs is the long one): 5 pair loads and 50 queries leave the worker with exactly
 * the tensors it had after the first pair (two cached maps), and the Diagnostics panel shows the same count.
 */
const graf = readPng('graffiti/graf1.png');

test('5 pair loads and 50 queries: worker tensors return to their baseline', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=none&debug=1&descriptor=census&stride=8');
  const load = async (i: number) => {
    const names = [`leak-${i}-a.png`, `leak-${i}-b.png`];
    const x = 100 + i * 40;
    await page.getByLabel('Source image').setInputFiles({ name: names[0], mimeType: 'image/png', buffer: cropPng(graf, x, 150, 160, 120) });
    await page.getByLabel('Target image').setInputFiles({ name: names[1], mimeType: 'image/png', buffer: cropPng(graf, x + 5, 153, 160, 120) });
    await waitLoaded(page, names[0], names[1]);
  };
  await load(0);
  await typedQuery(page, 80, 60);
  const base = await workerDiagnostics(page);
  expect(base.cachedMaps).toBe(2);
  expect(base.numTensors).toBeGreaterThan(0);

  for (let i = 1; i <= 5; i++) {
    await load(i);
    for (let k = 0; k < 10; k++) await typedQuery(page, 10 + ((i * 37 + k * 13) % 140), 10 + ((i * 11 + k * 7) % 100));
  }
  const end = await workerDiagnostics(page);
  expect(end.cachedMaps).toBe(2);
  expect(end.numTensors).toBe(base.numTensors);
  expect(end.numBytes).toBe(base.numBytes);

  await page.getByText('Diagnostics', { exact: true }).click();
  await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-tensors', String(end.numTensors));
  await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-backend', 'wasm');
  expect(errors).toEqual([]);
});
