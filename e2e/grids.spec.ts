import { expect, test, type Page } from '@playwright/test';
import { captureErrors, waitReady } from './helpers';

const json = async (page: Page, testId: string, attr: string) => JSON.parse((await page.getByTestId(testId).getAttribute(attr))!);
const near = (got: number[][], want: number[][]) => got.forEach((p, i) => p.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 3)));

/** Drags a playground handle from normalised source point (u, v) by (dx, dy) screen pixels. */
async function dragFrom(page: Page, u: number, v: number, dx: number, dy: number) {
  const stage = page.getByTestId('playground-stage');
  const box = (await stage.boundingBox())!;
  const [t] = JSON.parse((await stage.getAttribute('data-panes'))!) as { ox: number; oy: number; scale: number }[];
  const img = page.getByTestId('playground');
  const [w, h] = JSON.parse((await img.getAttribute('data-source-size'))!) as [number, number];
  const x = box.x + t.ox + (((u + 1) / 2) * (w - 1) + 0.5) * t.scale;
  const y = box.y + t.oy + (((v + 1) / 2) * (h - 1) + 0.5) * t.scale;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 6 });
  await page.mouse.up();
}

test('spatial-transformer playground: θ from the sliders, the warped grid, projective corners and TPS control points', async ({ page }, info) => {
  const errors = captureErrors(page);
  await page.goto('/?view=grids');
  await waitReady(page);
  await expect(page.getByRole('tab', { name: 'Grids' })).toHaveAttribute('aria-selected', 'true');
  const pg = page.getByTestId('playground');
  // θ = identity: the regular 8×8 grid, whose corners are the image's.
  await expect(pg).toHaveAttribute('data-grid-points', '64');
  expect(await json(page, 'theta', 'data-theta')).toEqual([1, 0, 0, 0, 1, 0]);
  near(await json(page, 'playground', 'data-corners'), [[-1, -1], [1, -1], [1, 1], [-1, 1]]);
  const identityMean = Number(await pg.getAttribute('data-output-mean'));
  expect(identityMean).toBeGreaterThan(0.05);

  // 90°: θ = [[0, −1, 0], [1, 0, 0]]; each output corner reads the next source corner clockwise.
  await page.getByLabel('Rotation (°)', { exact: true }).fill('90');
  await expect.poll(() => json(page, 'theta', 'data-theta')).toEqual([0, -1, 0, 1, 0, 0]);
  near(await json(page, 'playground', 'data-corners'), [[1, -1], [1, 1], [-1, 1], [-1, -1]]);
  await page.getByLabel('Scale s', { exact: true }).fill('0.5');
  await page.getByLabel('tx', { exact: true }).fill('0.25');
  await expect.poll(() => json(page, 'theta', 'data-theta')).toEqual([0, -0.5, 0.25, 0.5, 0, 0]);
  await page.getByLabel('Grid k', { exact: true }).fill('5');
  await expect(pg).toHaveAttribute('data-grid-points', '25');
  await page.screenshot({ path: info.outputPath('playground-affine.png') });

  // Projective: dragging the top-right corner makes h31, h32 non-zero; the other corners stay put.
  await page.getByLabel('Projective').check();
  await expect(pg).toHaveAttribute('data-mode', 'projective');
  expect(await json(page, 'theta', 'data-theta')).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  await dragFrom(page, 1, -1, -40, 30);
  await expect.poll(async () => (await json(page, 'theta', 'data-theta')).length).toBe(9);
  const h = await json(page, 'theta', 'data-theta');
  expect(Math.abs(h[6]) + Math.abs(h[7])).toBeGreaterThan(0.01);
  const pc = await json(page, 'playground', 'data-corners');
  near([pc[0], pc[2], pc[3]], [[-1, -1], [1, 1], [-1, 1]]);
  expect(pc[1][0]).toBeLessThan(0.9);

  // TPS: moving the centre control point bends the inside; the corner control points are interpolated exactly.
  await page.getByLabel('Thin-plate spline').check();
  await expect(pg).toHaveAttribute('data-mode', 'tps');
  await dragFrom(page, 0, 0, 50, -40);
  await expect.poll(async () => Number(await pg.getAttribute('data-output-mean'))).not.toBeCloseTo(identityMean, 3);
  near(await json(page, 'playground', 'data-corners'), [[-1, -1], [1, -1], [1, 1], [-1, 1]]);
  await page.screenshot({ path: info.outputPath('playground-tps.png') });
  expect(errors).toEqual([]);
});

test('descriptor sampling grids: oriented SIFT turns each pixel\'s 4×4 grid by its own θ₀; DoG keypoint frames', async ({ page }, info) => {
  const errors = captureErrors(page);
  await page.goto('/?view=grids&descriptor=sift&p.oriented=1');
  await waitReady(page, 240_000);
  await page.getByRole('button', { name: 'Descriptor sampling grids' }).click();
  const dg = page.getByTestId('descriptor-grids');
  await expect(dg).toHaveAttribute('data-geometry', 'per-pixel-orientation');
  await expect(page.getByTestId('geometry-note')).toContainText('dominant gradient orientation');
  // The sparse grid: oriented SIFT reaches 13 px at binSize 4, so one pattern every 32 working px.
  const sparse = await json(page, 'descriptor-grids', 'data-sparse');
  expect(sparse[0]).toBeGreaterThan(100);
  await page.getByLabel('Query point').fill('330, 200');
  await page.getByLabel('Query point').press('Enter');
  await expect(page.getByTestId('match-details')).toHaveAttribute('data-pending', 'false', { timeout: 120_000 });
  // 16 cells and the Gaussian window, at the query and at its match, each turned by its own θ₀.
  await expect(dg).toHaveAttribute('data-pattern-marks', '17');
  await expect.poll(async () => json(page, 'descriptor-grids', 'data-theta0'), { timeout: 120_000 }).not.toBeNull();
  const theta0 = await json(page, 'descriptor-grids', 'data-theta0');
  expect(theta0).toHaveLength(2);
  for (const t of theta0) {
    expect(t).toBeGreaterThanOrEqual(0);
    expect(t).toBeLessThan(2 * Math.PI);
  }
  await page.screenshot({ path: info.outputPath('descriptor-grids-sift.png') });

  await page.getByLabel('DoG keypoints (sparse SIFT frames)').check();
  await expect.poll(async () => (await json(page, 'descriptor-grids', 'data-sparse'))[0], { timeout: 120_000 }).toBeGreaterThan(50);
  await expect(dg).toHaveAttribute('data-overlay', 'keypoints');
  await page.screenshot({ path: info.outputPath('descriptor-grids-keypoints.png') });
  expect(errors).toEqual([]);
});
