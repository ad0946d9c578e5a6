import { expect, test, type Page } from '@playwright/test';
import { captureErrors, matchDetails, waitReady } from './helpers';

/** Types a source pixel into the query box and waits for its answer. */
async function query(page: Page, descriptor: string, x: number, y: number) {
  await page.getByLabel('Query point').fill(`${x}, ${y}`);
  await page.getByLabel('Query point').press('Enter');
  const details = page.getByTestId('match-details');
  await expect(details).toHaveAttribute('data-descriptor', descriptor);
  await expect(details).toHaveAttribute('data-source-x', String(x));
  await expect(details).toHaveAttribute('data-pending', 'false');
  return matchDetails(page);
}

/** What the inspector shows: the figure kind, cells counted in each figure, and the distance. */
async function inspector(page: Page, descriptor: string) {
  const dist = page.getByTestId('inspector-distance');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-descriptor', descriptor);
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`the query and its best match`) })).toBeVisible();
  const d = await dist.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
  const cells = await Promise.all(['inspector-query', 'inspector-match'].map((id) => page.getByTestId(id).getAttribute('data-cells')));
  expect(page.url()).toContain(`descriptor=${descriptor}`);
  return { kind: d.kind!, metric: d.metric!, distance: Number(d.distance), queryScore: Number(d.queryScore), cells: cells.map(Number) };
}

test('the inspector draws the query and its match in the descriptor\'s geometry, with the query panel\'s distance', async ({ page }, info) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitReady(page);
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-state', 'none');
  await expect(page).toHaveURL(/view=inspector/);

  // Raw 5×5 patch: a window of 25 pixels; the distance is ‖a − b‖ and equals the query panel's score.
  let m = await query(page, 'patch', 400, 250);
  let s = await inspector(page, 'patch');
  expect(s).toMatchObject({ kind: 'window', metric: 'l2', cells: [25, 25] });
  expect(s.queryScore).toBe(m.score);
  expect(Math.abs(s.distance - m.score)).toBeLessThan(1e-4);
  await expect(page.getByTestId('inspector-query').locator('rect[width="1"]')).toHaveCount(25);

  // Census 7×7: 48 bits in the window; Hamming distances are integers and equal exactly.
  await page.getByLabel('Descriptor').selectOption('census');
  await waitReady(page);
  m = await query(page, 'census', 400, 250);
  s = await inspector(page, 'census');
  expect(s).toMatchObject({ kind: 'bit-grid', metric: 'hamming', cells: [48, 48] });
  expect(s.distance).toBe(m.score);

  // Dense SIFT: 16 histogram cells of 8 orientation needles each; cosine similarity.
  await page.getByLabel('Descriptor').selectOption('sift');
  await waitReady(page);
  m = await query(page, 'sift', 330, 200);
  s = await inspector(page, 'sift');
  expect(s).toMatchObject({ kind: 'histograms', metric: 'cosine', cells: [16, 16] });
  expect(Math.abs(s.distance - m.score)).toBeLessThan(1e-4);
  await expect(page.getByTestId('inspector-query').locator('line')).toHaveCount(128);
  await page.screenshot({ path: info.outputPath('inspector-sift.png') });
  expect(errors).toEqual([]);
});
