import { expect, test, type Page } from '@playwright/test';
import { captureErrors, waitReady } from './helpers';

/** The stage's canvases in layer order (images, error map, lines); reads one RGBA pixel at stage (x, y). */
async function layerPixel(page: Page, layer: number, x: number, y: number): Promise<number[]> {
  return page.getByTestId('stage').evaluate((el, { layer, x, y }) => {
    const c = el.querySelectorAll('canvas')[layer] as HTMLCanvasElement;
    const k = c.width / c.getBoundingClientRect().width;
    return Array.from(c.getContext('2d')!.getImageData(Math.floor(x * k), Math.floor(y * k), 1, 1).data);
  }, { layer, x, y });
}

/** The legend bar's colour at level 0…255 (the bar is the 256-entry colour map, one pixel per level). */
async function legendColour(page: Page, level: number): Promise<number[]> {
  return page.locator('canvas.errormap-bar').evaluate((c, level) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(level, 0, 1, 1).data), level);
}

async function sourcePane(page: Page) {
  const panes = JSON.parse((await page.getByTestId('stage').getAttribute('data-panes'))!) as { ox: number; oy: number; scale: number }[];
  return panes[0];
}

test('the error map colours each evaluated point by its EPE, with a legend and the error under the pointer', async ({ page }) => {
  const errors = captureErrors(page);
  // Graffiti 1→3 with its H1to3: raw patches are right in some places and far off in most, so errors span the range.
  await page.goto('/?sample=graffiti&descriptor=patch&stride=8&tstride=same&mutual=0&refine=1&ratio=off');
  await waitReady(page);
  await expect(page.getByTestId('gt-status')).toContainText('H1to3.txt (homography, with the sample)');
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const row = page.locator('[data-testid="eval-table"] tr[data-descriptor="patch"]');
  await row.waitFor({ timeout: 180_000 });
  const metrics = JSON.parse((await row.getAttribute('data-metrics'))!);
  // The corner error is in the table: a number with its inlier count, or the reason it is missing.
  expect(metrics.corner).not.toBeNull();
  const fit = page.locator('[data-testid="eval-fit-table"] tr[data-descriptor="patch"]');
  if (metrics.corner.ok) {
    await expect(fit.getByTestId('corner-error')).toHaveText(metrics.corner.error.toFixed(2));
    await expect(fit.getByTestId('corner-inliers')).toHaveText(String(metrics.corner.inliers));
  } else {
    await expect(page.getByTestId('corner-unavailable')).toHaveText(`patch: no corner error: ${metrics.corner.reason}.`);
  }

  await page.getByLabel('Show error map').check();
  await page.getByLabel('Error map maximum').selectOption('50');
  await page.getByLabel('Error map opacity').fill('1');
  const legend = page.getByTestId('errormap-legend');
  await expect(legend).toHaveAttribute('data-max', '50');
  await expect(legend).toContainText('0 px');
  await expect(legend).toContainText('≥ 50 px');
  // The legend counts what the metrics count: evaluated points and the rest (hatched).
  expect(Number(await legend.getAttribute('data-evaluated'))).toBe(metrics.points);
  const missing = Number(await legend.getAttribute('data-missing'));
  expect(missing).toBeGreaterThan(0); // graf1's corners fall outside graf3
  await expect(legend).toContainText(`${missing.toLocaleString('en-US')} without ground truth`);

  // Hover grid points of the source until one has an error inside (1, 49) px: a mid-range colour.
  const t = await sourcePane(page);
  const box = (await page.getByTestId('stage').boundingBox())!;
  const hover = page.getByTestId('errormap-hover');
  let found: { x: number; y: number; epe: number } | null = null;
  for (let j = 0; j < 40 && !found; j++) {
    for (let i = 0; i < 40 && !found; i++) {
      const x = 3 + 8 * (5 + ((i * 7) % 90));
      const y = 3 + 8 * (5 + ((j * 11 + i) % 70));
      await page.mouse.move(box.x + t.ox + x * t.scale, box.y + t.oy + y * t.scale);
      await expect(hover).toHaveAttribute('data-x', String(x));
      const epe = Number((await hover.getAttribute('data-epe')) || NaN);
      if (epe > 1 && epe < 49) found = { x, y, epe };
    }
  }
  expect(found).not.toBeNull();
  const { x, y, epe } = found!;
  await expect(hover).toContainText(`EPE ${epe.toFixed(2)} px`);
  // The pixel at the point's centre on the error map's layer is the legend's colour at round(255 · EPE / 50).
  const level = Math.round((255 * epe) / 50);
  const viridis = await legendColour(page, level);
  // Viridis runs from dark purple (#440154) to yellow (#fde725): the legend is that map, not a stand-in.
  expect(await legendColour(page, 0)).toEqual([0x44, 0x01, 0x54, 255]);
  expect(await legendColour(page, 255)).toEqual([0xfd, 0xe7, 0x25, 255]);
  expect(await layerPixel(page, 1, t.ox + x * t.scale, t.oy + y * t.scale)).toEqual(viridis);
  // Switching the colour map redraws the map and the legend with cividis, at the same level.
  await page.getByLabel('Error map colours').selectOption('cividis');
  await expect.poll(() => legendColour(page, 0)).toEqual([0x00, 0x22, 0x4e, 255]);
  const cividis = await legendColour(page, level);
  expect(cividis).not.toEqual(viridis);
  await expect.poll(() => layerPixel(page, 1, t.ox + x * t.scale, t.oy + y * t.scale)).toEqual(cividis);
  await page.screenshot({ path: test.info().outputPath('error-map.png') });
  if (process.env.EVAL_SHOTS) await page.screenshot({ path: `${process.env.EVAL_SHOTS}/error-map.png` });
  // Off: the layer is empty again.
  await page.getByLabel('Show error map').uncheck();
  await expect.poll(() => layerPixel(page, 1, t.ox + x * t.scale, t.oy + y * t.scale)).toEqual([0, 0, 0, 0]);
  expect(errors).toEqual([]);
});
