import { expect, test } from '@playwright/test';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded } from './helpers';

test('Compare: one click queries every chosen descriptor; each finds the known offset and reports its time', async ({ page }) => {
  const errors = captureErrors(page);
  const img = readPng('graffiti/graf1.png');
  await page.goto('/?sample=none&descriptor=patch&stride=8');
  // Source (x, y) is target (x − 23, y − 11).
  await dropFiles(page, 'source', [{ name: 'cmp-a.png', type: 'image/png', bytes: cropPng(img, 200, 150, 300, 220) }]);
  await dropFiles(page, 'target', [{ name: 'cmp-b.png', type: 'image/png', bytes: cropPng(img, 223, 161, 300, 220) }]);
  await waitLoaded(page, 'cmp-a.png', 'cmp-b.png');
  await page.getByLabel('Query point').fill('150, 110');
  await page.getByLabel('Query point').press('Enter');
  const main = await matchDetails(page);

  await page.getByRole('tab', { name: 'Compare' }).click();
  const table = page.getByTestId('compare-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(table.locator('tr[data-status="done"]')).toHaveCount(3, { timeout: 120_000 });
  const read = async () => rows.evaluateAll((trs) => trs.map((tr) => ({ ...(tr as HTMLElement).dataset })));
  let got = await read();
  expect(got.map((r) => r.descriptor)).toEqual(['patch', 'sift', 'daisy']);
  for (const r of got) {
    expect(Math.abs(Number(r.bestX) - 127)).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(r.bestY) - 99)).toBeLessThanOrEqual(1);
  }
  // The current descriptor's row is the app's own query answer.
  expect([Number(got[0].bestX), Number(got[0].bestY)]).toEqual([main.tx, main.ty]);
  expect(Number(got[0].score)).toBeCloseTo(main.score, 5);

  // Swap DAISY for census; a click in the query pane asks all three again.
  await page.getByRole('checkbox', { name: 'DAISY', exact: true }).uncheck();
  await page.getByRole('checkbox', { name: /Census/ }).check();
  const panes = JSON.parse((await page.getByTestId('compare-stage').getAttribute('data-panes'))!) as { ox: number; oy: number; scale: number }[];
  await page.getByTestId('compare-stage').click({ position: { x: panes[0].ox + 60.5 * panes[0].scale, y: panes[0].oy + 40.5 * panes[0].scale } });
  await expect(table.locator('tr[data-status="done"]')).toHaveCount(3, { timeout: 120_000 });
  got = await read();
  expect(got.map((r) => r.descriptor)).toEqual(['patch', 'sift', 'census']);
  for (const r of got) {
    expect(Math.abs(Number(r.bestX) - 37)).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(r.bestY) - 29)).toBeLessThanOrEqual(1);
  }
  expect(errors).toEqual([]);
});
