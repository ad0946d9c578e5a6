import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { captureErrors, SAMPLES, waitReady } from './helpers';

const png = fs.readFileSync(path.join(SAMPLES, 'motorcycle/left.png'));
const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const jpeg = fixture('exif-rot6.jpg');

const cases = [
  { name: 'notes.png', bytes: Buffer.from('These are my notes, not an image.\n'), expect: /notes\.png.*not a PNG, JPEG, GIF, WebP or BMP image/ },
  { name: 'empty.png', bytes: Buffer.alloc(0), expect: /empty\.png.*empty \(0 bytes\)/ },
  { name: 'truncated.png', bytes: png.subarray(0, 4000), expect: /truncated\.png.*could not be decoded/ },
  { name: 'truncated.jpg', bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)), expect: /truncated\.jpg.*JPEG data could not be decoded/ },
  { name: 'drawing.svg', bytes: fixture('drawing.svg.png'), expect: /drawing\.svg.*looks like SVG, a vector format; export it as PNG first/ },
  { name: 'photo.heic', bytes: fixture('photo.heic'), expect: /photo\.heic.*HEIC\/HEIF, which browsers cannot decode/ },
  { name: 'bomb.png', bytes: fixture('bomb-30000.png'), expect: /bomb\.png.*declares 30000×30000 pixels \(900 MP\), over the 100 MP limit/ },
];

for (const c of cases) {
  test(`a bad file (${c.name}) gets a clear alert and the app stays usable`, async ({ page }) => {
    const errors = captureErrors(page);
    await page.goto('/');
    await waitReady(page);
    const before = await page.getByTestId('match-count').getAttribute('data-count');
    await page.getByLabel('Target image').setInputFiles({ name: c.name, mimeType: 'image/png', buffer: c.bytes });
    await expect(page.getByRole('alert')).toContainText(c.expect);
    await expect(page.getByRole('alert')).toContainText('previous image is kept');
    await waitReady(page);
    // The pair and its matches are untouched, and queries still work.
    await expect(page.getByTestId('match-count')).toHaveAttribute('data-count', before!);
    await page.getByLabel('Query point').fill('300, 200');
    await page.getByLabel('Query point').press('Enter');
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', '300');
    expect(errors).toEqual([]);
  });
}
