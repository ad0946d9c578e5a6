import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The Content-Security-Policy: scripts, workers, styles and data only from this origin, no eval and no
 * inline script. 'wasm-unsafe-eval' is what the tfjs wasm backend needs to compile its .wasm (it does not
 * allow JS eval). Images from blob:/data: cover decoded files and canvas exports. Nothing may be sent
 * elsewhere (connect-src, form-action), and the page cannot be framed.
 */
const CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'blob:', 'data:'],
  'style-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};
const cspString = (extra: Record<string, string[]> = {}) =>
  Object.entries(CSP).map(([k, v]) => [k, ...v, ...(extra[k] ?? [])].join(' ')).join('; ');
// Headers can say more than a <meta>: frame-ancestors is ignored there.
const headerCsp = (extra?: Record<string, string[]>) => `${cspString(extra)}; frame-ancestors 'none'`;

// The dev server's React Fast Refresh preamble is the one inline script; it is allowed by its hash, and
// Vite's dev client injects CSS as <style> elements. Neither exists in the build.
const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
const devCsp = headerCsp({
  'script-src': [sha256(react.preambleCode.replace('__BASE__', '/'))],
  'style-src': ["'unsafe-inline'"],
});

/**
 * Build only: the CSP as a <meta> in index.html (for hosts that send no headers), and the service worker
 * given the list of every built file and sample, with a version that changes when any of them does.
 */
function productionPage(): Plugin {
  let outDir = 'dist';
  return {
    name: 'matchscope-production-page',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: cspString() }, injectTo: 'head-prepend' },
      { tag: 'script', attrs: { type: 'module', src: '/register-sw.js' }, injectTo: 'body' },
    ],
    writeBundle() {
      const files = listFiles(outDir).filter((f) => f !== 'sw.js' && !f.endsWith('.map') && !f.endsWith('.md'));
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const swPath = join(outDir, 'sw.js');
      const sw = readFileSync(swPath, 'utf8')
        .replace(/^const VERSION = .*$/m, `const VERSION = '${hash.digest('hex').slice(0, 16)}';`)
        .replace(/^const PRECACHE = .*$/m, `const PRECACHE = ${JSON.stringify(['/', ...files.map((f) => `/${f}`)])};`);
      writeFileSync(swPath, sw);
    },
  };
}

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p, root) : [relative(root, p).split('\\').join('/')];
  });
}

export default defineConfig({
  plugins: [react(), productionPage()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // bench.html runs the engine's benchmark in the browser for `npm run bench`.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  server: { port: 5173, strictPort: false, headers: { 'Content-Security-Policy': devCsp } },
  preview: { port: 4173, headers: { 'Content-Security-Policy': headerCsp() } },
});
