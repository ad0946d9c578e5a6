import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import fs from 'node:fs';
import { captureErrors, matchDetails, waitReady } from './helpers';

async function download(page: Page, button: string): Promise<Buffer> {
  const d = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  return fs.readFileSync((await (await d).path())!);
}

/** Drops a JSON text on the panes as a file, like a drag from the desktop. */
async function dropJson(page: Page, name: string, text: string) {
  await page.evaluate(({ name, text }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'application/json' }));
    const target = document.querySelector('.view-area')!;
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, { name, text });
}

test('exports (CSV, heatmap and view PNGs) and a session file that restores settings, view and query', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=census&stride=8');
  await waitReady(page);
  await page.getByLabel('Query point').fill('400, 250');
  await page.getByLabel('Query point').press('Enter');
  const before = await matchDetails(page);

  const count = Number(await page.getByTestId('match-count').getAttribute('data-count'));
  const csv = (await download(page, 'Matches CSV')).toString('utf8').trim().split('\n');
  expect(csv[0]).toBe('x0,y0,x1,y1,score,mutual');
  expect(csv).toHaveLength(count + 1);

  // The heatmap at the target's original size (741×500), not the screen's.
  const heat = PNG.sync.read(await download(page, 'Heatmap PNG'));
  expect([heat.width, heat.height]).toEqual([741, 500]);
  // The worker colours each answer (issue 7); when the colour map changes afterwards the page recolours the
  // same scores. Both paths must give the same pixels: cividis recoloured here, then cividis from the worker.
  await page.getByLabel('Colour map', { exact: true }).selectOption('cividis');
  const recoloured = PNG.sync.read(await download(page, 'Heatmap PNG'));
  expect(recoloured.data.equals(heat.data)).toBe(false);
  // Away and back, so that the answer on screen is a new one, coloured in the worker with cividis.
  for (const x of [401, 400]) {
    await page.getByLabel('Query point').fill(`${x}, 250`);
    await page.getByLabel('Query point').press('Enter');
    await expect(page.locator(`[data-testid=match-details][data-source-x="${x}"][data-pending="false"]`)).toBeVisible();
  }
  const fromWorker = PNG.sync.read(await download(page, 'Heatmap PNG'));
  expect(fromWorker.data.equals(recoloured.data)).toBe(true);
  await page.getByLabel('Colour map', { exact: true }).selectOption('viridis');
  const view = PNG.sync.read(await download(page, 'View PNG'));
  const box = (await page.locator('.view-area').boundingBox())!;
  expect(Math.abs(view.width - 2 * box.width)).toBeLessThanOrEqual(2);

  const session = JSON.parse((await download(page, 'Save session')).toString('utf8'));
  expect(session.app).toBe('matchscope');
  expect(session.images.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(session.settings.descriptorId).toBe('census');
  expect(session.query).toEqual({ from: 'source', x: 400, y: 250 });

  // Change things, then drop the session back: settings, tab and query come back.
  await page.getByLabel('Descriptor').selectOption('patch');
  await page.getByRole('tab', { name: 'Heatmap' }).click();
  await waitReady(page);
  await dropJson(page, 'matchscope-session.json', JSON.stringify(session));
  await expect(page.getByLabel('Descriptor')).toHaveValue('census');
  await expect(page.getByRole('tab', { name: 'Matches' })).toHaveAttribute('aria-selected', 'true');
  await waitReady(page);
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-descriptor', 'census');
  const after = await matchDetails(page);
  expect([after.sx, after.sy, after.tx, after.ty]).toEqual([before.sx, before.sy, before.tx, before.ty]);
  await expect(page.locator('.notice')).toContainText('restored');

  // A tampered file is refused with the reason, and nothing changes.
  await dropJson(page, 'edited.json', JSON.stringify({ ...session, settings: { ...session.settings, stride: 0 } }));
  await expect(page.getByRole('alert')).toContainText('settings.stride must be in 1…64');
  await expect(page.getByLabel('Stride', { exact: true })).toHaveValue('8');
  await dropJson(page, 'other.json', '{"hello": 1}');
  await expect(page.getByRole('alert')).toContainText('not a Matchscope session');
  expect(errors).toEqual([]);
});
