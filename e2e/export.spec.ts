import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cropPng, dropFiles, readPng, waitLoaded } from './helpers';

test('"Export matches" downloads the same matches as `matchscope match` on the same pair', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-export-'));
  const img = readPng('graffiti/graf1.png');
  const a = cropPng(img, 300, 200, 160, 120);
  // An offset that is a multiple of the stride, so every true match lies on the target grid.
  const b = cropPng(img, 312, 208, 160, 120);
  fs.writeFileSync(path.join(dir, 'a.png'), a);
  fs.writeFileSync(path.join(dir, 'b.png'), b);

  await page.goto('/?sample=none&descriptor=patch&stride=4&mutual=1&refine=1&ratio=off');
  await dropFiles(page, 'source', [{ name: 'a.png', type: 'image/png', bytes: a }]);
  await dropFiles(page, 'target', [{ name: 'b.png', type: 'image/png', bytes: b }]);
  await waitLoaded(page, 'a.png', 'b.png');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export matches' }).click();
  const file = path.join(dir, 'app.json');
  await (await download).saveAs(file);
  const app = JSON.parse(fs.readFileSync(file, 'utf8'));

  const cli = path.resolve(import.meta.dirname, '../bin/matchscope.mjs');
  execFileSync('node', [cli, 'match', '--source', path.join(dir, 'a.png'), '--target', path.join(dir, 'b.png'),
    '--descriptor', 'patch', '--stride', '4', '--mutual', '--out', path.join(dir, 'cli.json'), '--quiet']);
  const ref = JSON.parse(fs.readFileSync(path.join(dir, 'cli.json'), 'utf8'));

  expect(app.descriptor).toEqual(ref.descriptor);
  expect(app.settings).toEqual(ref.settings);
  expect(app.source).toEqual({ ...ref.source, path: 'a.png' });
  expect(Object.keys(app).sort()).toEqual(Object.keys(ref).sort());
  expect(app.matches.length).toBe(Number(await page.getByTestId('match-count').getAttribute('data-count')));
  expect(app.matches.length).toBe(ref.matches.length);
  const key = (m: { x0: number; y0: number; x1: number; y1: number }) => `${m.x0},${m.y0}→${m.x1},${m.y1}`;
  expect(app.matches.map(key)).toEqual(ref.matches.map(key));
  for (let i = 0; i < ref.matches.length; i++) expect(Math.abs(app.matches[i].score - ref.matches[i].score)).toBeLessThan(2e-3);
  // And they are right: source (x, y) is target (x − 12, y − 8).
  const right = app.matches.filter((m: { x0: number; y0: number; x1: number; y1: number }) => m.x1 === m.x0 - 12 && m.y1 === m.y0 - 8);
  expect(right.length / app.matches.length).toBeGreaterThan(0.9);
});
