/**
 * The session file: what was looked at, not the images. It names both images with their SHA-256, the
 * settings (every descriptor's params), the view and the query point in original pixels, so dropping it
 * back in restores the view once the same images are loaded. Images never go into it: they stay the user's.
 * A file is validated field by field before anything in it is used; a file that is not ours, or that was
 * edited into something impossible, is refused with the first problem found.
 */
import { getDescriptor, isDescriptorId } from '../../engine/descriptors/registry';
import type { ParamsOf } from '../../engine/descriptors/contract';
import { isBackendId } from '../../engine/tf/backends';
import type { Settings } from '../store/settings';
import type { ViewState } from '../store/view';
import { HEATMAP_RANGES } from '../../engine/match/heatmap';
import { isViewTab } from '../views/tabs';

export const SESSION_VERSION = 1;

export interface ImageStamp {
  name: string;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  width: number;
  height: number;
}

/** The parts of the view worth restoring (not the pointer, not open dialogs). */
export const SESSION_VIEW_KEYS = ['tab', 'zoom', 'cx', 'cy', 'maxLines', 'heatmapOpacity', 'colorMap', 'heatmapRange', 'querySimilarity', 'miBins', 'miWindow', 'asiftTilts', 'showKeypoints'] as const;
export type SessionView = Pick<ViewState, (typeof SESSION_VIEW_KEYS)[number]>;

export interface SessionDocument {
  app: 'matchscope';
  version: typeof SESSION_VERSION;
  savedAt: string;
  images: { source: ImageStamp | null; target: ImageStamp | null };
  settings: Settings;
  view: SessionView;
  /** The query pixel in original pixels of the `from` image. */
  query: { from: 'source' | 'target'; x: number; y: number } | null;
}

export class SessionError extends Error {}

export function buildSession(args: Omit<SessionDocument, 'app' | 'version' | 'savedAt' | 'view'> & { view: SessionView & Partial<ViewState> }, now = new Date()): SessionDocument {
  const view = Object.fromEntries(SESSION_VIEW_KEYS.map((k) => [k, args.view[k]])) as SessionView;
  return { app: 'matchscope', version: SESSION_VERSION, savedAt: now.toISOString(), images: args.images, settings: args.settings, view, query: args.query };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, what: string): never {
  throw new SessionError(`${path} ${what}`);
}

function num(o: Obj, key: string, path: string, min: number, max: number, integer = false): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${key}`, `must be a number, got ${JSON.stringify(v)}`);
  if (integer && !Number.isInteger(v)) fail(`${path}.${key}`, `must be an integer, got ${v}`);
  if (v < min || v > max) fail(`${path}.${key}`, `must be in ${min}…${max}, got ${v}`);
  return v;
}

function bool(o: Obj, key: string, path: string): boolean {
  if (typeof o[key] !== 'boolean') fail(`${path}.${key}`, `must be true or false, got ${JSON.stringify(o[key])}`);
  return o[key] as boolean;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !allowed.includes(v as T)) fail(`${path}.${key}`, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function stamp(v: unknown, path: string): ImageStamp | null {
  if (v === null) return null;
  if (!isObj(v)) fail(path, 'must be an object or null');
  if (typeof v.name !== 'string' || v.name.length > 1024) fail(`${path}.name`, 'must be a string of at most 1024 characters');
  if (typeof v.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(v.sha256)) fail(`${path}.sha256`, 'must be 64 lowercase hex digits');
  return { name: v.name, sha256: v.sha256, width: num(v, 'width', path, 1, 1e6, true), height: num(v, 'height', path, 1, 1e6, true) };
}

function settings(v: unknown): Settings {
  const path = 'settings';
  if (!isObj(v)) fail(path, 'must be an object');
  if (typeof v.descriptorId !== 'string' || !isDescriptorId(v.descriptorId)) fail(`${path}.descriptorId`, `is not a descriptor Matchscope knows: ${JSON.stringify(v.descriptorId)}`);
  if (!isObj(v.params)) fail(`${path}.params`, 'must be an object of descriptor id → params');
  const params: Record<string, ParamsOf> = {};
  for (const [id, p] of Object.entries(v.params)) {
    if (!isDescriptorId(id)) continue; // a descriptor this version no longer has: its params are dropped
    try {
      params[id] = getDescriptor(id).validateParams(p);
    } catch (e) {
      fail(`${path}.params.${id}`, `are invalid: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const ts = v.targetStride;
  if (ts !== null && !(typeof ts === 'number' && Number.isInteger(ts) && ts >= 1 && ts <= 64)) fail(`${path}.targetStride`, `must be null or an integer in 1…64, got ${JSON.stringify(ts)}`);
  const ratio = v.ratio;
  if (ratio !== null && !(typeof ratio === 'number' && ratio > 0 && ratio <= 1)) fail(`${path}.ratio`, `must be null or in (0, 1], got ${JSON.stringify(ratio)}`);
  const backend = v.backend;
  if (backend !== 'auto' && !isBackendId(backend)) fail(`${path}.backend`, `must be auto or a backend id, got ${JSON.stringify(backend)}`);
  return {
    descriptorId: v.descriptorId,
    params,
    stride: num(v, 'stride', path, 1, 64, true),
    targetStride: ts as number | null,
    mutual: bool(v, 'mutual', path),
    ratio: ratio as number | null,
    refine: bool(v, 'refine', path),
    // Sessions saved before scanline search existed searched the whole target.
    search: v.search === undefined ? 'global' : oneOf(v, 'search', path, ['global', 'scanline'] as const),
    dmin: v.dmin === undefined ? 0 : num(v, 'dmin', path, -1024, 1024, true),
    dmax: v.dmax === undefined ? 64 : num(v, 'dmax', path, -1024, 1024, true),
    // Sessions saved before the int16 option searched in float32.
    precision: v.precision === undefined ? 'float32' : oneOf(v, 'precision', path, ['float32', 'int16'] as const),
    backend: backend as Settings['backend'],
  };
}

function view(v: unknown): SessionView {
  const path = 'view';
  if (!isObj(v)) fail(path, 'must be an object');
  if (typeof v.tab !== 'string' || !isViewTab(v.tab)) fail(`${path}.tab`, `is not a view: ${JSON.stringify(v.tab)}`);
  return {
    tab: v.tab,
    zoom: num(v, 'zoom', path, 0.25, 64),
    cx: num(v, 'cx', path, -10, 10),
    cy: num(v, 'cy', path, -10, 10),
    maxLines: num(v, 'maxLines', path, 0, 1e7, true),
    heatmapOpacity: num(v, 'heatmapOpacity', path, 0, 1),
    colorMap: oneOf(v, 'colorMap', path, ['viridis', 'cividis'] as const),
    heatmapRange: oneOf(v, 'heatmapRange', path, Object.keys(HEATMAP_RANGES) as (keyof typeof HEATMAP_RANGES)[]),
    querySimilarity: oneOf(v, 'querySimilarity', path, ['descriptor', 'mi', '2ch'] as const),
    miBins: num(v, 'miBins', path, 4, 256, true),
    miWindow: num(v, 'miWindow', path, 1, 31, true),
    asiftTilts: num(v, 'asiftTilts', path, 0, 5, true),
    showKeypoints: bool(v, 'showKeypoints', path),
  };
}

/** Parses and validates a session file's text. Throws SessionError saying what is wrong. */
export function parseSession(text: string): SessionDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new SessionError('the file is not JSON');
  }
  if (!isObj(doc) || doc.app !== 'matchscope') throw new SessionError('the file is not a Matchscope session (no "app": "matchscope")');
  if (doc.version !== SESSION_VERSION) fail('version', `must be ${SESSION_VERSION}, got ${JSON.stringify(doc.version)}`);
  if (typeof doc.savedAt !== 'string' || Number.isNaN(Date.parse(doc.savedAt))) fail('savedAt', 'must be an ISO date');
  if (!isObj(doc.images)) fail('images', 'must be an object');
  const images = { source: stamp(doc.images.source, 'images.source'), target: stamp(doc.images.target, 'images.target') };
  let query: SessionDocument['query'] = null;
  if (doc.query !== null) {
    if (!isObj(doc.query)) fail('query', 'must be an object or null');
    const from = oneOf(doc.query, 'from', 'query', ['source', 'target'] as const);
    const img = images[from];
    const max = img ? [img.width - 1, img.height - 1] : [1e6, 1e6];
    query = { from, x: num(doc.query, 'x', 'query', 0, max[0]), y: num(doc.query, 'y', 'query', 0, max[1]) };
  }
  return { app: 'matchscope', version: SESSION_VERSION, savedAt: doc.savedAt, images, settings: settings(doc.settings), view: view(doc.view), query };
}

/** Hex SHA-256 of bytes (Web Crypto: the page and Node both have it). */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}
