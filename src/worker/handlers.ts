/**
 * The engine's API as the page sees it. Each handler takes plain arguments and a CallContext and returns
 * plain data (typed arrays travel as transfers). The page's client is typed from `EngineApi` below, so this
 * file is the single source of truth for the worker's interface.
 */
import { withHeatmap, type HeatmapImage, type HeatmapSpec } from './heatmapImage';
import { configureWasm, probeBrowserEnvironment, webglRenderer, type WasmBinaries } from '../engine/tf/registerBrowser';
import { calibrationCandidates, calibrationKey, measureActiveBackend, orderByCalibration, type Calibration } from '../engine/bench/calibrate';
import { activateBackend, activeBackend, backendOrder, type BackendChoice, type BackendId, type BackendPreference, type EnvironmentProbe } from '../engine/tf/backends';
import { tf } from '../engine/tf';
import { isAbortError, throwIfAborted, yieldToEvents } from '../engine/core/abort';
import { downscaleArea, workingSize, DEFAULT_MAX_WORKING_PIXELS } from '../engine/core/workingSize';
import type { RgbImage } from '../engine/core/image';
import { getDescriptor } from '../engine/descriptors/registry';
import type { ParamsOf } from '../engine/descriptors/contract';
import { describeDense, ensureFinite, type DescriptorMap } from '../engine/match/descriptorMap';
import { DEFAULT_DISPARITIES, matchMaps, validateMatchOptions, type MatchOptions, type MatchSet } from '../engine/match/matchPair';
import { queryPoint, type QueryResult } from '../engine/match/query';
import { jointHistogram, miQuery, miTable, quantiseGrey, type Correspondences } from '../engine/match/mutualInformation';
import { METRICS, type Metric } from '../engine/match/metric';
import { restrictToScanline } from '../engine/match/scanline';
import { detectAndDescribe } from '../engine/keypoints/dog';
import { matchKeypoints, type KeypointSet } from '../engine/keypoints/matchKeypoints';
import { asiftDetect, asiftMatch, type AsiftViewSet } from '../engine/keypoints/asift';
import { briskDetectAndDescribe, matchBrisk, validateBriskParams, type BriskKeypoint, type BriskParams, type BriskSet } from '../engine/keypoints/brisk/brisk';
import { imageTensor, readDescriptor } from '../engine/match/descriptorMap';
import { siftOrientationMap, siftOrientationsAt } from '../engine/stn/siftFrames';
import { daisyOrientationMap, daisyOrientationsAt } from '../engine/stn/daisyFrames';
import { ucn, ucnTransformsAt } from '../engine/descriptors/learned/ucn';
import { decodeImageBytes } from './decodeInWorker';
import { deepDescWindowMs, loadPatchNet, twoChannelWindowQuery } from '../engine/learned/patchnet/pairQuery';
import { evaluateInWorker, distortInWorker, type EvaluateArgs, type DistortArgs } from './evalHandlers';
import { fineTuneInWorker, restoreTunedModel, type FineTuneArgs, type TunedModel } from './fineTuneHandlers';
import { MapCache } from './mapCache';
import { installModelFetch } from './modelFetch';
import type { CallContext, EngineEvent } from './protocol';
import { destroyWebgpuDeviceForTest, resetWebgpuBackend, watchWebgpuDevice } from '../engine/tf/deviceLoss';
import { injectOutOfMemoryForTest } from '../engine/tf/outOfMemory';
import { withTileBudget } from '../engine/match/tileBudget';
import { formatBytes } from '../engine/core/formatBytes';

export type Side = 'source' | 'target';

/** What the worker reports unasked; engine.worker.ts sets `emit` to post it to the page. */
export const engineEvents = { emit: (_event: EngineEvent): void => {} };

/** Calls run by the worker's loop (engine.worker.ts counts them): a test reads them to see that no work runs on. */
export const callStats = { started: 0, completed: 0, failed: 0 };
/** Tells one worker instance from the next (after a crash restart). */
const WORKER_ID = crypto.randomUUID();

interface SideState {
  name: string;
  /** Increments on every load so cache keys of a replaced image never match. */
  version: number;
  width: number;
  height: number;
  image: RgbImage;
}

export interface BackendInfo extends BackendChoice {
  probe: EnvironmentProbe;
  /** The calibration behind an `auto` choice (null: none ran or it failed, so the probe's order decided). */
  calibration?: Calibration | null;
}

const state = {
  probe: null as EnvironmentProbe | null,
  calibration: null as Calibration | null,
  backend: null as BackendInfo | null,
  sides: { source: null, target: null } as Record<Side, SideState | null>,
  // 1 GiB of maps: six 741×500 maps at D = 128.
  cache: new MapCache(1 << 30),
  loads: 0,
  /** DoG keypoints per image version (cheap to keep: a few thousand 128-D rows). */
  keypoints: new Map<string, KeypointSet>(),
  /** Oriented SIFT's θ₀ maps (H·W float32) per image version, binSize and sigma, for the Grids view. */
  orientations: new Map<string, Float32Array>(),
  /** Backends left after running out of memory with the smallest tiles (fallBackAfterOutOfMemory). */
  outOfMemoryOn: new Set<BackendId>(),
};

async function keypointsFor(side: Side): Promise<{ set: KeypointSet; ms: number }> {
  const s = sideOf(side);
  const key = `${side}#${s.version}`;
  const hit = state.keypoints.get(key);
  if (hit) return { set: hit, ms: 0 };
  const t0 = performance.now();
  const input = imageTensor(s.image);
  try {
    const set = await detectAndDescribe(input);
    for (const k of state.keypoints.keys()) if (k.startsWith(`${side}#`)) state.keypoints.delete(k);
    state.keypoints.set(key, set);
    return { set, ms: performance.now() - t0 };
  } finally {
    input.dispose();
  }
}

/**
 * A per-pixel orientation at pixels of one image (working pixels; NaN outside it): up to 8 points from crops
 * around them (`few`), more from the whole map (`whole`), kept per image and `what`.
 */
async function orientationsAt(
  side: Side, what: string, points: { x: number; y: number }[],
  few: (img: RgbImage, pts: { x: number; y: number }[]) => Promise<Float32Array>, whole: (img: RgbImage) => Promise<Float32Array>,
): Promise<Float32Array> {
  const s = sideOf(side);
  const { width: w, height: h } = s.image;
  const pixels = points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
  const inside = (p: { x: number; y: number }) => p.x >= 0 && p.y >= 0 && p.x < w && p.y < h;
  const key = `${side}#${s.version}|${what}`;
  let map = state.orientations.get(key);
  if (!map && pixels.length <= 8) {
    const at = await few(s.image, pixels.filter(inside));
    let k = 0;
    return Float32Array.from(pixels, (p) => (inside(p) ? at[k++] : NaN));
  }
  if (!map) {
    map = await whole(s.image);
    for (const k of state.orientations.keys()) if (k.startsWith(`${side}#`)) state.orientations.delete(k);
    state.orientations.set(key, map);
  }
  const m = map;
  // A fresh array: results are transferred, and the cached map must stay attached.
  return Float32Array.from(pixels, (p) => (inside(p) ? m[p.y * w + p.x] : NaN));
}

/** ASIFT views per image version and tilt index (the latest only: they hold many keypoints). */
const asiftCache = new Map<string, AsiftViewSet[]>();

async function asiftFor(side: Side, tilts: number, ctx: CallContext, f0: number, f1: number): Promise<{ views: AsiftViewSet[]; ms: number }> {
  const s = sideOf(side);
  const key = `${side}#${s.version}#${tilts}`;
  const hit = asiftCache.get(key);
  if (hit) return { views: hit, ms: 0 };
  const t0 = performance.now();
  const views = await asiftDetect(s.image, tilts, { signal: ctx.signal, onProgress: (f) => ctx.progress(`simulating ${side} views (ASIFT)`, f0 + (f1 - f0) * f) });
  for (const k of asiftCache.keys()) if (k.startsWith(`${side}#`)) asiftCache.delete(k);
  asiftCache.set(key, views);
  return { views, ms: performance.now() - t0 };
}

/** BRISK keypoints per image version and parameters (the latest only per side). */
const briskCache = new Map<string, { keypoints: BriskKeypoint[]; set: BriskSet; octavesUsed: number }>();

function briskFor(side: Side, p: BriskParams): { keypoints: BriskKeypoint[]; set: BriskSet; octavesUsed: number; ms: number } {
  const s = sideOf(side);
  const key = `${side}#${s.version}#${p.threshold}#${p.octaves}`;
  const hit = briskCache.get(key);
  if (hit) return { ...hit, ms: 0 };
  const t0 = performance.now();
  const r = briskDetectAndDescribe(s.image, p);
  for (const k of briskCache.keys()) if (k.startsWith(`${side}#`)) briskCache.delete(k);
  briskCache.set(key, r);
  return { ...r, ms: performance.now() - t0 };
}

/** BRISK (Leutenegger et al. 2011) on both images, matched by Hamming distance (ratio test and mutual check). */
async function briskMatches(args: { ratio: number | null; mutual: boolean; brisk: BriskParams }, ctx: CallContext) {
  validateBriskParams(args.brisk);
  ctx.progress('detecting source keypoints (BRISK)', 0);
  await yieldToEvents();
  const a = briskFor('source', args.brisk);
  throwIfAborted(ctx.signal);
  ctx.progress('detecting target keypoints (BRISK)', 0.45);
  await yieldToEvents();
  const b = briskFor('target', args.brisk);
  throwIfAborted(ctx.signal);
  ctx.progress('matching by Hamming distance', 0.9);
  await yieldToEvents();
  const t0 = performance.now();
  const matches = matchBrisk(a.set, b.set, args);
  // Circles of radius size / 2 (OpenCV's drawKeypoints), angles in radians like the SIFT keypoints.
  const pts = (k: BriskKeypoint[]) => ({
    x: Float32Array.from(k, (q) => q.x),
    y: Float32Array.from(k, (q) => q.y),
    scale: Float32Array.from(k, (q) => q.size / 2),
    angle: Float32Array.from(k, (q) => (q.angle * Math.PI) / 180),
  });
  return {
    source: pts(a.keypoints),
    target: pts(b.keypoints),
    matches,
    options: { ratio: args.ratio, mutual: args.mutual, asiftTilts: 0 },
    views: 1,
    method: 'brisk' as const,
    octavesUsed: Math.min(a.octavesUsed, b.octavesUsed),
    timingsMs: { detect_source: a.ms, detect_target: b.ms, match: performance.now() - t0 },
  };
}

export interface DescriptorChoice {
  descriptorId: string;
  params: ParamsOf;
}

function sideOf(side: Side): SideState {
  const s = state.sides[side];
  if (!s) throw new Error(`no ${side} image is loaded`);
  return s;
}

/** The map of one side for a descriptor, from the cache or computed now. */
async function mapFor(side: Side, choice: DescriptorChoice, keep: string[] = []): Promise<{ map: DescriptorMap; key: string; ms: number }> {
  const s = sideOf(side);
  const d = getDescriptor(choice.descriptorId);
  const params = d.validateParams(choice.params);
  const key = `${side}#${s.version}|${d.id}|${JSON.stringify(params)}`;
  const hit = state.cache.get(key);
  if (hit) return { map: hit, key, ms: 0 };
  const t0 = performance.now();
  await d.prepare?.(params);
  const map = await ensureFinite(describeDense(s.image, d, params));
  state.cache.put(key, map, keep);
  return { map, key, ms: performance.now() - t0 };
}

async function selectBackend(preference: BackendPreference): Promise<BackendInfo> {
  state.probe ??= await probeBrowserEnvironment();
  // Maps live on the old backend; recomputing them is cheaper than reading them across.
  state.cache.clear();
  const probeOrder = backendOrder(preference, state.probe);
  const order = preference === 'auto' && state.calibration ? orderByCalibration(probeOrder, state.calibration) : probeOrder;
  const choice = await activateBackend(order);
  state.backend = { ...choice, probe: state.probe, calibration: state.calibration };
  watchWebgpuDevice((message) => engineEvents.emit({ kind: 'deviceLost', message }));
  return state.backend;
}

/**
 * The calibration for this user agent + adapter: from the page's cache (localStorage lives there, not in
 * the worker) unless `force`, else measured now, a second or two. A failure leaves the probe's order.
 */
async function calibrationFor(cached: readonly Calibration[] | undefined, force: boolean): Promise<Calibration | null> {
  state.probe ??= await probeBrowserEnvironment();
  const key = calibrationKey(globalThis.navigator?.userAgent ?? 'unknown', state.probe);
  const hit = force ? undefined : cached?.find((c) => c.key === key);
  if (hit) return hit;
  state.cache.clear();
  try {
    const { measure, skipped } = calibrationCandidates(state.probe, state.probe.webgl ? webglRenderer() : undefined);
    const figures = [];
    for (const id of measure) {
      try {
        await activateBackend([{ id, reason: 'calibration' }]);
        figures.push(await measureActiveBackend(id));
      } catch (e) {
        skipped.push({ id, why: `failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    return { key, at: new Date().toISOString(), figures, skipped };
  } catch {
    return null;
  }
}

export const handlers = {
  /** Chooses and starts a backend. Call once before anything else. */
  async init(args: { preference: BackendPreference; wasm: WasmBinaries; calibrations?: Calibration[] }): Promise<BackendInfo> {
    configureWasm(args.wasm);
    installModelFetch();
    if (args.preference === 'auto') state.calibration = await calibrationFor(args.calibrations, false);
    return selectBackend(args.preference);
  },

  /** Measures the backends again (the "Re-measure" button) and chooses again. */
  async recalibrate(args: { preference: BackendPreference }): Promise<BackendInfo> {
    state.calibration = await calibrationFor(undefined, true);
    return selectBackend(args.preference);
  },

  async setBackend(args: { preference: BackendPreference }): Promise<BackendInfo> {
    // The user chose again: a backend that ran out of memory earlier may be tried again.
    state.outOfMemoryOn.clear();
    return selectBackend(args.preference);
  },

  /** Decodes an image file and keeps its working copy (downscaled when over `maxPixels`). */
  async loadImage(args: { side: Side; name: string; bytes: ArrayBuffer; maxPixels?: number }, ctx: CallContext) {
    ctx.progress(`decoding ${args.name}`, 0);
    const t0 = performance.now();
    const { header, image } = await decodeImageBytes(args.bytes);
    const ws = workingSize(image.width, image.height, args.maxPixels ?? DEFAULT_MAX_WORKING_PIXELS);
    const working = ws.scale === 1 ? image : downscaleArea(image, ws.width, ws.height);
    throwIfAborted(ctx.signal);
    state.cache.dropPrefix(`${args.side}#`);
    state.sides[args.side] = { name: args.name, version: ++state.loads, width: image.width, height: image.height, image: working };
    return {
      side: args.side,
      name: args.name,
      format: header.format,
      width: image.width,
      height: image.height,
      workingWidth: working.width,
      workingHeight: working.height,
      decodeMs: performance.now() - t0,
    };
  },

  /** Describes both images (or takes the maps from the cache) and matches them on the stride grid. */
  async compute(args: DescriptorChoice & MatchOptions, ctx: CallContext) {
    const d = getDescriptor(args.descriptorId);
    const params = d.validateParams(args.params);
    validateMatchOptions(args);
    const choice = { descriptorId: d.id, params };
    ctx.progress('describing source', 0);
    const src = await mapFor('source', choice);
    throwIfAborted(ctx.signal);
    ctx.progress('describing target', 0);
    await new Promise((r) => setTimeout(r, 0));
    throwIfAborted(ctx.signal);
    const tgt = await mapFor('target', choice, [src.key]);
    throwIfAborted(ctx.signal);
    const t0 = performance.now();
    // Out of memory in a distance tile: the same matching again with half the tile, down to a floor.
    const { value: matches, retries: tileRetries } = await withTileBudget<MatchSet>(
      (maxTileElements) => matchMaps(src.map, tgt.map, d.metric, args, { maxTileElements, signal: ctx.signal, onProgress: (f) => ctx.progress('matching', f) }),
      { onRetry: (r) => ctx.progress(`matching (memory ran out; retrying with ${formatBytes(r.nextBytes)} tiles)`, 0) },
    );
    return {
      descriptorId: d.id,
      params,
      dim: d.dim(params),
      metric: d.metric as Metric,
      options: { stride: args.stride, targetStride: args.targetStride ?? args.stride, mutual: args.mutual, ratio: args.ratio, refine: args.refine, search: args.search ?? 'global', dmin: args.dmin ?? DEFAULT_DISPARITIES.dmin, dmax: args.dmax ?? DEFAULT_DISPARITIES.dmax, precision: args.precision ?? 'float32' } as Required<MatchOptions>,
      backend: activeBackend(),
      matches,
      /** Each out-of-memory retry of this result's matching (empty when the first tiles fitted). */
      tileRetries,
      timingsMs: { describe_source: src.ms, describe_target: tgt.ms, match: performance.now() - t0 },
    };
  },

  /** One pixel of `from` (working pixels) against every pixel of the other image. */
  async query(args: DescriptorChoice & { from: Side; x: number; y: number; scanline?: { dmin: number; dmax: number }; heatmap?: HeatmapSpec }): Promise<QueryResult & { descriptorId: string; metric: Metric; from: Side; ms: number; heatmap?: HeatmapImage }> {
    const t0 = performance.now();
    const d = getDescriptor(args.descriptorId);
    const to: Side = args.from === 'source' ? 'target' : 'source';
    const a = await mapFor(args.from, args);
    const b = await mapFor(to, args, [a.key]);
    let r = await queryPoint(a.map, args.x, args.y, b.map, d.metric);
    // Scanline search (rectified pairs): the heatmap and best match along the row, within the disparities.
    if (args.scanline) r = restrictToScanline(r, args.scanline.dmin, args.scanline.dmax, args.from === 'source', METRICS[d.metric].higherIsBetter);
    return withHeatmap({ ...r, descriptorId: d.id, metric: d.metric, from: args.from, ms: performance.now() - t0 }, args.heatmap);
  },

  /**
   * Mutual information (Hirschmüller 2008) of a pixel's window against every window of the other image, the
   * joint distribution of grey levels estimated around `matches` (source → target, working pixels).
   */
  async queryMI(args: { from: Side; x: number; y: number; bins: number; window: number; matches: Correspondences; heatmap?: HeatmapSpec }) {
    const t0 = performance.now();
    if (!Number.isInteger(args.bins) || args.bins < 4 || args.bins > 256) throw new RangeError(`MI bins must be an integer in 4…256, got ${args.bins}`);
    if (!Number.isInteger(args.window) || args.window < 1 || args.window > 31 || args.window % 2 === 0) throw new RangeError(`MI window must be odd, 1…31, got ${args.window}`);
    const src = sideOf('source');
    const tgt = sideOf('target');
    const qs = quantiseGrey(src.image, args.bins);
    const qt = quantiseGrey(tgt.image, args.bins);
    const { counts, n } = jointHistogram(qs, src.image.width, src.image.height, qt, tgt.image.width, tgt.image.height, args.matches, args.bins, args.window);
    if (n === 0) throw new Error('mutual information needs matches to estimate the joint distribution from: compute matches first');
    let mi = miTable(counts, n, args.bins);
    const fromSource = args.from === 'source';
    if (!fromSource) {
      // The table is source level × target level; a query from the target reads it transposed.
      const t = new Float64Array(mi.length);
      for (let i = 0; i < args.bins; i++) for (let k = 0; k < args.bins; k++) t[k * args.bins + i] = mi[i * args.bins + k];
      mi = t;
    }
    const [a, b] = fromSource ? [src, tgt] : [tgt, src];
    const [qa, qb] = fromSource ? [qs, qt] : [qt, qs];
    const r = miQuery(qa, a.image.width, a.image.height, args.x, args.y, qb, b.image.width, b.image.height, mi, args.bins, args.window, n);
    return withHeatmap({ ...r, descriptorId: 'mi', metric: 'mi' as const, from: args.from, matchesUsed: args.matches.x0.length, ms: performance.now() - t0 }, args.heatmap);
  },

  /**
   * The 2-channel pair network (Zagoruyko & Komodakis 2015): the clicked patch against every patch centred
   * within `radius` of the same position in the other image, one forward pass each; and, for the cost line,
   * the DeepDesc tower timed on the same 1 + n patches (null when its weights cannot be read).
   */
  async query2ch(args: { from: Side; x: number; y: number; radius: number; heatmap?: HeatmapSpec }, ctx: CallContext) {
    const t0 = performance.now();
    const to: Side = args.from === 'source' ? 'target' : 'source';
    const [a, b] = [sideOf(args.from).image, sideOf(to).image];
    const r = await twoChannelWindowQuery(await loadPatchNet('2ch'), a, args.x, args.y, b, args.radius, ctx.signal);
    const ms = performance.now() - t0;
    let descriptorMs: number | null = null;
    try {
      descriptorMs = await deepDescWindowMs(await loadPatchNet('deepdesc'), a, args.x, args.y, b, r.window, ctx.signal);
    } catch (e) {
      if (isAbortError(e)) throw e;
    }
    return withHeatmap({ ...r, descriptorId: '2ch', metric: '2ch' as const, from: args.from, ms, descriptorMs, pixels: b.width * b.height }, args.heatmap);
  },

  /**
   * Sparse SIFT: Lowe's DoG keypoints on both images, matched by descriptor (ratio test and mutual check).
   * With `asiftTilts` k > 0, ASIFT (Morel & Yu 2009): SIFT on simulated views with tilts up to √2^k, every
   * view pair matched with the ratio test (the mutual check does not apply across views).
   */
  async keypointMatches(args: { ratio: number | null; mutual: boolean; asiftTilts?: number; brisk?: BriskParams }, ctx: CallContext) {
    if (args.brisk) return briskMatches({ ratio: args.ratio, mutual: args.mutual, brisk: args.brisk }, ctx);
    const pts = (set: KeypointSet) => ({
      x: Float32Array.from(set.keypoints, (k) => k.x),
      y: Float32Array.from(set.keypoints, (k) => k.y),
      scale: Float32Array.from(set.keypoints, (k) => k.scale),
      angle: Float32Array.from(set.keypoints, (k) => k.angle),
    });
    const tilts = args.asiftTilts ?? 0;
    if (tilts > 0) {
      if (!Number.isInteger(tilts) || tilts > 5) throw new RangeError(`ASIFT tilt index must be 1…5, got ${tilts}`);
      const a = await asiftFor('source', tilts, ctx, 0, 0.4);
      throwIfAborted(ctx.signal);
      const b = await asiftFor('target', tilts, ctx, 0.4, 0.8);
      const t0 = performance.now();
      const matches = await asiftMatch(a.views, b.views, args.ratio ?? 0.8, { signal: ctx.signal, onProgress: (f) => ctx.progress('matching view pairs', 0.8 + 0.2 * f) });
      const union = (v: AsiftViewSet[]): KeypointSet => ({ keypoints: v.flatMap((x) => x.set.keypoints), descriptors: new Float32Array(0) });
      return {
        source: pts(union(a.views)),
        target: pts(union(b.views)),
        matches,
        options: { ...args, mutual: false },
        views: a.views.length,
        method: 'asift' as const,
        timingsMs: { detect_source: a.ms, detect_target: b.ms, match: performance.now() - t0 },
      };
    }
    ctx.progress('detecting source keypoints', 0);
    const a = await keypointsFor('source');
    throwIfAborted(ctx.signal);
    ctx.progress('detecting target keypoints', 0.5);
    const b = await keypointsFor('target');
    throwIfAborted(ctx.signal);
    const t0 = performance.now();
    const matches = await matchKeypoints(a.set, b.set, args);
    return {
      source: pts(a.set),
      target: pts(b.set),
      matches,
      options: args,
      views: 1,
      method: 'sift' as const,
      timingsMs: { detect_source: a.ms, detect_target: b.ms, match: performance.now() - t0 },
    };
  },

  /** Descriptor vectors at pixels (working pixels) of either image, from the same maps as the matches: for the inspector. */
  async descriptorsAt(args: DescriptorChoice & { points: { side: Side; x: number; y: number }[] }) {
    const d = getDescriptor(args.descriptorId);
    const params = d.validateParams(args.params);
    const keys: string[] = [];
    const vectors: Float32Array[] = [];
    for (const pt of args.points) {
      const { map, key } = await mapFor(pt.side, { descriptorId: d.id, params }, keys);
      keys.push(key);
      if (!Number.isInteger(pt.x) || !Number.isInteger(pt.y) || pt.x < 0 || pt.y < 0 || pt.x >= map.width || pt.y >= map.height) {
        throw new RangeError(`(${pt.x}, ${pt.y}) is outside the ${map.width}×${map.height} ${pt.side} image`);
      }
      vectors.push(await readDescriptor(map, pt.x, pt.y));
    }
    return { descriptorId: d.id, params, metric: d.metric as Metric, dim: d.dim(params), vectors };
  },

  /**
   * Oriented dense SIFT's dominant orientation θ₀ (radians, y down) at pixels of one image (working pixels;
   * NaN outside it). A few points are read from crops around them; many from the whole map, kept per image.
   */
  async siftOrientations(args: { side: Side; binSize: number; sigma: number; points: { x: number; y: number }[] }) {
    return orientationsAt(args.side, `sift|${args.binSize}|${args.sigma}`, args.points,
      (img, pts) => siftOrientationsAt(img, pts, args.binSize, args.sigma), (img) => siftOrientationMap(img, args.binSize, args.sigma));
  },

  /** DAISY 'dominant': each pixel's θ(x) (radians, y down) at pixels of one image, as siftOrientations. */
  async daisyOrientations(args: { side: Side; radius: number; points: { x: number; y: number }[] }) {
    return orientationsAt(args.side, `daisy|${args.radius}`, args.points,
      (img, pts) => daisyOrientationsAt(img, pts, args.radius), (img) => daisyOrientationMap(img, args.radius));
  },

  /** UCN HN-ST's per-cell rotation φ (radians, y down) and scale σ at working pixels of one image, for the Grids view. */
  async ucnTransforms(args: { side: Side; points: { x: number; y: number }[] }) {
    const s = sideOf(args.side);
    await ucn.prepare!({ variant: 'hn-st' });
    const img = imageTensor(s.image);
    try {
      const at = await ucnTransformsAt(img, args.points);
      return { angle: Float32Array.from(at, (q) => q.angle), scale: Float32Array.from(at, (q) => q.scale) };
    } finally {
      img.dispose();
    }
  },

  /** One descriptor scored against ground truth on the loaded pair (engine/eval/evaluate.ts; the CLI's numbers). */
  async evaluate(args: EvaluateArgs, ctx: CallContext) {
    const choice = { descriptorId: args.descriptorId, params: args.params };
    const src = await mapFor('source', choice);
    throwIfAborted(ctx.signal);
    const tgt = await mapFor('target', choice, [src.key]);
    throwIfAborted(ctx.signal);
    return evaluateInWorker(args, src.map, tgt.map, sideOf('source'), sideOf('target'), src.ms + tgt.ms, ctx);
  },

  /**
   * "Fine-tune on this pair": UCN's training loop from a shipped variant on the loaded images; every report
   * arrives as progress detail. The result is UCN's `variant: 'tuned'` from now on in this worker.
   */
  async fineTune(args: FineTuneArgs, ctx: CallContext) {
    const r = await fineTuneInWorker(args, sideOf('source'), sideOf('target'), ctx);
    // Maps described with an earlier tuning are stale now.
    state.cache.clear();
    return r;
  },

  /** A tuned model the page kept, given back to a restarted worker. */
  async setTunedModel(args: TunedModel) {
    restoreTunedModel(args);
    state.cache.clear();
  },

  /** The distortion generator on the source image: a preview (maxSide) or the full target as PNG with its H. */
  async distort(args: DistortArgs, ctx: CallContext) {
    return distortInWorker(args, sideOf('source'), ctx);
  },

  /**
   * After the WebGPU device was lost: drop the dead backend and its cached maps, and start the next backend
   * in the preference order without webgpu. The page then recomputes.
   */
  async recoverFromDeviceLoss(args: { preference: BackendPreference; message: string }): Promise<BackendInfo> {
    try {
      state.cache.clear();
    } catch {
      // Buffers of a dead device may refuse to be released; the backend holding them is dropped next.
    }
    resetWebgpuBackend();
    state.probe ??= await probeBrowserEnvironment();
    const order = backendOrder(args.preference, state.probe)
      .filter((c) => c.id !== 'webgpu')
      .map((c) => ({ id: c.id, reason: `the WebGPU device was lost (${args.message}); fell back to ${c.id}` }));
    const choice = await activateBackend(order);
    state.backend = { ...choice, probe: state.probe };
    return state.backend;
  },

  /**
   * Matching ran out of memory even with the smallest tiles: start the next backend in the preference order,
   * never one that ran out before (until the user picks a backend again), and the page recomputes.
   */
  async fallBackAfterOutOfMemory(args: { preference: BackendPreference; message: string }): Promise<BackendInfo> {
    const failed = activeBackend();
    state.outOfMemoryOn.add(failed);
    state.cache.clear();
    state.probe ??= await probeBrowserEnvironment();
    const order = backendOrder(args.preference, state.probe)
      .filter((c) => !state.outOfMemoryOn.has(c.id))
      .map((c) => ({ id: c.id, reason: `${failed} ran out of memory even with the smallest tiles; fell back to ${c.id}` }));
    if (order.length === 0) throw new Error(`every backend ran out of memory: ${args.message}`);
    const choice = await activateBackend(order);
    state.backend = { ...choice, probe: state.probe };
    return state.backend;
  },

  /** Backend, live tensors and bytes, cached maps: for the Diagnostics panel and for tests. */
  async diagnostics(_args?: undefined) {
    const mem = tf.memory();
    return {
      backend: state.backend ? activeBackend() : null,
      numTensors: mem.numTensors,
      numBytes: mem.numBytes,
      cachedMaps: state.cache.size,
      cachedBytes: state.cache.bytes(),
      keypointSets: state.keypoints.size,
      calls: { ...callStats },
      workerId: WORKER_ID,
    };
  },

  /** Test hook (the page offers it with ?debug=1): an uncaught error outside any call, as a crash would give. */
  async crashForTest(_args?: undefined) {
    setTimeout(() => {
      throw new Error('crash requested by a test');
    }, 0);
  },

  /** Test hook: the next `count` distance tiles of at least `minBytes` fail as if the backend ran out of memory. */
  async outOfMemoryForTest(args: { count: number; minBytes: number }) {
    injectOutOfMemoryForTest(args.count, args.minBytes);
  },

  /** Test hook: destroys the WebGPU device as a driver reset would. False when the backend is not webgpu. */
  async loseDeviceForTest(_args?: undefined) {
    return destroyWebgpuDeviceForTest();
  },
};

export type EngineApi = typeof handlers;
export type EngineMethod = keyof EngineApi;
export type ComputeResult = Awaited<ReturnType<EngineApi['compute']>>;
/** A click query's answer: a descriptor's scores, mutual information (metric 'mi') or the 2-channel network's (metric '2ch'). */
export type QueryResponse = Awaited<ReturnType<EngineApi['query']>> | Awaited<ReturnType<EngineApi['queryMI']>> | Awaited<ReturnType<EngineApi['query2ch']>>;
export type DescriptorQueryResponse = Awaited<ReturnType<EngineApi['query']>>;
export type LoadedImageInfo = Awaited<ReturnType<EngineApi['loadImage']>>;
export type KeypointResult = Awaited<ReturnType<EngineApi['keypointMatches']>>;
export type Diagnostics = Awaited<ReturnType<EngineApi['diagnostics']>>;
export type DescriptorsAtResult = Awaited<ReturnType<EngineApi['descriptorsAt']>>;
export type EvaluateResult = Awaited<ReturnType<EngineApi['evaluate']>>;
export type DistortResponse = Awaited<ReturnType<EngineApi['distort']>>;
export type FineTuneResult = Awaited<ReturnType<EngineApi['fineTune']>>;
