import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureErrors, cropPng, dropFiles, readPng, waitLoaded, waitReady } from './helpers';

const CLI = path.resolve(import.meta.dirname, '../bin/matchscope.mjs');
/** Set EVAL_SHOTS=DIR to save screenshots of the panel while the tests run. */
const shot = async (page: Page, name: string) => {
  if (process.env.EVAL_SHOTS) await page.screenshot({ path: path.join(process.env.EVAL_SHOTS, name), fullPage: true });
};

async function evaluatedMetrics(page: Page, id: string) {
  const row = page.locator(`[data-testid="eval-table"] tr[data-descriptor="${id}"]`);
  await row.waitFor({ timeout: 180_000 });
  return JSON.parse((await row.getAttribute('data-metrics'))!);
}

test('the app\'s evaluation equals `matchscope eval` on the same pair and ground truth', async ({ page }) => {
  const errors = captureErrors(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-eval-'));
  const img = readPng('graffiti/graf1.png');
  // Target = the source region moved by (12, 8): source (x, y) is target (x − 12, y − 8).
  const a = cropPng(img, 300, 200, 160, 120);
  const b = cropPng(img, 312, 208, 160, 120);
  fs.writeFileSync(path.join(dir, 'a.png'), a);
  fs.writeFileSync(path.join(dir, 'b.png'), b);
  fs.writeFileSync(path.join(dir, 'H.txt'), '1 0 -12\n0 1 -8\n0 0 1\n');

  await page.goto('/?sample=none&descriptor=patch&stride=4&tstride=same&mutual=0&refine=1&ratio=off');
  await dropFiles(page, 'source', [{ name: 'a.png', type: 'image/png', bytes: a }]);
  await dropFiles(page, 'target', [{ name: 'b.png', type: 'image/png', bytes: b }]);
  await waitLoaded(page, 'a.png', 'b.png');

  // A malformed file is refused with the reason, and nothing else changes.
  await page.getByLabel('Ground truth file').setInputFiles({ name: 'flow.flo', mimeType: 'application/octet-stream', buffer: Buffer.from('not a flow file at all') });
  await expect(page.getByTestId('gt-error')).toContainText('not a .flo file: the magic number is');
  await page.getByLabel('Ground truth file').setInputFiles(path.join(dir, 'H.txt'));
  await expect(page.getByTestId('gt-status')).toContainText('H.txt (homography)');
  await expect(page.getByTestId('gt-error')).toHaveCount(0);

  await page.getByText(/^Also evaluate/).click();
  await page.getByLabel('Evaluate census').check();
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const app = { patch: await evaluatedMetrics(page, 'patch'), census: await evaluatedMetrics(page, 'census') };

  const csvPath = path.join(dir, 'eval.csv');
  const out = execFileSync('node', [CLI, 'eval', '--source', path.join(dir, 'a.png'), '--target', path.join(dir, 'b.png'), '--gt', path.join(dir, 'H.txt'),
    '--descriptor', 'patch,census', '--stride', '4', '--json', '--quiet', '--csv', csvPath], { encoding: 'utf8' });
  const cli = JSON.parse(out).pairs[0].results;
  // The corner error is not in the JSON (its shape is fixed): compare it through the CSV.
  const [csvHead, ...csvRows] = fs.readFileSync(csvPath, 'utf8').trim().split('\n').map((l) => l.split(','));
  for (const r of csvRows) {
    const id = r[csvHead.indexOf('descriptor')] as 'patch' | 'census';
    const corner = (await evaluatedMetrics(page, id)).corner;
    expect(corner.ok).toBe(true);
    expect(corner.error).toBe(Number(r[csvHead.indexOf('corner_error')]));
    expect(corner.inliers).toBe(Number(r[csvHead.indexOf('ransac_inliers')]));
  }
  for (const id of ['patch', 'census'] as const) {
    expect(app[id].points).toBe(cli[id].points);
    expect(app[id].pck).toEqual(cli[id].pck);
    expect(app[id].pck_alpha).toEqual(cli[id].pck_alpha);
    expect(app[id].mutual).toEqual(cli[id].mutual);
    expect(app[id].epe_median).toBe(cli[id].epe_median);
  }
  // And the numbers are right: raw patches find a pure shift nearly everywhere, and RANSAC recovers it.
  expect(app.patch.pck['1']).toBeGreaterThan(0.9);
  expect(app.patch.corner.error).toBeLessThan(0.5);
  await expect(page.locator('[data-testid="eval-fit-table"] tr[data-descriptor="patch"] [data-testid="corner-error"]')).toHaveText(app.patch.corner.error.toFixed(2));

  // Correct / wrong colouring: the stage reports (unknown, wrong, correct) line counts.
  await page.getByLabel('Colour matches correct or wrong').check();
  const counts = JSON.parse((await page.getByTestId('stage').getAttribute('data-correct'))!);
  expect(counts[2]).toBeGreaterThan(counts[1]);
  await page.locator('details.how-computed summary').click();
  await expect(page.getByTestId('how-corner')).toContainText('2000 iterations, seed 1');
  await expect(page.getByTestId('how-corner')).toContainText('≤ 3 px');
  await shot(page, 'eval-panel.png');
  expect(errors).toEqual([]);
});

test('"Make target from source" loads a distorted target with its homography, and the built-in samples bring theirs', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?sample=graffiti&descriptor=patch&stride=8');
  await waitReady(page);
  await expect(page.getByTestId('gt-status')).toContainText('H1to3.txt (homography, with the sample)');
  await page.getByText('Make target from source').click();
  await page.getByLabel('shift x (px)').fill('16');
  await page.getByLabel('shift y (px)').fill('-8');
  // JPEG goes through jpeg-js inside the worker (no Node Buffer there).
  await page.getByLabel('JPEG quality (0 = off)').fill('95');
  await expect(page.locator('.distort-preview')).toHaveAttribute('width', '240', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Make target' }).click();
  await waitLoaded(page, 'graffiti/graf1.png', 'distorted.png');
  await expect(page.getByTestId('gt-status')).toContainText('H.txt (homography, generated)');
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const m = await evaluatedMetrics(page, 'patch');
  // A pure shift of (16, −8) under a mild JPEG, the generated H as truth: raw patches find it nearly everywhere.
  expect(m.points).toBeGreaterThan(5000);
  expect(m.pck['1']).toBeGreaterThan(0.8);
  await shot(page, 'distort-panel.png');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download target + H.txt' }).click();
  expect((await download).suggestedFilename()).toMatch(/target\.png|H\.txt/);
  expect(errors).toEqual([]);
});
