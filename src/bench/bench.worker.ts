/// <reference lib="webworker" />
/**
 * Runs the engine's benchmark in a worker, like the app's engine worker: same backends, same decoding
 * (createImageBitmap, read through an OffscreenCanvas), same 640×480 crops of the motorcycle pair.
 */
import { configureWasm, probeBrowserEnvironment, type WasmBinaries } from '../engine/tf/registerBrowser';
import { activateBackend, backendOrder, isBackendId } from '../engine/tf/backends';
import { BENCH_CROP, runBench, stat, type BenchReport } from '../engine/bench/suite';
import { cropImage } from '../engine/core/image';
import { downscaleArea } from '../engine/core/workingSize';
import { decodeImageBytes } from '../worker/decodeInWorker';
import { installModelFetch } from '../worker/modelFetch';

export interface BenchRequest {
  backend: string;
  descriptors: string[];
  repeats: number;
  queries: number;
  nnStride: number;
  sparseSift: boolean;
  /** WxH: the crop is area-downscaled to this size (640x480 keeps it as is). */
  size: string;
  wasm: WasmBinaries;
}

export type BenchMessage =
  | { kind: 'log'; line: string }
  | { kind: 'done'; report: BenchReport & { decode: ReturnType<typeof stat>; env: string } }
  | { kind: 'failed'; error: string };

const post = (m: BenchMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = async (e: MessageEvent<BenchRequest>) => {
  const req = e.data;
  try {
    configureWasm(req.wasm);
    installModelFetch();
    const probe = await probeBrowserEnvironment();
    if (!isBackendId(req.backend)) throw new Error(`unknown backend ${req.backend}`);
    const choice = await activateBackend(backendOrder(req.backend, probe));
    post({ kind: 'log', line: `backend ${choice.id}: ${choice.reason}` });
    const bytes = await Promise.all(['left', 'right'].map((n) => fetch(`/samples/motorcycle/${n}.png`).then((r) => r.arrayBuffer())));
    const decodeRuns: number[] = [];
    for (let r = 0; r <= req.repeats; r++) {
      const t0 = performance.now();
      await decodeImageBytes(bytes[0]);
      if (r > 0) decodeRuns.push(performance.now() - t0);
    }
    const [w, h] = req.size.split('x').map(Number);
    const imgs = await Promise.all(bytes.map(async (b) => {
      const crop = cropImage((await decodeImageBytes(b)).image, BENCH_CROP.x, BENCH_CROP.y, BENCH_CROP.width, BENCH_CROP.height);
      return w === crop.width && h === crop.height ? crop : downscaleArea(crop, w, h);
    }));
    const report = await runBench(imgs[0], imgs[1], { ...req, log: (line) => post({ kind: 'log', line }) });
    post({ kind: 'done', report: { ...report, decode: stat(decodeRuns), env: `Chromium ${navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?'}` } });
  } catch (err) {
    post({ kind: 'failed', error: err instanceof Error ? err.message : String(err) });
  }
};
