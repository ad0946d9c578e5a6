/**
 * What the end-to-end tests share: real files made from the shipped samples, a drop that fires the same
 * events as a user's drag, console error capture, and reading what the app shows.
 */
import { expect, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import fs from 'node:fs';
import path from 'node:path';

export const SAMPLES = path.resolve(import.meta.dirname, '../public/samples');

/** Reads a PNG from the samples into RGBA. */
export function readPng(rel: string): PNG {
  return PNG.sync.read(fs.readFileSync(path.join(SAMPLES, rel)));
}

/** Encodes the crop [x0, x0+w) × [y0, y0+h) of an image as PNG bytes. */
export function cropPng(img: PNG, x0: number, y0: number, w: number, h: number): Buffer {
  const out = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) img.data.copy(out.data, y * w * 4, ((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4);
  return PNG.sync.write(out);
}

/** Drops files onto the left (source) or right (target) pane, as a drag from the desktop would. */
export async function dropFiles(page: Page, side: 'source' | 'target', files: { name: string; type: string; bytes: Buffer }[]) {
  const stage = page.getByTestId('stage');
  const box = (await stage.boundingBox())!;
  // Panes sit side by side or stacked, whichever shows the images larger: drop on the pane's centre.
  const rects = JSON.parse((await stage.getAttribute('data-rects'))!) as { x: number; y: number; w: number; h: number }[];
  const r = rects[side === 'source' ? 0 : 1];
  const x = box.x + r.x + r.w / 2;
  const y = box.y + r.y + r.h / 2;
  await page.evaluate(
    ({ files, x, y }) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      const target = document.elementFromPoint(x, y)!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt, clientX: x, clientY: y }));
      }
    },
    { files: files.map((f) => ({ ...f, bytes: Array.from(f.bytes) })), x, y },
  );
}

/** Collects console errors and uncaught exceptions for the whole test. */
export function captureErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Waits until both panes show the named files and the matches for them are ready. */
export async function waitLoaded(page: Page, source: string, target: string, timeout = 120_000) {
  await expect(page.getByTestId('stage')).toHaveAttribute('data-names', JSON.stringify([source, target]), { timeout });
  await waitReady(page, timeout);
}

export async function waitReady(page: Page, timeout = 120_000) {
  await expect(page.getByRole('status')).toHaveText('Ready', { timeout });
}

export async function matchDetails(page: Page) {
  const el = page.getByTestId('match-details');
  await expect(el).toBeVisible();
  const d = await el.evaluate((e) => ({ ...(e as HTMLElement).dataset }));
  return {
    descriptor: d.descriptor!,
    sx: Number(d.sourceX), sy: Number(d.sourceY), tx: Number(d.targetX), ty: Number(d.targetY), score: Number(d.score),
  };
}

/** Clicks image pixel (x, y) of one pane, using the transforms the stage publishes. */
export async function clickPixel(page: Page, side: 'source' | 'target', x: number, y: number) {
  const stage = page.getByTestId('stage');
  const panes = JSON.parse((await stage.getAttribute('data-panes'))!) as ({ ox: number; oy: number; scale: number } | null)[];
  const t = panes[side === 'source' ? 0 : 1]!;
  await stage.click({ position: { x: t.ox + (x + 0.5) * t.scale, y: t.oy + (y + 0.5) * t.scale } });
}
