import { expect, test } from '@playwright/test';
import { captureErrors, waitReady } from './helpers';

test('a long job shows its stage and progress, Cancel stops it, and a new setting computes again', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=patch&stride=8');
  await waitReady(page);
  // Stride 2 on the motorcycle pair: 92 000 × 92 000 grid points, minutes of work on wasm.
  await page.getByLabel('Stride', { exact: true }).fill('2');
  await expect(page.getByRole('status')).toHaveText(/^(Describing|Matching)/);
  await expect(page.getByRole('status')).toHaveText('Matching…', { timeout: 60_000 });
  await expect(page.getByRole('progressbar', { name: 'Progress' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status')).toHaveText('Cancelled');
  // The engine is free again: a cheap setting finishes promptly.
  await page.getByLabel('Stride', { exact: true }).fill('12');
  await waitReady(page, 60_000);
  const count = Number(await page.getByTestId('match-count').getAttribute('data-count'));
  expect(count).toBeGreaterThan(100);
  await expect(page.getByTestId('match-count')).toContainText('stride 12');
  expect(errors).toEqual([]);
});
