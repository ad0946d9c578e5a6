import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureErrors, cropPng, dropFiles, readPng, waitLoaded } from './helpers';

/**
 * Binary descriptors match by popcount in the worker on wasm (WebAssembly compiled under the app's CSP),
 * with the same matches as `matchscope match` in Node (whose popcount search equals the matMul's:
 * src/engine/match/hamming/nearestHamming.test.ts), and by the matMul on webgpu; Diagnostics names the kernel.
 * (webgpu's matches are not compared: its tfjs topk/argMax do not promise the lowest index on ties, and
 * census ties often.)
 */
const img = readPng('graffiti/graf1.png');
const a = cropPng(img, 300, 200, 160, 120);
const b = cropPng(img, 305, 203, 160, 120);

async function censusMatches(page: Page, backend: 'wasm' | 'webgpu', shot?: string) {
  await page.goto(`/?sample=none&descriptor=census&stride=4&mutual=1&refine=1&ratio=off&backend=${backend}`);
  await dropFiles(page, 'source', [{ name: 'a.png', type: 'image/png', bytes: a }]);
  await dropFiles(page, 'target', [{ name: 'b.png', type: 'image/png', bytes: b }]);
  await waitLoaded(page, 'a.png', 'b.png');
  await page.getByText('Diagnostics', { exact: true }).click();
  const diag = page.getByTestId('diagnostics');
  await expect(diag).toHaveAttribute('data-backend', backend);
  const kernel = await diag.locator('[data-nn-kernel]').getAttribute('data-nn-kernel');
  if (shot) await page.locator('.diagnostics').screenshot({ path: shot });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export matches' }).click();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ms-popcount-')), 'matches.json');
  await (await download).saveAs(file);
  return { kernel, doc: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

test('census matches by popcount in the worker equal the CLI\'s; on webgpu the matMul runs', async ({ page }) => {
  const errors = captureErrors(page);
  const wasm = await censusMatches(page, 'wasm', process.env.POPCOUNT_SHOT);
  expect(wasm.kernel).toBe('popcount-wasm');
  await expect(page.getByTestId('diagnostics').locator('[data-nn-kernel]')).toContainText('nearest neighbours by popcount-wasm');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-popcount-cli-'));
  fs.writeFileSync(path.join(dir, 'a.png'), a);
  fs.writeFileSync(path.join(dir, 'b.png'), b);
  const cli = path.resolve(import.meta.dirname, '../bin/matchscope.mjs');
  execFileSync('node', [cli, 'match', '--source', path.join(dir, 'a.png'), '--target', path.join(dir, 'b.png'),
    '--descriptor', 'census', '--stride', '4', '--mutual', '--backend', 'wasm', '--out', path.join(dir, 'cli.json'), '--quiet']);
  const ref = JSON.parse(fs.readFileSync(path.join(dir, 'cli.json'), 'utf8'));
  expect(wasm.doc.matches.length).toBeGreaterThan(100);
  expect(wasm.doc.matches).toEqual(ref.matches);
  const gpu = await censusMatches(page, 'webgpu');
  expect(gpu.kernel).toBe('matmul');
  expect(errors).toEqual([]);
});
