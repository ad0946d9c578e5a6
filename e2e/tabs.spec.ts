import { expect, test } from '@playwright/test';
import { captureErrors, waitReady } from './helpers';

test('views are tabs with their names; keys switch them; ? lists the shortcuts', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitReady(page);
  const stage = page.getByTestId('stage');
  await expect(page.getByRole('tab', { name: 'Matches' })).toHaveAttribute('aria-selected', 'true');
  const lines = Number(await stage.getAttribute('data-lines'));
  expect(lines).toBeGreaterThan(100);
  await page.getByRole('tab', { name: 'Heatmap' }).click();
  await expect(stage).toHaveAttribute('data-lines', '0');
  await expect(page).toHaveURL(/view=heatmap/);
  await page.locator('body').press('m');
  await expect(page.getByRole('tab', { name: 'Matches' })).toHaveAttribute('aria-selected', 'true');
  await expect(stage).toHaveAttribute('data-lines', String(lines));
  await page.locator('body').press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Heatmap');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  expect(errors).toEqual([]);
});
