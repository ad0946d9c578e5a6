/**
 * Drives the engine worker from the store: loads images, recomputes when settings change (cancelling the
 * stale job first), answers queries, and restarts the worker if it dies, reloading what the user had.
 * React components call these functions; they never talk to the worker themselves.
 */
import type { HeatmapSpec } from '../../worker/heatmapImage';
import { createEngineClient, isWorkerCrash, type EngineClient } from '../../worker/client';
import type { EngineEvent } from '../../worker/protocol';
import { isAbortError } from '../../engine/core/abort';
import type { ComputeResult, DescriptorQueryResponse, Side } from '../../worker/handlers';
import type { ParamsOf } from '../../engine/descriptors/contract';
import type { Calibration } from '../../engine/bench/calibrate';
import { currentParams } from '../store/settings';
import { useApp } from '../store';
import { SAMPLES } from '../samples';
import { decodeForDisplay } from './displayImage';
import { sha256Hex, type ImageStamp, type SessionDocument } from '../session/session';
import { workingScale } from '../store/images';
import { toWorking } from '../../engine/core/workingSize';
import type { EvaluateArgs, DistortArgs } from '../../worker/evalHandlers';
import type { FineTuneArgs, TunedModel } from '../../worker/fineTuneHandlers';
import type { UcnProgress } from '../../engine/learned/ucn/train';
import { wasmBinaries } from './wasmBinaries';
import { progressivePasses, refiningStage } from './progressive';
import { formatBytes } from '../../engine/core/formatBytes';

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
  client = createEngineClient(onCrash, onEngineEvent);
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

/** When the worker crashed lately: a crash loop (3 in a minute) stops rather than spinning. */
let crashTimes: number[] = [];

function onCrash(why: string) {
  computeJob?.abort();
  queryJob?.abort();
  const now = Date.now();
  crashTimes = [...crashTimes.filter((t) => now - t < 60_000), now];
  if (crashTimes.length > 3) {
    store().set({ status: { kind: 'failed', message: why }, error: `${why}. It crashed ${crashTimes.length} times in a minute, so it is not restarted again; reload the page.` });
    return;
  }
  store().set({ error: `${why}. The engine was restarted; your images and settings are kept.`, status: { kind: 'busy', stage: 'restarting the engine', fraction: 0 } });
  // `ready` covers the images too, so nothing computes on a worker that has not got them back.
  ready = startWorker().then(async () => {
    for (const side of ['source', 'target'] as const) {
      const f = files[side];
      if (f) await client!.call('loadImage', { side, name: f.name, bytes: f.bytes.slice(0) });
    }
    // The fine-tuned UCN lived in the dead worker; the page kept a copy.
    if (tuned) await client!.call('setTunedModel', tuned.model);
  });
  ready.then(
    () => void recompute(),
    (e) => store().set({ status: { kind: 'failed', message: message(e) }, error: `The engine could not be restarted: ${message(e)}` }),
  );
}

function onEngineEvent(e: EngineEvent) {
  if (e.kind === 'deviceLost') void recoverFromDeviceLoss(e.message);
}

/** The GPU device is gone: the worker moves to the next backend and the matches are computed again there. */
async function recoverFromDeviceLoss(why: string) {
  computeJob?.abort();
  queryJob?.abort();
  store().set({ status: { kind: 'busy', stage: 'switching backend after losing the GPU device', fraction: 0 } });
  const c = client!;
  const recovered = (ready ?? Promise.resolve()).then(() => c.call('recoverFromDeviceLoss', { preference: store().settings.backend, message: why }));
  ready = recovered.then(() => undefined);
  try {
    const backend = await recovered;
    store().set({ backend });
    store().setNotice('device-lost', `The WebGPU device was lost (${why}); computing on ${backend.id} instead. Choose webgpu in the Backend menu to try the GPU again.`);
    void recompute();
  } catch (e) {
    store().set({ status: { kind: 'failed', message: message(e) }, error: `The GPU device was lost and no other backend started: ${message(e)}` });
  }
}

/** The live client, for the ?debug=1 test hooks only. */
export function engineForTests(): EngineClient | null {
  return client;
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
        { descriptorId: settings.descriptorId, params: currentParams(settings), stride: pass.stride, targetStride: pass.targetStride, mutual: settings.mutual, ratio: settings.ratio, refine: settings.refine, search: settings.search, dmin: settings.dmin, dmax: settings.dmax, precision: settings.precision },
        { signal: job.signal, onProgress: (stage, fraction) => store().set({ status: { kind: 'busy', stage: `${stage}${note}`, fraction } }) },
      );
      // Never a stale result: a newer job (or a cancel) owns the screen now.
      if (computeJob !== job || job.signal.aborted) return;
      // The maps were described in the preview pass of this same job: their time belongs to this result too.
      if (coarse) result = { ...result, timingsMs: { ...result.timingsMs, describe_source: coarse.timingsMs.describe_source, describe_target: coarse.timingsMs.describe_target } };
      if (pass.coarse) coarse = result;
      // A score limit means nothing in another descriptor's units: it goes when the metric or descriptor does.
      const prev = store().compute;
      if (prev && (prev.descriptorId !== result.descriptorId || prev.metric !== result.metric)) store().setView({ lineScoreLimit: null });
      store().set({ compute: result });
      noteTileRetries(result);
      if (pass.coarse) store().set({ status: { kind: 'busy', stage: refiningStage(pass, passes[passes.length - 1]), fraction: 0 } });
    }
    const q = store().query;
    if (q) await runQuery(q.from, q.x, q.y, job.signal);
    if (store().view.showKeypoints) await runKeypoints(job.signal);
    if (computeJob === job) store().set({ status: { kind: 'ready' } });
  } catch (e) {
    if (isAbortError(e) || isWorkerCrash(e)) return;
    if (e instanceof Error && e.name === 'OutOfMemoryError' && computeJob === job) return void recoverFromOutOfMemory(message(e));
    if (e instanceof Error && e.name === 'NoTunedModelError' && computeJob === job) return fallBackFromTuned();
    store().set({ status: { kind: 'failed', message: message(e) }, error: `Matching failed: ${message(e)}` });
  }
}

const GPU_BACKENDS = new Set(['webgpu', 'webgl']);
const memoryName = (backend: string) => (GPU_BACKENDS.has(backend) ? 'GPU memory' : 'Memory');

/** A result computed after out-of-memory retries says so; one that needed none takes the notice away. */
function noteTileRetries(result: ComputeResult) {
  const last = result.tileRetries.at(-1);
  store().setNotice('out-of-memory', last ? `${memoryName(result.backend)} ran out; retried with smaller tiles (${formatBytes(last.nextBytes)}). The matches are the same; only slower.` : null);
}

/** Even the smallest tiles did not fit: the worker moves to the next backend and the matches are computed there. */
async function recoverFromOutOfMemory(why: string) {
  const from = store().backend?.id ?? 'the backend';
  store().set({ status: { kind: 'busy', stage: `switching backend: ${from} ran out of memory`, fraction: 0 } });
  const c = client!;
  const recovered = (ready ?? Promise.resolve()).then(() => c.call('fallBackAfterOutOfMemory', { preference: store().settings.backend, message: why }));
  ready = recovered.then(() => undefined);
  try {
    const backend = await recovered;
    store().set({ backend });
    store().setNotice('out-of-memory-fallback', `${memoryName(from)} ran out on ${from} even with the smallest tiles; computing on ${backend.id} instead.`);
    void recompute();
  } catch (e) {
    store().set({ status: { kind: 'failed', message: message(e) }, error: `Matching ran out of memory and no other backend started: ${message(e)}` });
  }
}

export function cancel(): void {
  computeJob?.abort();
  fineTuneJob?.abort();
  queryJob?.abort();
  for (const j of Object.values(loadJobs)) j?.abort();
  loadJobs = {};
  recomputeOwed = false;
  store().set({ status: { kind: 'cancelled' } });
}

/** The view's colour map and range, for the worker to colour a query's heatmap with. */
function heatmapSpec(): HeatmapSpec {
  const { colorMap, heatmapRange } = store().view;
  return { colorMap, range: heatmapRange };
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
    // Marks for scripts/measure-app.mjs: a click's time in the worker and the transfer, apart from the redraw.
    performance.mark('matchscope:query-sent');
    const result = view.querySimilarity === 'mi'
      ? await client!.call('queryMI', { from, x: cx, y: cy, bins: view.miBins, window: view.miWindow, matches: miCorrespondences(compute), heatmap: heatmapSpec() }, { signal: job.signal })
      : view.querySimilarity === '2ch'
      ? await client!.call('query2ch', { from, x: cx, y: cy, radius: view.pairRadius, heatmap: heatmapSpec() }, { signal: job.signal })
      : await client!.call('query', { descriptorId: settings.descriptorId, params: currentParams(settings), from, x: cx, y: cy, scanline: settings.search === 'scanline' ? { dmin: settings.dmin, dmax: settings.dmax } : undefined, heatmap: heatmapSpec() }, { signal: job.signal });
    performance.mark('matchscope:query-answer');
    if (queryJob === job) store().set({ query: { from, x: cx, y: cy, result } });
  } catch (e) {
    if (!isAbortError(e) && !isWorkerCrash(e)) store().set({ error: `The query failed: ${message(e)}` });
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

/** Name and SHA-256 of each loaded file, for a session file. */
export async function imageStamps(): Promise<Record<Side, ImageStamp | null>> {
  const out: Record<Side, ImageStamp | null> = { source: null, target: null };
  for (const side of ['source', 'target'] as const) {
    const f = files[side];
    const img = store().images[side];
    if (f && img) out[side] = { name: img.name, sha256: await sha256Hex(f.bytes), width: img.width, height: img.height };
  }
  return out;
}

/**
 * Applies a validated session: settings and view at once; the query only when the loaded images are the
 * ones the session was saved with (same SHA-256), since a point means nothing on other images. Returns
 * what could not be restored, in words, or null.
 */
export async function restoreSession(doc: SessionDocument): Promise<string | null> {
  const s = store();
  s.setSettings({ ...doc.settings });
  useApp.setState((st) => ({ settings: { ...st.settings, params: { ...doc.settings.params } } }));
  s.setView({ ...doc.view });
  const now = await imageStamps();
  const same = (['source', 'target'] as const).every((side) => (doc.images[side]?.sha256 ?? null) === (now[side]?.sha256 ?? null));
  if (!same) {
    const names = (['source', 'target'] as const).map((side) => `${side} “${doc.images[side]?.name ?? 'none'}”`).join(' and ');
    return `Settings and view restored. The session was saved with ${names}; load those files to see its matches and query point.`;
  }
  if (doc.query) {
    const img = store().images[doc.query.from]!;
    const sc = workingScale(img);
    await runQuery(doc.query.from, toWorking(doc.query.x, sc.sx), toWorking(doc.query.y, sc.sy));
  }
  return null;
}

/** Runs the current query again (after its similarity measure or parameters changed). */
export function rerunQuery(): void {
  const q = store().query;
  if (q) void runQuery(q.from, q.x, q.y);
}

/** One descriptor's answer for a pixel, for views that compare descriptors (the app's own query is left alone). */
export async function queryDescriptor(choice: { descriptorId: string; params: ParamsOf }, from: Side, x: number, y: number, signal: AbortSignal): Promise<DescriptorQueryResponse> {
  await ready;
  return client!.call('query', { ...choice, from, x, y, heatmap: heatmapSpec() }, { signal });
}

/** Sparse keypoints on both images (SIFT, ASIFT or BRISK, matched with the current ratio and mutual settings). */
export async function runKeypoints(signal?: AbortSignal): Promise<void> {
  const s = store();
  if (!s.images.source || !s.images.target) return;
  s.set({ status: { kind: 'busy', stage: 'detecting keypoints', fraction: 0 } });
  try {
    await ready;
    const v = s.view;
    const brisk = v.keypointMethod === 'brisk' ? { threshold: v.briskThreshold, octaves: v.briskOctaves } : undefined;
    const sparse = await client!.call('keypointMatches', { ratio: s.settings.ratio ?? 0.8, mutual: s.settings.mutual, asiftTilts: v.asiftTilts, brisk }, {
      signal,
      onProgress: (stage, fraction) => store().set({ status: { kind: 'busy', stage, fraction } }),
    });
    store().set({ sparse, status: { kind: 'ready' } });
  } catch (e) {
    if (isAbortError(e) || isWorkerCrash(e)) return;
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
    store().setNotice('device-lost', null);
    store().setNotice('out-of-memory', null);
    store().setNotice('out-of-memory-fallback', null);
    void recompute();
  } catch (e) {
    store().set({ error: `Could not switch backend: ${message(e)}` });
  }
}

export async function diagnostics() {
  await ready;
  return client!.call('diagnostics', undefined);
}

/**
 * Descriptor vectors at pixels (working pixels) of either image, with the current descriptor and
 * params, from the worker's cached maps: what the inspector draws.
 */
export async function descriptorsAt(points: { side: Side; x: number; y: number }[], signal?: AbortSignal) {
  await ready;
  const { settings } = store();
  return client!.call('descriptorsAt', { descriptorId: settings.descriptorId, params: currentParams(settings), points }, { signal });
}

/** Oriented dense SIFT's θ₀ (radians, y down) at working pixels of one image, for the Grids view. */
export async function siftOrientations(side: Side, binSize: number, sigma: number, points: { x: number; y: number }[], signal?: AbortSignal) {
  await ready;
  return client!.call('siftOrientations', { side, binSize, sigma, points }, { signal });
}

/** DAISY 'dominant': each pixel's θ(x) at points of one image (working pixels). */
export async function daisyOrientations(side: Side, radius: number, points: { x: number; y: number }[], signal?: AbortSignal) {
  await ready;
  return client!.call('daisyOrientations', { side, radius, points }, { signal });
}

/** UCN HN-ST's transform (rotation φ, scale σ) at working pixels of one image, for the Grids view. */
export async function ucnTransforms(side: Side, points: { x: number; y: number }[], signal?: AbortSignal) {
  await ready;
  return client!.call('ucnTransforms', { side, points }, { signal });
}

/** Sparse SIFT keypoints for the Grids view, unless they are already there. */
export async function ensureKeypoints(): Promise<void> {
  if (!store().sparse) await runKeypoints();
}

/** The Evaluation panel (src/app/eval): one descriptor scored against ground truth, in the worker. */
export async function evaluateDescriptor(args: EvaluateArgs, signal: AbortSignal, onProgress?: (stage: string, fraction: number) => void) {
  await ready;
  return client!.call('evaluate', args, { signal, onProgress });
}

/** The distortion generator (src/app/eval): a preview, or the full target (PNG) with its homography. */
export async function distortSource(args: DistortArgs, signal?: AbortSignal) {
  await ready;
  return client!.call('distort', args, { signal });
}

/** The latest fine-tuned UCN and the shipped variant it started from (page-side copy: download, worker restart). */
let tuned: { model: TunedModel; base: FineTuneArgs['base'] } | null = null;

/**
 * "Fine-tune on this pair" in the worker; `onReport` hears every report (step 0 first). On success the worker
 * serves the result as UCN `variant: 'tuned'`; a cancel or a crash leaves the previous model in place.
 */
/** The fine-tuning run in flight, so that the status line's Cancel reaches it. */
let fineTuneJob: AbortController | null = null;

export async function fineTuneUcn(args: FineTuneArgs, signal: AbortSignal, onReport: (p: UcnProgress, stage: string) => void) {
  await ready;
  // The status line says what the worker is doing (anything else asked of it waits for the run), and goes
  // back to what it said before unless another job has taken it over meanwhile.
  const before = store().status;
  const ours = () => { const st = store().status; return st.kind === 'busy' && st.stage.startsWith('fine-tuning'); };
  // The status line's Cancel (cancel() above) stops the run too, as the panel's does.
  const job = (fineTuneJob = new AbortController());
  signal.addEventListener('abort', () => job.abort());
  try {
    const r = await client!.call('fineTune', args, {
      signal: job.signal,
      onProgress: (stage, fraction, detail) => {
        if (store().status.kind !== 'busy' || ours()) store().set({ status: { kind: 'busy', stage, fraction } });
        if (detail) onReport(detail as UcnProgress, stage);
      },
    });
    tuned = { model: r.model, base: args.base };
    return r;
  } finally {
    if (fineTuneJob === job) fineTuneJob = null;
    if (ours()) store().set({ status: before });
  }
}

/**
 * `variant: 'tuned'` but the worker holds no tuning (a restored URL or session after a reload): back to
 * the variant the tuning started from (hn when unknown), with a notice, and recompute.
 */
function fallBackFromTuned(): void {
  const base = tuned?.base ?? 'hn';
  store().setNotice('ucn-tuned', `The fine-tuned UCN model exists only in the tab that trained it and is gone (reload or engine restart); showing UCN ${base} instead. Run "Fine-tune on this pair" again, or load a downloaded model with the CLI's --model-dir.`);
  // The settings subscription (App.tsx) recomputes with the new variant.
  useApp.setState((st) => ({ settings: { ...st.settings, params: { ...st.settings.params, ucn: { ...(st.settings.params.ucn ?? {}), variant: base } } } }));
}
