import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { captureErrors, cropPng, dropFiles, readPng, waitLoaded } from './helpers';

/**
 * Binary descriptors match by popcount in the worker: on wasm by the WebAssembly kernel (compiled under the
 * app's CSP), on webgpu by the WGSL kernels (src/engine/tf/webgpu/hammingKernels.ts). Both must give exactly
 * the matches of `matchscope match` in Node, whose popcount search equals the matMul's
 * (src/engine/match/hamming/nearestHamming.test.ts); Diagnostics names the kernel.
 */
const img = readPng('graffiti/graf1.png');
const a = cropPng(img, 300, 200, 160, 120);
const b = cropPng(img, 305, 203, 160, 120);

async function binaryMatches(page: Page, backend: 'wasm' | 'webgpu', pair: [Buffer, Buffer], descriptor = 'census', shot?: string) {
  await page.goto(`/?sample=none&descriptor=${descriptor}&stride=4&mutual=1&refine=1&ratio=off&backend=${backend}`);
  await dropFiles(page, 'source', [{ name: 'a.png', type: 'image/png', bytes: pair[0] }]);
  await dropFiles(page, 'target', [{ name: 'b.png', type: 'image/png', bytes: pair[1] }]);
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

/** `matchscope match` (Node, wasm) on the same pair: the reference matches. */
function cliMatches(pair: [Buffer, Buffer], descriptor = 'census') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-popcount-cli-'));
  fs.writeFileSync(path.join(dir, 'a.png'), pair[0]);
  fs.writeFileSync(path.join(dir, 'b.png'), pair[1]);
  const cli = path.resolve(import.meta.dirname, '../bin/matchscope.mjs');
  execFileSync('node', [cli, 'match', '--source', path.join(dir, 'a.png'), '--target', path.join(dir, 'b.png'),
    '--descriptor', descriptor, '--stride', '4', '--mutual', '--backend', 'wasm', '--out', path.join(dir, 'cli.json'), '--quiet']);
  return JSON.parse(fs.readFileSync(path.join(dir, 'cli.json'), 'utf8')).matches;
}

test('census matches by popcount in the worker, WebAssembly on wasm and WGSL on webgpu, equal the CLI\'s', async ({ page }) => {
  const errors = captureErrors(page);
  const wasm = await binaryMatches(page, 'wasm', [a, b], 'census', process.env.POPCOUNT_SHOT);
  expect(wasm.kernel).toBe('popcount-wasm');
  await expect(page.getByTestId('diagnostics').locator('[data-nn-kernel]')).toContainText('nearest neighbours by popcount-wasm');
  expect(wasm.doc.matches.length).toBeGreaterThan(100);
  expect(wasm.doc.matches).toEqual(cliMatches([a, b]));
  // SwiftShader (a CPU Vulkan) runs the WGSL kernels slowly: a 64×48 pair, 192 grid points each side.
  const small: [Buffer, Buffer] = [cropPng(img, 300, 200, 64, 48), cropPng(img, 305, 203, 64, 48)];
  // census: 48 bits in two 32-bit words; BRIEF: 256 bits in eight.
  for (const descriptor of ['census', 'brief']) {
    const gpu = await binaryMatches(page, 'webgpu', small, descriptor);
    expect(gpu.kernel, descriptor).toBe('popcount-webgpu');
    expect(gpu.doc.matches.length, descriptor).toBeGreaterThan(20);
    expect(gpu.doc.matches, descriptor).toEqual(cliMatches(small, descriptor));
  }
  expect(errors).toEqual([]);
});
