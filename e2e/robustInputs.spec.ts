import { expect, test, type Page } from '@playwright/test';
import { captureErrors, cropPng, dropFiles, matchDetails, readPng, waitLoaded } from './helpers';
import { expectAllFinite, fixture, typedQuery } from './robustHelpers';

/**
 * Valid but awkward images (e2e/fixtures, made by make_fixtures.py from one 96×72 crop of graf1): each is
 * dropped as the target against the crop itself, so the right answer is known. They must load with their
 * true size, match where the pixels say, and show only finite numbers.
 */
async function openEmpty(page: Page, query = 'descriptor=patch&stride=4') {
  await page.goto(`/?sample=none&debug=1&${query}`);
  await expect(page.getByRole('status')).toHaveText(/Drop a source image/, { timeout: 60_000 });
}

type DroppedFile = { name: string; type: string; bytes: Buffer };
async function loadPair(page: Page, source: DroppedFile, target: DroppedFile) {
  await dropFiles(page, 'source', [source]);
  await expect(page.getByTestId('stage')).toHaveAttribute('data-names', JSON.stringify([source.name, null]));
  await dropFiles(page, 'target', [target]);
  await waitLoaded(page, source.name, target.name);
  await expect(page.locator('[role=alert]')).toHaveText('');
}

const identityCases = [
  { target: 'gray16.png', source: 'gray8.png', why: '16-bit grey is the 8-bit grey ×257, so it decodes to the same pixels' },
  { target: 'gray8.png', source: 'base.png', why: 'grey against colour still loads (no exact answer asked)', loose: true },
  { target: 'rgb16.png', source: 'base.png', why: '16-bit RGB rounds to the 8-bit original' },
  { target: 'cmyk.jpg', source: 'base.png', why: 'a CMYK JPEG (Adobe, inverted) is converted to RGB' },
  { target: 'animated.gif', source: 'base.png', why: 'only the first frame of an animated GIF is used (the second is the negative)' },
  { target: 'exif-rot6.jpg', source: 'base.png', why: 'EXIF orientation 6 is applied: stored 72×96, shown 96×72' },
  { target: 'transparent.png', source: 'base.png', why: 'alpha is composited on black; the opaque half matches', x: 72 },
];

for (const c of identityCases) {
  test(`${c.target}: ${c.why}`, async ({ page }) => {
    const errors = captureErrors(page);
    await openEmpty(page);
    await loadPair(page, fixture(c.source), fixture(c.target));
    await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-target-size', '96x72');
    await typedQuery(page, c.x ?? 48, 36);
    const m = await matchDetails(page);
    if (!c.loose) {
      expect(Math.abs(m.tx - (c.x ?? 48))).toBeLessThanOrEqual(1);
      expect(Math.abs(m.ty - 36)).toBeLessThanOrEqual(1);
    }
    await expectAllFinite(page);
    expect(errors).toEqual([]);
  });
}

test('identical images: every mutual grid match is the identity with distance 0', async ({ page }) => {
  const errors = captureErrors(page);
  await openEmpty(page);
  await loadPair(page, fixture('base.png'), { ...fixture('base.png'), name: 'base-again.png' });
  const off = await page.evaluate(() => {
    const m = window.matchscopeDebug!.state().compute!.matches;
    let worst = 0;
    for (let i = 0; i < m.x0.length; i++) worst = Math.max(worst, Math.abs(m.x1[i] - m.x0[i]), Math.abs(m.y1[i] - m.y0[i]), m.score[i]);
    return { n: m.x0.length, worst };
  });
  expect(off.n).toBeGreaterThan(300);
  // float32 d² = ‖a‖² + ‖b‖² − 2a·b leaves a little cancellation; the positions are exact.
  expect(off.worst).toBeLessThan(0.01);
  await expectAllFinite(page);
  expect(errors).toEqual([]);
});

for (const descriptor of ['patch', 'zncc', 'ncc', 'census', 'sift', 'dasc']) {
  test(`a uniform image with ${descriptor}: no NaN reaches the matches, the heatmap or the legend`, async ({ page }) => {
    const errors = captureErrors(page);
    await openEmpty(page, `descriptor=${descriptor}&stride=4`);
    await loadPair(page, fixture('uniform.png'), { ...fixture('uniform.png'), name: 'uniform-b.png' });
    await typedQuery(page, 30, 20);
    // Every pixel ties on a flat image: the app says the answer is ambiguous instead of inventing one.
    await expect(page.getByTestId('ties')).toBeVisible();
    await expect(page.getByTestId('heatmap-legend')).toBeVisible();
    await expectAllFinite(page);
    expect(errors).toEqual([]);
  });
}

test('a 1×1 image and one smaller than the descriptor window are computed (padded) with finite results', async ({ page }) => {
  const errors = captureErrors(page);
  // DAISY's window is 31×31: a 12×10 image is far smaller.
  await openEmpty(page, 'descriptor=daisy&stride=2');
  await loadPair(page, fixture('tiny-12x10.png'), fixture('one-pixel.png'));
  await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-target-size', '1x1');
  await typedQuery(page, 5, 5);
  const m = await matchDetails(page);
  expect([m.tx, m.ty]).toEqual([0, 0]);
  await expectAllFinite(page);
  expect(errors).toEqual([]);
});

test('two images of very different sizes (800×640 and 40×30) match with the small one found in the large', async ({ page }) => {
  const errors = captureErrors(page);
  await openEmpty(page, 'descriptor=patch&stride=8&tstride=1');
  const graf = readPng('graffiti/graf1.png');
  await loadPair(page, { name: 'small-40x30.png', type: 'image/png', bytes: cropPng(graf, 350, 300, 40, 30) },
    { name: 'graf1.png', type: 'image/png', bytes: cropPng(graf, 0, 0, 800, 640) });
  await expect(page.getByTestId('diagnostics')).toHaveAttribute('data-target-size', '800x640');
  await typedQuery(page, 20, 15);
  const m = await matchDetails(page);
  expect([m.tx, m.ty]).toEqual([370, 315]);
  await expectAllFinite(page);
  expect(errors).toEqual([]);
});
