import { expect, test } from '@playwright/test';
import { captureErrors, waitReady } from './helpers';

test('BRISK in the Matches panel: keypoints detected on the graffiti pair, Hamming matches drawn and counted', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=graffiti&descriptor=patch&stride=16');
  await waitReady(page);
  await page.getByLabel('SIFT keypoints').check();
  const info = page.getByTestId('keypoint-count');
  await expect(info).toBeVisible({ timeout: 120_000 });
  await waitReady(page);
  await page.getByLabel('Keypoint method').selectOption('brisk');
  await expect(info).toContainText('Hamming distance', { timeout: 120_000 });
  await waitReady(page);
  const source = Number(await info.getAttribute('data-source'));
  const matches = Number(await info.getAttribute('data-matches'));
  // OpenCV 4.6 finds ~3600 BRISK keypoints on graf1 at 800×640 (the working size may be smaller).
  expect(source).toBeGreaterThan(500);
  expect(matches).toBeGreaterThan(50);
  await expect(page.getByTestId('stage')).not.toHaveAttribute('data-sparse-lines', '0');
  await expect(page.getByText('BRISK: reference and deviations')).toBeVisible();
  if (process.env.BRISK_SHOT) await page.screenshot({ path: process.env.BRISK_SHOT });

  // A higher FAST threshold keeps fewer corners; an invalid one is not applied.
  await page.getByLabel('BRISK threshold').fill('60');
  await expect.poll(async () => Number(await info.getAttribute('data-source')), { timeout: 120_000 }).toBeLessThan(source);
  await waitReady(page);
  const fewer = Number(await info.getAttribute('data-source'));
  await page.getByLabel('BRISK threshold').fill('0');
  await expect(page.getByRole('alert')).toContainText('FAST threshold must be an integer in 1…254; keeping 60');
  expect(Number(await info.getAttribute('data-source'))).toBe(fewer);
  expect(errors).toEqual([]);
});
