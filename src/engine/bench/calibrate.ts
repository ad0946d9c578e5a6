/**
 * Backend choice by measurement: a tiny calibration per candidate backend — a dense 256×256 describe
 * (the app's main cost) and a 1024×128 · 128×1024 matMul (the nearest-neighbour kernel) — so that `auto`
 * runs on whichever is fastest on this machine, not on whichever initialises first. Backends that are
 * obviously emulated (a software GPU adapter) are not calibrated: they are ~50× slower (README "Backends").
 */
import { tf } from '../tf';
import { now } from '../core/clock';
import type { BackendCandidate, BackendId, EnvironmentProbe } from '../tf/backends';
import { getDescriptor } from '../descriptors/registry';
import { describeDense, disposeMap, ensureFinite } from '../match/descriptorMap';
import { mulberry32 } from '../core/random';
import type { RgbImage } from '../core/image';

export interface BackendFigures {
  id: BackendId;
  /** Dense 'patch' descriptor of a 256×256 image, ms (second run: the first compiles shaders). */
  describeMs: number;
  /** 1024×128 · 128×1024 matMul with readback, ms. */
  matmulMs: number;
  gflops: number;
}

export interface Calibration {
  /** What the figures hold for: user agent + GPU adapter. */
  key: string;
  at: string;
  figures: BackendFigures[];
  /** Backends not measured, and why (emulated, failed to initialise, too slow). */
  skipped: { id: BackendId; why: string }[];
}

export const CALIBRATION_SIZE = 256;
const MM = [1024, 128, 1024] as const;

export function calibrationKey(userAgent: string, probe: EnvironmentProbe): string {
  return `${userAgent} | webgpu ${probe.webgpu}${probe.adapterInfo ? ` (${probe.adapterInfo})` : ''}`;
}

/** Which backends are worth measuring on this machine, and which are skipped with a reason. */
export function calibrationCandidates(probe: EnvironmentProbe, webglRenderer?: string): { measure: BackendId[]; skipped: Calibration['skipped'] } {
  const measure: BackendId[] = ['wasm'];
  const skipped: Calibration['skipped'] = [{ id: 'cpu', why: 'plain JS: always the slowest' }];
  if (probe.webgpu === 'hardware') measure.unshift('webgpu');
  else skipped.push({ id: 'webgpu', why: probe.webgpu === 'fallback' ? `software adapter${probe.adapterInfo ? ` (${probe.adapterInfo})` : ''}` : 'no adapter' });
  if (!probe.webgl) skipped.push({ id: 'webgl', why: 'no WebGL' });
  else if (webglRenderer && /swiftshader|llvmpipe|software/i.test(webglRenderer)) skipped.push({ id: 'webgl', why: `software renderer (${webglRenderer})` });
  else measure.push('webgl');
  return { measure, skipped };
}

/** Times the describe and the matMul on the active backend (each run twice, the second one counted). */
export async function measureActiveBackend(id: BackendId): Promise<BackendFigures> {
  const rnd = mulberry32(11);
  const img: RgbImage = { width: CALIBRATION_SIZE, height: CALIBRATION_SIZE, data: new Float32Array(CALIBRATION_SIZE * CALIBRATION_SIZE * 3).map(() => rnd()) };
  const d = getDescriptor('patch');
  const params = d.validateParams({});
  let describeMs = 0;
  for (let r = 0; r < 2; r++) {
    const t0 = now();
    const map = await ensureFinite(describeDense(img, d, params));
    describeMs = now() - t0;
    disposeMap(map);
  }
  const [m, k, n] = MM;
  const a = tf.randomUniform([m, k]);
  const b = tf.randomUniform([k, n]);
  let matmulMs = 0;
  try {
    for (let r = 0; r < 2; r++) {
      const t0 = now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      matmulMs = now() - t0;
    }
  } finally {
    tf.dispose([a, b]);
  }
  return { id, describeMs, matmulMs, gflops: (2 * m * k * n) / (matmulMs * 1e6) };
}

/** The calibration's figure of merit: the two stages' time together (lower is faster). */
export const calibrationCost = (f: BackendFigures) => f.describeMs + f.matmulMs;

/**
 * `auto`'s order with the measured backends first, fastest first, each with the figures as its reason;
 * the probe's order stays behind them as the fallback when a measured backend fails to start.
 */
export function orderByCalibration(probeOrder: BackendCandidate[], cal: Calibration): BackendCandidate[] {
  const ranked = [...cal.figures].sort((p, q) => calibrationCost(p) - calibrationCost(q));
  if (ranked.length === 0) return probeOrder;
  const summary = ranked.map((f) => `${f.id} ${calibrationCost(f).toFixed(0)} ms`).join(' < ');
  const first = ranked.map((f, i) => ({
    id: f.id,
    reason: i === 0 ? (ranked.length > 1 ? `fastest in this machine's calibration (${summary})` : `${probeOrder.find((c) => c.id === f.id)?.reason ?? 'the only backend measured'}; calibration: ${summary}`) : `calibrated ${summary}; the faster ones failed to start`,
  }));
  return [...first, ...probeOrder.filter((c) => !ranked.some((f) => f.id === c.id))];
}
