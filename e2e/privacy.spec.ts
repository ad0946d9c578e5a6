import { expect, test, type Request } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { captureErrors, cropPng, dropFiles, readPng, waitLoaded, waitReady } from './helpers';
import { typedQuery } from './robustHelpers';

/**
 * The user's images are theirs: a full session sends nothing to another origin, the page forbids it by
 * Content-Security-Policy (header and <meta>), and after the first visit the app works with no network.
 */
const graf = readPng('graffiti/graf1.png');

test('a full session makes requests to its own origin only', async ({ page, baseURL }) => {
  const errors = captureErrors(page);
  const requests: Request[] = [];
  page.context().on('request', (r) => requests.push(r));
  await page.goto('/');
  await waitReady(page);
  await typedQuery(page, 300, 200);
  await page.getByLabel('Sample pair').selectOption('graffiti');
  await waitReady(page);
  await dropFiles(page, 'source', [{ name: 'mine-a.png', type: 'image/png', bytes: cropPng(graf, 200, 150, 160, 120) }]);
  await dropFiles(page, 'target', [{ name: 'mine-b.png', type: 'image/png', bytes: cropPng(graf, 205, 150, 160, 120) }]);
  await waitLoaded(page, 'mine-a.png', 'mine-b.png');
  await page.getByLabel('Descriptor').selectOption('census');
  await waitReady(page);
  await typedQuery(page, 80, 60);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export matches/ }).click();
  await download;

  const origin = new URL(baseURL!).origin;
  const urls = requests.map((r) => r.url());
  expect(urls.length).toBeGreaterThan(5);
  const foreign = urls.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:') && new URL(u).origin !== origin);
  expect(foreign).toEqual([]);
  // The dropped files are decoded in the page and the worker: they are never sent anywhere, even here.
  expect(requests.filter((r) => r.method() !== 'GET')).toEqual([]);
  expect(errors).toEqual([]);
});

test('a strict Content-Security-Policy is sent and set in the page, and the app works under it', async ({ page }) => {
  const errors = captureErrors(page);
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const workerCsp: string[] = [];
  page.on('response', (r) => {
    if (/engine\.worker.*\.js$/.test(r.url())) workerCsp.push(r.headers()['content-security-policy'] ?? '');
  });
  const res = await page.goto('/?descriptor=zncc&stride=8');
  const header = res!.headers()['content-security-policy'];
  for (const csp of [header, await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')]) {
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    expect(csp).not.toContain("'unsafe-inline'");
    expect(csp).not.toMatch(/'unsafe-eval'/);
    expect(csp).toContain("connect-src 'self'");
  }
  expect(header).toContain("frame-ancestors 'none'");
  // The page holds no inline script at all.
  expect(await page.locator('script:not([src])').count()).toBe(0);
  await waitReady(page);
  // The worker runs under the same policy and still computes with wasm.
  expect(workerCsp.length).toBeGreaterThan(0);
  expect(workerCsp[0]).toBe(header);
  await expect(page.getByLabel('Backend', { exact: true })).toHaveText('wasm');
  await typedQuery(page, 300, 200);
  // Nothing the app does violates the policy…
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  // …and an injected inline script is refused, as the policy says.
  await page.addScriptTag({ content: 'window.inlineScriptRan = true;' }).catch(() => {});
  expect(await page.evaluate(() => (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan)).toBeUndefined();
  // (One report per policy: the header's and the <meta>'s.)
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
  expect((await violations()).filter((v) => !v.startsWith('script-src-elem: inline'))).toEqual([]);
});

test('after the first visit the app opens and computes offline', async ({ page, context }) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=census&stride=8');
  await waitReady(page);
  const online = await page.getByTestId('match-count').getAttribute('data-count');
  // The service worker has cached every built file and the samples.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await context.setOffline(true);
  try {
    await page.reload();
    await waitReady(page);
    await expect(page.getByTestId('match-count')).toHaveAttribute('data-count', online!);
    await expect(page.getByLabel('Backend', { exact: true })).toHaveText('wasm');
    await typedQuery(page, 300, 200);
    // A pair not yet seen comes from the cache too.
    await page.getByLabel('Sample pair').selectOption('graffiti');
    await waitReady(page);
    await expect(page.getByTestId('stage')).toHaveAttribute('data-names', /graf1\.png/);
  } finally {
    await context.setOffline(false);
  }
  expect(errors).toEqual([]);
});

test('the dev server sends the policy too, and its one inline script (React Fast Refresh) is allowed by hash', async ({ baseURL }) => {
  // Well away from the 41xx ports other checkouts' suites use.
  const port = Number(new URL(baseURL!).port) + 600;
  const dev = spawn('npx', ['vite', '--port', String(port), '--strictPort'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'ignore', detached: true });
  try {
    let res: Response | null = null;
    for (let i = 0; i < 120 && !res && dev.exitCode === null; i++) {
      res = await fetch(`http://localhost:${port}/`).catch(() => null);
      if (!res) await new Promise((r) => setTimeout(r, 500));
    }
    expect(dev.exitCode).toBeNull();
    expect(res?.ok).toBe(true);
    const csp = res!.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toMatch(/'unsafe-eval'/);
    const html = await res!.text();
    const inline = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline.length).toBe(1);
    const hash = `'sha256-${createHash('sha256').update(inline[0]).digest('base64')}'`;
    expect(csp).toMatch(new RegExp(`script-src 'self' 'wasm-unsafe-eval' ${hash.replace(/[+/]/g, '\\$&')}`));
  } finally {
    process.kill(-dev.pid!);
  }
});
