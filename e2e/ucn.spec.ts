import { expect, test, type Page } from '@playwright/test';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded, waitReady } from './helpers';

// UCN (Choy et al., NIPS 2016) loads MobileNetV2 and its head from public/models in the worker.
const json = async (page: Page, testId: string, attr: string) => JSON.parse((await page.getByTestId(testId).getAttribute(attr))!);

test('UCN HN-ST on a shifted graffiti crop: typed queries land near the true shift; the Grids view shows the transformer\'s frames', async ({ page }, info) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=census&stride=4&sample=none');
  const img = readPng('graffiti/graf1.png');
  // source (x, y) is target (x − 21, y − 10).
  await dropFiles(page, 'source', [{ name: 'ucn-a.png', type: 'image/png', bytes: cropPng(img, 250, 180, 240, 180) }]);
  await dropFiles(page, 'target', [{ name: 'ucn-b.png', type: 'image/png', bytes: cropPng(img, 271, 190, 240, 180) }]);
  await waitLoaded(page, 'ucn-a.png', 'ucn-b.png');
  await page.getByLabel('Descriptor').selectOption({ label: 'UCN (trained here)' });
  await page.getByRole('combobox', { name: /^Variant/ }).selectOption('hn-st');
  await waitReady(page, 170_000);
  await expect(page).toHaveURL(/descriptor=ucn/);
  await expect(page).toHaveURL(/p\.variant=hn-st/);
  let near = 0;
  for (const [x, y] of [[120, 90], [70, 60], [170, 120], [60, 130]]) {
    await page.getByLabel('Query point').fill(`${x}, ${y}`);
    await page.getByLabel('Query point').press('Enter');
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', String(x));
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-y', String(y));
    const m = await matchDetails(page);
    expect(m.descriptor).toBe('ucn');
    if (Math.hypot(m.tx - (x - 21), m.ty - (y - 10)) <= 4) near++;
  }
  // A weak descriptor trained in minutes: most, not all, of four textured queries.
  expect(near).toBeGreaterThanOrEqual(3);
  await page.screenshot({ path: info.outputPath('ucn-matches.png') });

  await page.getByRole('tab', { name: 'Grids' }).click();
  await page.getByRole('button', { name: 'Descriptor sampling grids' }).click();
  const dg = page.getByTestId('descriptor-grids');
  await expect(dg).toHaveAttribute('data-geometry', 'per-cell-transform');
  await expect(page.getByTestId('geometry-note')).toContainText('convolutional spatial transformer');
  await page.getByLabel('Query point').fill('120, 90');
  await page.getByLabel('Query point').press('Enter');
  await expect(dg).toHaveAttribute('data-pattern-marks', '9');
  // The frames are asked for again whenever the query or the view changes (the attribute is null meanwhile),
  // so the value checked is the one the poll saw, not a second read that may fall in such a gap.
  let frames: { angle: number; scale: number }[] | null = null;
  await expect.poll(async () => (frames = await json(page, 'descriptor-grids', 'data-ucn-st')), { timeout: 120_000 }).not.toBeNull();
  frames = frames!;
  expect(frames).toHaveLength(2);
  for (const f of frames) {
    expect(Math.abs(f.angle)).toBeLessThanOrEqual(Math.PI);
    expect(f.scale).toBeGreaterThan(0.5);
    expect(f.scale).toBeLessThan(2);
  }
  await page.screenshot({ path: info.outputPath('ucn-grids.png') });
  expect(errors).toEqual([]);
});

// UCN RN and HN-ST on WebGPU (SwiftShader) against wasm: e2e/learnedBackends.spec.ts.
