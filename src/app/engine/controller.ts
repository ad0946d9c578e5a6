/**
 * Drives the engine worker from the store: loads images, recomputes when settings change (cancelling the
 * stale job first), answers queries, and restarts the worker if it dies, reloading what the user had.
 * React components call these functions; they never talk to the worker themselves.
 */
import { createEngineClient, type EngineClient } from '../../worker/client';
import { isAbortError } from '../../engine/core/abort';
import type { ComputeResult, DescriptorQueryResponse, Side } from '../../worker/handlers';
import type { ParamsOf } from '../../engine/descriptors/contract';
import type { Calibration } from '../../engine/bench/calibrate';
import { currentParams } from '../store/settings';
import { useApp } from '../store';
import { SAMPLES } from '../samples';
import { decodeForDisplay } from './displayImage';
import { wasmBinaries } from './wasmBinaries';
import { progressivePasses, refiningStage } from './progressive';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

let client: EngineClient | null = null;
let ready: Promise<void> | null = null;
let computeJob: AbortController | null = null;
let queryJob: AbortController | null = null;
let loadJobs: Partial<Record<Side, AbortController>> = {};
/** A load succeeded while another was still running: the matches are recomputed when the last one ends. */
let recomputeOwed = false;
/** The files as loaded, so a restarted worker can be given them again. */
const files: Partial<Record<Side, { name: string; bytes: ArrayBuffer }>> = {};

function store() {
  return useApp.getState();
}

function startWorker(): Promise<void> {
  client = createEngineClient((why) => void onCrash(why));
  const c = client;
  ready = c
    .call('init', { preference: store().settings.backend, wasm: wasmBinaries(), calibrations: storedCalibrations() })
    .then((backend) => {
      storeCalibration(backend.calibration);
      store().set({ backend });
    });
  return ready;
}

const CALIBRATION_STORAGE = 'matchscope.calibration';

/** Calibrations measured earlier, one per user agent + adapter (localStorage may be off: then none). */
function storedCalibrations(): Calibration[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(CALIBRATION_STORAGE) ?? '[]');
    return Array.isArray(v) ? (v as Calibration[]) : [];
  } catch {
    return [];
  }
}

function storeCalibration(cal: Calibration | null | undefined): void {
  if (!cal) return;
  try {
    const rest = storedCalibrations().filter((c) => c.key !== cal.key).slice(-4);
    localStorage.setItem(CALIBRATION_STORAGE, JSON.stringify([...rest, cal]));
  } catch {
    // Storage full or disabled: the calibration simply runs again next time.
  }
}

/** Measures the backends again and lets `auto` choose again (the "Re-measure" button). */
export async function recalibrate(): Promise<void> {
  computeJob?.abort();
  try {
    await ready;
    store().set({ status: { kind: 'busy', stage: 'measuring the backends', fraction: 0 } });
    const backend = await client!.call('recalibrate', { preference: store().settings.backend });
    storeCalibration(backend.calibration);
    store().set({ backend });
    void recompute();
  } catch (e) {
    store().set({ error: `Could not measure the backends: ${message(e)}` });
  }
}

async function onCrash(why: string) {
  store().set({ error: `${why}. Restarting the engine; your images and settings are kept.`, status: { kind: 'busy', stage: 'restarting the engine', fraction: 0 } });
  await startWorker();
  for (const side of ['source', 'target'] as const) {
    const f = files[side];
    if (f) await client!.call('loadImage', { side, name: f.name, bytes: f.bytes.slice(0) }, { transfer: [] });
  }
  void recompute();
}

/** Starts the worker and loads the sample pair (unless images arrived first). */
export async function startEngine(sampleId: string): Promise<void> {
  try {
    await startWorker();
  } catch (e) {
    store().set({ status: { kind: 'failed', message: message(e) }, error: `The compute engine could not start: ${message(e)}` });
    return;
  }
  if (sampleId !== 'none' && !store().images.source && !store().images.target) await loadSample(sampleId);
  else if (!store().images.source || !store().images.target) void recompute();
}

export async function loadSample(id: string): Promise<void> {
  const sample = SAMPLES.find((s) => s.id === id) ?? SAMPLES[0];
  try {
    const [a, b] = await Promise.all([sample.source, sample.target].map((u) => fetch(u).then((r) => {
      if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`);
      return r.arrayBuffer();
    })));
    const name = (u: string) => u.split('/').slice(-2).join('/');
    const ok = await Promise.all([loadBytes('source', name(sample.source), a, false), loadBytes('target', name(sample.target), b, false)]);
    if (ok.every(Boolean)) useApp.setState({ sampleId: sample.id });
    void recompute();
  } catch (e) {
    store().set({ error: `The sample “${sample.label}” could not be loaded: ${message(e)}` });
  }
}

/** Loads a user's file into one side. A file that cannot be read leaves the previous image in place. */
export async function loadFile(side: Side, file: Blob, name: string): Promise<void> {
  const bytes = await file.arrayBuffer();
  if (await loadBytes(side, name, bytes, true)) {
    useApp.setState({ sampleId: null });
    recomputeOwed = true;
  }
  // Two files dropped together: the last load to end computes, so no pair of old and new is ever matched.
  if (recomputeOwed && !loadsPending()) {
    recomputeOwed = false;
    void recompute();
  }
}

async function loadBytes(side: Side, name: string, bytes: ArrayBuffer, userFile: boolean): Promise<boolean> {
  await ready;
  computeJob?.abort();
  loadJobs[side]?.abort();
  const job = (loadJobs[side] = new AbortController());
  const s = store();
  s.set({ status: { kind: 'busy', stage: `reading ${name}`, fraction: 0 } });
  try {
    if (bytes.byteLength === 0) throw new Error('the file is empty (0 bytes)');
    const [display, info] = await Promise.all([
      decodeForDisplay(bytes),
      client!.call('loadImage', { side, name, bytes: bytes.slice(0) }, { signal: job.signal }),
    ]);
    files[side] = { name, bytes };
    s.setImage({ side, name, display, width: info.width, height: info.height, workingWidth: info.workingWidth, workingHeight: info.workingHeight, format: info.format, bytes: bytes.byteLength });
    s.set({ decodeMs: { ...store().decodeMs, [side]: info.decodeMs }, query: null, compute: null, sparse: null, error: userFile ? null : store().error });
    const downscaled = info.workingWidth !== info.width;
    s.setNotice(`downscaled-${side}`, downscaled ? `The ${side} image (${info.width}×${info.height}) is computed at ${info.workingWidth}×${info.workingHeight} to stay within the working limit; coordinates are still shown in original pixels.` : null);
    return true;
  } catch (e) {
    if (isAbortError(e)) return false;
    const had = store().images[side] ? ' The previous image is kept.' : '';
    s.set({ error: `Could not open “${name}” as the ${side} image: ${message(e)}.${had}`, status: store().compute ? { kind: 'ready' } : { kind: 'idle', message: 'Waiting for two images' } });
    return false;
  } finally {
    if (loadJobs[side] === job) delete loadJobs[side];
  }
}

const loadsPending = () => Object.values(loadJobs).some((j) => j && !j.signal.aborted);

/** Recomputes the matches for the current images and settings, cancelling any job still running. */
export async function recompute(): Promise<void> {
  const s = store();
  if (!s.images.source || !s.images.target) {
    s.set({ status: { kind: 'idle', message: `Drop a ${s.images.source ? 'target' : 'source'} image to start` } });
    return;
  }
  computeJob?.abort();
  const job = (computeJob = new AbortController());
  const { settings } = s;
  s.set({ status: { kind: 'busy', stage: 'starting', fraction: 0 } });
  try {
    await ready;
    const size = (side: Side) => ({ width: s.images[side]!.workingWidth, height: s.images[side]!.workingHeight });
    const passes = progressivePasses(settings.stride, settings.targetStride ?? settings.stride, size('source'), size('target'));
    let result: ComputeResult | null = null;
    let coarse: ComputeResult | null = null;
    for (const pass of passes) {
      // A coarse pass's result stays on screen while the fine pass runs, and the status says so.
      const note = result ? ` — ${refiningStage(passes[0], pass)}` : '';
      result = await client!.call(
        'compute',
        { descriptorId: settings.descriptorId, params: currentParams(settings), stride: pass.stride, targetStride: pass.targetStride, mutual: settings.mutual, ratio: settings.ratio, refine: settings.refine },
        { signal: job.signal, onProgress: (stage, fraction) => store().set({ status: { kind: 'busy', stage: `${stage}${note}`, fraction } }) },
      );
      // Never a stale result: a newer job (or a cancel) owns the screen now.
      if (computeJob !== job || job.signal.aborted) return;
      // The maps were described in the preview pass of this same job: their time belongs to this result too.
      if (coarse) result = { ...result, timingsMs: { ...result.timingsMs, describe_source: coarse.timingsMs.describe_source, describe_target: coarse.timingsMs.describe_target } };
      if (pass.coarse) coarse = result;
      store().set({ compute: result });
      if (pass.coarse) store().set({ status: { kind: 'busy', stage: refiningStage(pass, passes[passes.length - 1]), fraction: 0 } });
    }
    const q = store().query;
    if (q) await runQuery(q.from, q.x, q.y, job.signal);
    if (store().view.showKeypoints) await runKeypoints(job.signal);
    if (computeJob === job) store().set({ status: { kind: 'ready' } });
  } catch (e) {
    if (isAbortError(e)) return;
    store().set({ status: { kind: 'failed', message: message(e) }, error: `Matching failed: ${message(e)}` });
  }
}

export function cancel(): void {
  computeJob?.abort();
  queryJob?.abort();
  for (const j of Object.values(loadJobs)) j?.abort();
  loadJobs = {};
  recomputeOwed = false;
  store().set({ status: { kind: 'cancelled' } });
}

/** Queries one pixel (working pixels of `from`) against the other image. */
export async function runQuery(from: Side, x: number, y: number, outer?: AbortSignal): Promise<void> {
  const s = store();
  const img = s.images[from];
  if (!img || !s.images[from === 'source' ? 'target' : 'source']) return;
  const cx = Math.min(img.workingWidth - 1, Math.max(0, Math.round(x)));
  const cy = Math.min(img.workingHeight - 1, Math.max(0, Math.round(y)));
  queryJob?.abort();
  const job = (queryJob = new AbortController());
  outer?.addEventListener('abort', () => job.abort());
  s.set({ query: { from, x: cx, y: cy, result: s.query?.from === from ? s.query.result : null } });
  try {
    await ready;
    const { settings, view, compute } = store();
    const result = view.querySimilarity === 'mi'
      ? await client!.call('queryMI', { from, x: cx, y: cy, bins: view.miBins, window: view.miWindow, matches: miCorrespondences(compute) }, { signal: job.signal })
      : await client!.call('query', { descriptorId: settings.descriptorId, params: currentParams(settings), from, x: cx, y: cy }, { signal: job.signal });
    if (queryJob === job) store().set({ query: { from, x: cx, y: cy, result } });
  } catch (e) {
    if (!isAbortError(e)) store().set({ error: `The query failed: ${message(e)}` });
  }
}

/**
 * The matches mutual information estimates its joint distribution from: the mutual ones (fewer but far
 * more often right), or all of them when fewer than 20 are mutual. Empty before the first compute.
 */
function miCorrespondences(compute: ComputeResult | null) {
  const m = compute?.matches;
  if (!m) return { x0: [], y0: [], x1: [], y1: [] };
  let keep = Array.from(m.mutual.keys()).filter((i) => m.mutual[i] === 1);
  if (keep.length < 20) keep = Array.from(m.x0.keys());
  const pick = (a: Float32Array) => Float32Array.from(keep, (i) => a[i]);
  return { x0: pick(m.x0), y0: pick(m.y0), x1: pick(m.x1), y1: pick(m.y1) };
}

/** Runs the current query again (after its similarity measure or parameters changed). */
export function rerunQuery(): void {
  const q = store().query;
  if (q) void runQuery(q.from, q.x, q.y);
}

/** One descriptor's answer for a pixel, for views that compare descriptors (the app's own query is left alone). */
export async function queryDescriptor(choice: { descriptorId: string; params: ParamsOf }, from: Side, x: number, y: number, signal: AbortSignal): Promise<DescriptorQueryResponse> {
  await ready;
  return client!.call('query', { ...choice, from, x, y }, { signal });
}

/** Sparse SIFT on both images (DoG keypoints, matched with the current ratio and mutual settings). */
export async function runKeypoints(signal?: AbortSignal): Promise<void> {
  const s = store();
  if (!s.images.source || !s.images.target) return;
  s.set({ status: { kind: 'busy', stage: 'detecting keypoints', fraction: 0 } });
  try {
    await ready;
    const sparse = await client!.call('keypointMatches', { ratio: s.settings.ratio ?? 0.8, mutual: s.settings.mutual, asiftTilts: s.view.asiftTilts }, {
      signal,
      onProgress: (stage, fraction) => store().set({ status: { kind: 'busy', stage, fraction } }),
    });
    store().set({ sparse, status: { kind: 'ready' } });
  } catch (e) {
    if (isAbortError(e)) return;
    store().set({ status: { kind: 'failed', message: message(e) }, error: `Keypoint detection failed: ${message(e)}` });
  }
}

/** Moves the current query by (dx, dy) working pixels (arrow keys), to walk along an edge. */
export function nudgeQuery(dx: number, dy: number): void {
  const q = store().query;
  if (q) void runQuery(q.from, q.x + dx, q.y + dy);
}

export async function switchBackend(): Promise<void> {
  computeJob?.abort();
  try {
    await ready;
    const backend = await client!.call('setBackend', { preference: store().settings.backend });
    store().set({ backend });
    void recompute();
  } catch (e) {
    store().set({ error: `Could not switch backend: ${message(e)}` });
  }
}

export async function diagnostics() {
  await ready;
  return client!.call('diagnostics', undefined);
}
