import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, SAMPLES, waitLoaded, waitReady } from './helpers';

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
  // The chooser may wrap differently now: click once the panes have settled.
  const stage = page.getByTestId('compare-stage');
  let panes = '';
  await expect.poll(async () => {
    const now = (await stage.getAttribute('data-panes'))!;
    const same = now === panes;
    panes = now;
    return same;
  }, { intervals: [300] }).toBe(true);
  const p0 = (JSON.parse(panes) as { ox: number; oy: number; scale: number }[])[0];
  await stage.click({ position: { x: p0.ox + 250.5 * p0.scale, y: p0.oy + 180.5 * p0.scale } });
  // The click is the app's query: the side panel shows the pixel it landed on.
  await expect(page.getByTestId('match-details')).not.toHaveAttribute('data-source-x', '150');
  const q = await matchDetails(page);
  expect(Math.abs(q.sx - 250)).toBeLessThanOrEqual(1);
  expect(Math.abs(q.sy - 180)).toBeLessThanOrEqual(1);
  await expect(table.locator('tr[data-status="done"]')).toHaveCount(3, { timeout: 120_000 });
  got = await read();
  expect(got.map((r) => r.descriptor)).toEqual(['patch', 'sift', 'census']);
  // A textured pixel (census codes repeat in flat areas, where ties make the first pixel in row order win).
  for (const r of got) {
    expect(r.ties).toBe('1');
    expect(Math.abs(Number(r.bestX) - (q.sx - 23))).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(r.bestY) - (q.sy - 11))).toBeLessThanOrEqual(1);
  }
  expect(errors).toEqual([]);
});

test('Compare: with ground truth loaded, each row shows its error against the true match', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=graffiti&descriptor=patch&stride=16&view=compare');
  await waitReady(page);
  await page.getByRole('checkbox', { name: 'DAISY', exact: true }).uncheck();
  await page.getByLabel('Query point').fill('400, 300');
  await page.getByLabel('Query point').press('Enter');
  const table = page.getByTestId('compare-table');
  await expect(table.locator('th', { hasText: 'Error vs GT' })).toBeVisible({ timeout: 60_000 });
  await expect(table.locator('tr[data-status="done"]')).toHaveCount(2, { timeout: 120_000 });
  // The true match from the sample's own H1to3.txt.
  const H = fs.readFileSync(path.join(SAMPLES, 'graffiti/H1to3.txt'), 'utf8').trim().split(/\s+/).map(Number);
  const w = H[6] * 400 + H[7] * 300 + H[8];
  const [tx, ty] = [(H[0] * 400 + H[1] * 300 + H[2]) / w, (H[3] * 400 + H[4] * 300 + H[5]) / w];
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ ...(tr as HTMLElement).dataset })));
  for (const r of rows) expect(Number(r.error)).toBeCloseTo(Math.hypot(Number(r.bestX) - tx, Number(r.bestY) - ty), 3);
  expect(errors).toEqual([]);
});
