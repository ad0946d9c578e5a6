/**
 * Choosing and activating a tfjs backend. The order is decided from what the machine is, not only from
 * what initialises: on a software WebGPU adapter (SwiftShader) wasm is ~50× faster than webgpu or webgl
 * (measured; see README "Backends"), so an adapter that says `isFallbackAdapter` does not win.
 */
import { tf } from './index';

export const BACKEND_IDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];
export type BackendPreference = BackendId | 'auto';

/** What the environment offers, as probed before any backend is initialised. */
export interface EnvironmentProbe {
  /** 'hardware': a real GPU adapter; 'fallback': a software adapter; 'none': no WebGPU at all. */
  webgpu: 'hardware' | 'fallback' | 'none';
  /** Whether a WebGL context could exist (false in Node). */
  webgl: boolean;
  /** Adapter description for the UI, e.g. "google swiftshader (fallback)". */
  adapterInfo?: string;
}

export interface BackendCandidate {
  id: BackendId;
  reason: string;
}

export interface BackendChoice {
  id: BackendId;
  reason: string;
  /** Every candidate tried, in order, with why it failed. */
  attempts: { id: BackendId; ok: boolean; error?: string }[];
}

export function isBackendId(s: unknown): s is BackendId {
  return typeof s === 'string' && (BACKEND_IDS as readonly string[]).includes(s);
}

/** The order in which backends are tried for a preference. Pure; the first that initialises wins. */
export function backendOrder(pref: BackendPreference, env: EnvironmentProbe): BackendCandidate[] {
  const adapter = env.adapterInfo ? ` (${env.adapterInfo})` : '';
  const auto: BackendCandidate[] = [];
  if (env.webgpu === 'hardware') auto.push({ id: 'webgpu', reason: `a hardware WebGPU adapter is present${adapter}` });
  const why =
    env.webgpu === 'fallback'
      ? `the WebGPU adapter is a software fallback${adapter}, where wasm is ~50× faster`
      : env.webgpu === 'none'
        ? 'no WebGPU adapter is available'
        : 'WebGPU failed to initialise';
  auto.push({ id: 'wasm', reason: why });
  if (env.webgl) auto.push({ id: 'webgl', reason: `${why}, and wasm failed to initialise` });
  auto.push({ id: 'cpu', reason: 'no faster backend initialised' });
  if (pref === 'auto') return auto;
  const rest = auto.filter((c) => c.id !== pref).map((c) => ({ id: c.id, reason: `${pref} (chosen by you) failed to initialise; fell back` }));
  return [{ id: pref, reason: 'chosen by you' }, ...rest];
}

/** Tries candidates in order; returns the first one that initialises. `cpu` always does. */
export async function activateBackend(order: BackendCandidate[]): Promise<BackendChoice> {
  const attempts: BackendChoice['attempts'] = [];
  for (const c of order) {
    try {
      if (!tf.findBackendFactory(c.id)) throw new Error(`${c.id} is not registered in this build`);
      const ok = await tf.setBackend(c.id);
      if (!ok) throw new Error(`${c.id} did not initialise`);
      await tf.ready();
      attempts.push({ id: c.id, ok: true });
      return { id: c.id, reason: c.reason, attempts };
    } catch (e) {
      attempts.push({ id: c.id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(`no tfjs backend initialised: ${attempts.map((a) => `${a.id}: ${a.error}`).join('; ')}`);
}

export function activeBackend(): BackendId {
  const b = tf.getBackend();
  if (!isBackendId(b)) throw new Error(`unexpected tfjs backend ${b}`);
  return b;
}
