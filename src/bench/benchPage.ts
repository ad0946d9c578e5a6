/**
 * The browser half of `npm run bench`: runs the engine's benchmark in a worker (as the app does) on the
 * backend named in the address, logs as it goes, and leaves the report on `window.__bench` for the
 * driver script to collect.
 */
import { wasmBinaries } from '../app/engine/wasmBinaries';
import type { BenchRequest, BenchMessage } from './bench.worker';

const q = new URLSearchParams(location.search);
const req: BenchRequest = {
  backend: q.get('backend') ?? 'wasm',
  descriptors: (q.get('descriptors') ?? 'patch,census,sift,daisy').split(','),
  repeats: Number(q.get('repeats') ?? 3),
  queries: Number(q.get('queries') ?? 40),
  nnStride: Number(q.get('stride') ?? 4),
  sparseSift: q.get('sparse') !== '0',
  size: q.get('size') ?? '640x480',
  wasm: wasmBinaries(),
};
const log = document.getElementById('log')!;
log.textContent = '';
const w = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
const win = window as unknown as { __bench?: unknown; __benchError?: string };
w.onmessage = (e: MessageEvent<BenchMessage>) => {
  const m = e.data;
  if (m.kind === 'log') log.textContent += `${m.line}\n`;
  else if (m.kind === 'done') win.__bench = m.report;
  else win.__benchError = m.error;
};
w.onerror = (e) => { win.__benchError = e.message || 'the benchmark worker failed to start'; };
w.postMessage(req);
