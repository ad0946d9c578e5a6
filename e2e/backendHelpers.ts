/**
 * Backend comparisons in the real app: the same computation on WebGPU (SwiftShader here, see
 * shared/BROWSER.md) and then on wasm, read through the ?debug=1 hooks, which call the real worker.
 */
import { expect, type Page } from '@playwright/test';
import { cropPng, dropFiles, readPng, waitLoaded, waitReady } from './helpers';
import './robustHelpers';

/** A tiny textured pair from graf1: source (x, y) is target (x − 6, y − 3). 64×48, like ucn.spec's. */
export const TINY_PAIR = { width: 64, height: 48 };

export async function dropTinyPair(page: Page): Promise<void> {
  const img = readPng('graffiti/graf1.png');
  await dropFiles(page, 'source', [{ name: 'eq-a.png', type: 'image/png', bytes: cropPng(img, 300, 200, 64, 48) }]);
  await dropFiles(page, 'target', [{ name: 'eq-b.png', type: 'image/png', bytes: cropPng(img, 306, 203, 64, 48) }]);
  await waitLoaded(page, 'eq-a.png', 'eq-b.png', 170_000);
}

/**
 * Opens `query` (address parameters; every match kept, no mutual check, so that all grid points compare) on
 * webgpu with the tiny pair, runs `collect('webgpu')`, switches the Backend preference to wasm (the worker
 * drops its cached maps), waits for the matches again and runs `collect('wasm')`.
 */
export async function onWebgpuThenWasm<T>(page: Page, query: string, collect: (backend: 'webgpu' | 'wasm') => Promise<T>): Promise<{ webgpu: T; wasm: T }> {
  await page.goto(`/?${query}&mutual=0&backend=webgpu&sample=none&debug=1`);
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('webgpu', { timeout: 60_000 });
  await dropTinyPair(page);
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('webgpu');
  await expectComputedOn(page, 'webgpu');
  const webgpu = await collect('webgpu');
  await page.getByLabel('Backend preference').selectOption('wasm');
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('wasm', { timeout: 60_000 });
  await waitReady(page, 170_000);
  await expectComputedOn(page, 'wasm');
  const wasm = await collect('wasm');
  return { webgpu, wasm };
}

/** The matches the app holds were computed on `backend` (not left from before a switch). */
async function expectComputedOn(page: Page, backend: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => (window.matchscopeDebug!.state().compute as unknown as { backend?: string } | null)?.backend), { timeout: 170_000 }).toBe(backend);
}

/** The matches the app holds were computed on `backend` for this descriptor and these parameters (a subset of its params). */
export async function expectComputedWith(page: Page, backend: string, descriptorId: string, params: Record<string, string>): Promise<void> {
  await expect.poll(() => page.evaluate(({ backend, descriptorId, params }) => {
    const c = window.matchscopeDebug!.state().compute as unknown as { backend?: string; descriptorId?: string; params?: Record<string, unknown> } | null;
    return !!c && c.backend === backend && c.descriptorId === descriptorId && Object.entries(params).every(([k, v]) => String(c.params?.[k]) === v);
  }, { backend, descriptorId, params }), { timeout: 300_000 }).toBe(true);
  await waitReady(page, 170_000);
}

/** The dense matches the app holds (source grid → target), as plain arrays. */
export async function readMatches(page: Page) {
  return page.evaluate(() => {
    const m = window.matchscopeDebug!.state().compute!.matches;
    return { x0: Array.from(m.x0), y0: Array.from(m.y0), x1: Array.from(m.x1), y1: Array.from(m.y1), score: Array.from(m.score) };
  });
}

/** Descriptor vectors at the given working pixels of both images, for the current descriptor settings. */
export async function readDescriptors(page: Page, points: { side: 'source' | 'target'; x: number; y: number }[]) {
  return page.evaluate(async (pts) => {
    const r = await window.matchscopeDebug!.descriptorsAt(pts);
    return { dim: r.dim, vectors: r.vectors.map((v) => Array.from(v)) };
  }, points);
}

/** The largest |a[i] − b[i]| (NaN on both sides counts as equal; on one side only, as Infinity). */
export function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => (Number.isNaN(v) && Number.isNaN(b[i]) ? m : Math.max(m, Number.isNaN(v - b[i]) ? Infinity : Math.abs(v - b[i]))), 0);
}
