/**
 * The contract every descriptor implements. Adding a descriptor = one file, one test, one registry line;
 * the app's parameter form and the CLI's --params validation are generated from `params`.
 */
import type { Tensor3D } from '../tf';
import type { Metric } from '../match/metric';

export type ParamValue = number | boolean | string;
export type ParamsOf = Record<string, ParamValue>;

/** One tunable parameter, described well enough to build a form field and to validate input. */
/**
 * A parameter that only means something when another (choice) parameter has one of some values, e.g. DAISY's
 * offset only in orientation "fixed". The form hides it otherwise; its value is kept and validated as usual.
 */
export interface ParamCondition { param: string; oneOf: readonly string[] }

export type ParamSpec = (
  | { kind: 'int'; name: string; label: string; help: string; min: number; max: number; step?: number; odd?: boolean }
  | { kind: 'number'; name: string; label: string; help: string; min: number; max: number; step?: number }
  | { kind: 'bool'; name: string; label: string; help: string }
  | { kind: 'choice'; name: string; label: string; help: string; options: readonly string[] }
) & { shownWhen?: ParamCondition };

/** Whether a parameter applies under the current values (see ParamCondition). */
export function paramApplies(spec: ParamSpec, values: Record<string, unknown>): boolean {
  return !spec.shownWhen || spec.shownWhen.oneOf.includes(String(values[spec.shownWhen.param]));
}

export type Invariance = 'translation' | 'scale' | 'rotation' | 'illumination' | 'modality';

export interface Descriptor<P extends ParamsOf = ParamsOf> {
  /** Stable id used in URLs, the CLI and files, e.g. `census`. */
  readonly id: string;
  readonly label: string;
  readonly family: 'hand-crafted' | 'learned';
  /** Full reference: authors, title, venue, year. */
  readonly citation: string;
  /** One or two sentences: what the vector is. */
  readonly summary: string;
  /** Every way this implementation departs from the paper. */
  readonly deviations: readonly string[];
  /** What the descriptor is designed to be invariant to (as the paper claims, not as measured). */
  readonly invariances: readonly Invariance[];
  /** The invariances with these params, where a mode changes them (e.g. a rotation-invariant option). */
  invariancesFor?(p: P): readonly Invariance[];
  /** How two vectors are compared; nearest neighbour minimises this. */
  readonly metric: Metric;
  readonly params: readonly ParamSpec[];
  readonly defaultParams: Readonly<P>;
  /** Fills defaults and checks ranges; throws DescriptorParamError on anything invalid or unknown. */
  validateParams(raw: unknown): P;
  /** Length of one descriptor vector. */
  dim(p: P): number;
  /** Half-width of the support window in pixels (0 for a single pixel). */
  radius(p: P): number;
  /** The sampling layout for the descriptor panel's figure. */
  pattern?(p: P): SamplingPattern;
  /**
   * Loads what `describe` needs before its first call (learned descriptors: their weights, through
   * engine/learned/modelFiles.ts). Hosts (worker, CLI, scripts, tests) await it before `describe`, which
   * stays synchronous and throws when it was not awaited. Hand-crafted descriptors leave it out.
   */
  prepare?(p: P): Promise<void>;
  /**
   * Dense descriptors for every pixel.
   * In: (H, W, 3) float32 RGB in [0, 1]. Out: (H, W, dim(p)) float32, finite. Caller disposes the result.
   */
  describe(image: Tensor3D, p: P): Tensor3D;
}

/**
 * Where a descriptor looks, in pixels relative to the described pixel (x right, y down), for the figure in
 * the descriptor panel. Built from the same constants the descriptor computes with, so the figure cannot
 * drift from the code.
 */
export interface SamplingPattern {
  /** Square cells (histogram bins, window pixels): centre and side. */
  cells?: { x: number; y: number; size: number }[];
  /** Sample points (petal centres, bin centres), optionally with a radius of their support (σ). */
  points?: { x: number; y: number; r?: number }[];
  /** Compared pairs (census: centre–neighbour; BRIEF: random tests). */
  pairs?: { x1: number; y1: number; x2: number; y2: number }[];
  /** Caption: what the marks are. */
  caption: string;
}

export class DescriptorParamError extends Error {}

/**
 * Validates `raw` against a spec list, fills defaults, rejects unknown keys, then runs `check` for
 * constraints between parameters. Shared by every descriptor so messages read the same everywhere.
 */
export function validateAgainstSpec<P extends ParamsOf>(
  id: string,
  specs: readonly ParamSpec[],
  defaults: Readonly<P>,
  raw: unknown,
  check?: (p: P) => string | undefined,
): P {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new DescriptorParamError(`${id}: parameters must be an object`);
  }
  const given = (raw ?? {}) as Record<string, unknown>;
  const known = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw new DescriptorParamError(`${id}: unknown parameter "${key}" (known: ${[...known].join(', ') || 'none'})`);
  }
  const out: Record<string, ParamValue> = { ...defaults };
  for (const spec of specs) {
    if (given[spec.name] === undefined) continue;
    out[spec.name] = validateOne(id, spec, given[spec.name]);
  }
  const problem = check?.(out as P);
  if (problem) throw new DescriptorParamError(`${id}: ${problem}`);
  return out as P;
}

function validateOne(id: string, spec: ParamSpec, v: unknown): ParamValue {
  const where = `${id}: ${spec.name}`;
  switch (spec.kind) {
    case 'bool':
      if (typeof v !== 'boolean') throw new DescriptorParamError(`${where} must be true or false`);
      return v;
    case 'choice':
      if (typeof v !== 'string' || !spec.options.includes(v)) {
        throw new DescriptorParamError(`${where} must be one of ${spec.options.join(', ')}`);
      }
      return v;
    case 'int':
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new DescriptorParamError(`${where} must be a number`);
      if (spec.kind === 'int' && !Number.isInteger(v)) throw new DescriptorParamError(`${where} must be an integer`);
      if (v < spec.min || v > spec.max) throw new DescriptorParamError(`${where} must be in [${spec.min}, ${spec.max}], got ${v}`);
      if (spec.kind === 'int' && spec.odd && v % 2 === 0) throw new DescriptorParamError(`${where} must be odd, got ${v}`);
      return v;
    }
  }
}
