import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureErrors, cropPng, dropFiles, readPng, waitLoaded, waitReady } from './helpers';

/**
 * The int16 precision option: the worker runs the WebAssembly SIMD int16 search on wasm (compiled under the
 * app's CSP), with the same matches as `matchscope match --precision int16` in Node; on webgpu the float32
 * matMul runs and the panel says why; float32 is the default and comes back when chosen.
 */
const img = readPng('graffiti/graf1.png');
const a = cropPng(img, 300, 200, 160, 120);
const b = cropPng(img, 305, 203, 160, 120);

async function exportMatches(page: Page) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export matches' }).click();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-int16-')), 'matches.json');
  await (await download).saveAs(file);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function open(page: Page, backend: 'wasm' | 'webgpu') {
  await page.goto(`/?sample=none&descriptor=patch&stride=4&mutual=1&refine=1&ratio=off&precision=int16&backend=${backend}`);
  await dropFiles(page, 'source', [{ name: 'a.png', type: 'image/png', bytes: a }]);
  await dropFiles(page, 'target', [{ name: 'b.png', type: 'image/png', bytes: b }]);
  await waitLoaded(page, 'a.png', 'b.png');
}

test('int16 in the worker equals the CLI\'s int16; webgpu says why it runs float32; float32 switches back', async ({ page }) => {
  const errors = captureErrors(page);
  await open(page, 'wasm');
  const note = page.getByTestId('precision-note');
  await expect(note).toHaveAttribute('data-nn-kernel', 'int16-wasm');
  await expect(note).toContainText('PCK@3 unchanged');
  if (process.env.INT16_SHOT) await page.screenshot({ path: process.env.INT16_SHOT });
  const doc = await exportMatches(page);
  expect(doc.settings).toMatchObject({ precision: 'int16', nnKernel: 'int16-wasm' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-int16-cli-'));
  fs.writeFileSync(path.join(dir, 'a.png'), a);
  fs.writeFileSync(path.join(dir, 'b.png'), b);
  const cli = path.resolve(import.meta.dirname, '../bin/matchscope.mjs');
  execFileSync('node', [cli, 'match', '--source', path.join(dir, 'a.png'), '--target', path.join(dir, 'b.png'), '--descriptor', 'patch',
    '--stride', '4', '--mutual', '--precision', 'int16', '--backend', 'wasm', '--out', path.join(dir, 'cli.json'), '--quiet']);
  const ref = JSON.parse(fs.readFileSync(path.join(dir, 'cli.json'), 'utf8'));
  expect(doc.matches.length).toBeGreaterThan(100);
  expect(doc.matches).toEqual(ref.matches);

  await page.getByLabel('Precision').selectOption('float32');
  await expect(note).toHaveCount(0);
  await expect(page.getByTestId('diagnostics').locator('[data-nn-kernel]')).toHaveAttribute('data-nn-kernel', 'matmul', { timeout: 120_000 });
  await waitReady(page);
  expect((await exportMatches(page)).settings).toMatchObject({ precision: 'float32', nnKernel: 'matmul' });
  expect(page.url()).not.toContain('precision=');

  await open(page, 'webgpu');
  await expect(note).toHaveAttribute('data-nn-kernel', 'matmul');
  await expect(note).toContainText('float32 ran: int16 runs on the CPU backends (wasm, cpu); on webgpu');
  expect(errors).toEqual([]);
});
