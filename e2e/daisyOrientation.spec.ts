import { expect, test, type Page } from '@playwright/test';
import { captureErrors, waitReady } from './helpers';

const json = async (page: Page, id: string, attr: string) => JSON.parse((await page.getByTestId(id).getAttribute(attr)) ?? 'null');

/** The turn of an inspector figure's frame, degrees, from its SVG group (null when upright). */
async function figureTurn(page: Page, id: string): Promise<number | null> {
  const t = await page.getByTestId(id).locator('g[transform]').first().getAttribute('transform').catch(() => null);
  const m = t?.match(/rotate\(([-\d.e]+)\)/);
  return m ? Number(m[1]) : null;
}

test('DAISY "dominant": the Grids view turns each flower by its θ(x) and the Inspector turns its figures', async ({ page }, info) => {
  const errors = captureErrors(page);
  await page.goto('/?view=grids&descriptor=daisy&p.orientation=dominant');
  await waitReady(page, 300_000);
  await expect(page.getByRole('combobox', { name: 'Orientation', exact: true })).toHaveValue('dominant');
  await expect(page.getByText(/designed for: translation, rotation, illumination/)).toBeVisible();
  await page.getByRole('button', { name: 'Descriptor sampling grids' }).click();
  const dg = page.getByTestId('descriptor-grids');
  await expect(dg).toHaveAttribute('data-geometry', 'per-pixel-orientation');
  await expect(page.getByTestId('geometry-note')).toContainText('dominant gradient orientation θ(x)');
  await page.getByLabel('Query point').fill('330, 200');
  await page.getByLabel('Query point').press('Enter');
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-pending', 'false', { timeout: 240_000 });
  // The centre and 3 rings of 8 petals, at the query and its match, each turned by its own θ.
  await expect(dg).toHaveAttribute('data-pattern-marks', '25');
  await expect.poll(async () => json(page, 'descriptor-grids', 'data-theta0'), { timeout: 240_000 }).not.toBeNull();
  const theta = (await json(page, 'descriptor-grids', 'data-theta0')) as number[];
  expect(theta).toHaveLength(2);
  for (const t of theta) {
    expect(t).toBeGreaterThanOrEqual(-Math.PI / 36);
    expect(t).toBeLessThan(2 * Math.PI);
  }
  await page.waitForTimeout(1500);
  await page.screenshot({ path: info.outputPath('grids-daisy-dominant.png') });

  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-state', 'ready', { timeout: 240_000 });
  await expect(page.getByTestId('inspector-query')).toHaveAttribute('data-cells', '25');
  // The figures turn by the same θ the Grids view drew (degrees in the SVG transform).
  const turns = [await figureTurn(page, 'inspector-query'), await figureTurn(page, 'inspector-match')];
  turns.forEach((t, i) => expect(t).toBeCloseTo((theta[i] * 180) / Math.PI, 3));
  await expect(page.getByText(/in the pixel's own frame/)).toBeVisible();
  await page.screenshot({ path: info.outputPath('inspector-daisy-dominant.png') });
  expect(errors).toEqual([]);
});
