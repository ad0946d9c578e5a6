/**
 * Shared by the robustness, fault and privacy tests: the committed awkward-file fixtures, a check that no
 * NaN or Infinity reaches the screen or the arrays the canvas draws, and the worker's own diagnostics
 * (read through the ?debug=1 hooks, which call the real worker).
 */
import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/** The page's ?debug=1 hooks (src/app/engine/debugHooks.ts), as far as the tests use them. */
interface DebugHooks {
  crashWorker(): void;
  loseDevice(): Promise<boolean>;
  killWorker(): void;
  outOfMemory(count: number, minBytes: number): Promise<void>;
  pendingCalls(): number;
  descriptorsAt(points: { side: 'source' | 'target'; x: number; y: number }[]): Promise<{ dim: number; vectors: Float32Array[] }>;
  diagnostics(): Promise<{
    backend: string | null; numTensors: number; numBytes: number; cachedMaps: number; cachedBytes: number; keypointSets: number;
    calls: { started: number; completed: number; failed: number }; workerId: string;
  }>;
  state(): {
    compute: { matches: { x0: Float32Array; y0: Float32Array; x1: Float32Array; y1: Float32Array; score: Float32Array } } | null;
    query: { result: { scores: Float32Array; min: number; max: number; bestScore: number; ties: number } | null } | null;
    images: Record<'source' | 'target', { width: number; height: number; workingWidth: number; workingHeight: number; format: string } | null>;
    settings: Record<string, unknown>;
  };
}
declare global {
  interface Window {
    matchscopeDebug?: DebugHooks;
  }
}

export const FIXTURES = path.resolve(import.meta.dirname, 'fixtures');

export function fixture(name: string, type = name.endsWith('.jpg') ? 'image/jpeg' : name.endsWith('.gif') ? 'image/gif' : 'image/png') {
  return { name, type, bytes: fs.readFileSync(path.join(FIXTURES, name)) };
}

/** Every number the app shows or colours by is finite: match scores, the heatmap, the legend, the text. */
export async function expectAllFinite(page: Page) {
  const bad = await page.evaluate(() => {
    const s = window.matchscopeDebug!.state();
    const problems: string[] = [];
    const check = (label: string, a: ArrayLike<number> | undefined) => {
      if (!a) return;
      for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return problems.push(`${label}[${i}] = ${a[i]}`);
    };
    const m = s.compute?.matches;
    check('match score', m?.score);
    check('match x1', m?.x1);
    check('match y1', m?.y1);
    const q = s.query?.result;
    if (q) {
      check('heatmap', q.scores);
      check('query min/max/best', [q.min, q.max, q.bestScore]);
    }
    if (/\bNaN\b|Infinity/.test(document.body.innerText)) problems.push(`page text: ${document.body.innerText.match(/.{0,40}(NaN|Infinity).{0,40}/)?.[0]}`);
    return problems;
  });
  expect(bad).toEqual([]);
}

export type WorkerDiagnostics = Awaited<ReturnType<DebugHooks['diagnostics']>>;

export function workerDiagnostics(page: Page): Promise<WorkerDiagnostics> {
  return page.evaluate(() => window.matchscopeDebug!.diagnostics());
}

/** Runs a typed query and waits until the answer for exactly that pixel is shown. */
export async function typedQuery(page: Page, x: number, y: number) {
  await page.getByLabel('Query point').fill(`${x}, ${y}`);
  await page.getByLabel('Query point').press('Enter');
  const d = page.getByTestId('match-details');
  await expect(d).toHaveAttribute('data-source-x', String(x));
  await expect(d).toHaveAttribute('data-source-y', String(y));
  await expect(d).toHaveAttribute('data-pending', 'false');
}
