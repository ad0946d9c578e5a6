/**
 * Options both commands share, and the parsers that turn option text into checked values. Every
 * problem here is a UsageError (exit 2) whose message names the option.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_MAX_WORKING_PIXELS } from '../engine/core/workingSize';
import type { Descriptor, ParamsOf } from '../engine/descriptors/contract';
import { DESCRIPTORS, getDescriptor } from '../engine/descriptors/registry';
import { UsageError } from './errors';

export type Options = NonNullable<ParseArgsConfig['options']>;
export type BackendOption = 'auto' | 'wasm' | 'cpu';

export const DEFAULT_STRIDE = 8;
export const MAX_STRIDE = 256;

export const COMMON_OPTIONS = {
  descriptor: { type: 'string' },
  params: { type: 'string' },
  stride: { type: 'string' },
  out: { type: 'string' },
  backend: { type: 'string' },
  'max-pixels': { type: 'string' },
  'model-dir': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const COMMON_HELP = `
      --params JSON     descriptor parameters, e.g. '{"size":5}' (defaults fill the rest)
      --backend NAME    wasm | cpu | auto (default auto: wasm, falling back to cpu)
      --model-dir DIR   ucn only: the model folder DIR (model.json + weights.bin, e.g. a model
                        downloaded from the app's "Fine-tune on this pair") as variant "tuned"
      --max-pixels N    working limit in pixels (default ${DEFAULT_MAX_WORKING_PIXELS}); larger images are
                        area-downscaled first, and coordinates are still reported in original pixels
  -q, --quiet           no progress on stderr (notices and errors are still shown)
  -h, --help            this help

Coordinates are 0-based with pixel centres at integers (OpenCV's convention), in the original image
as displayed (a JPEG's EXIF orientation is applied). Descriptors: ${DESCRIPTORS.map((d) => d.id).join(', ')}.`;

type StrictConfig<O extends Options> = { args: string[]; options: O; strict: true; allowPositionals: false };
export type OptionValues<O extends Options> = ReturnType<typeof parseArgs<StrictConfig<O>>>['values'];

/** node:util parseArgs, with its errors turned into one-line UsageErrors. */
export function parseOptions<O extends Options>(args: string[], options: O): OptionValues<O> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const text = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UsageError(text.replace(/\. To specify a positional argument.*$/, ''));
  }
}

export function required(value: string | undefined, option: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${option} is required`);
  return value;
}

/** An integer option in [min, max]; `fallback` when absent. */
export function intOption(text: string | undefined, option: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`--${option} must be an integer in [${min}, ${max}], got '${text}'`);
  }
  return v;
}

export function strideOption(text: string | undefined): number {
  return intOption(text, 'stride', 1, MAX_STRIDE, DEFAULT_STRIDE);
}

/** --target-stride: the target grid's spacing, defaulting to the source stride. */
export function targetStrideOption(text: string | undefined, stride: number): number {
  return intOption(text, 'target-stride', 1, MAX_STRIDE, stride);
}

export function maxPixelsOption(text: string | undefined): number {
  return intOption(text, 'max-pixels', 1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_WORKING_PIXELS);
}

/** --precision: float32 (default, exact) or int16 (quantised dense search; see nearestForMetric.ts). */
export function precisionOption(text: string | undefined): 'float32' | 'int16' {
  if (text === undefined) return 'float32';
  if (text !== 'float32' && text !== 'int16') throw new UsageError(`--precision must be float32 or int16, got '${text}'`);
  return text;
}

/** Lowe's ratio in (0, 1]; null when absent. */
export function ratioOption(text: string | undefined): number | null {
  if (text === undefined) return null;
  const v = Number(text);
  if (text.trim() === '' || !(v > 0 && v <= 1)) throw new UsageError(`--ratio must be a number in (0, 1], got '${text}'`);
  return v;
}

export function backendOption(text: string | undefined): BackendOption {
  const v = text ?? 'auto';
  if (v !== 'auto' && v !== 'wasm' && v !== 'cpu') throw new UsageError(`--backend must be wasm, cpu or auto, got '${v}'`);
  return v;
}

/** The descriptor named by --descriptor with its --params validated and defaults filled. */
export function descriptorOption(id: string | undefined, paramsText: string | undefined, modelDir?: string): { descriptor: Descriptor<ParamsOf>; params: ParamsOf; modelDir?: string } {
  let descriptor: Descriptor<ParamsOf>;
  try {
    descriptor = getDescriptor(required(id, 'descriptor'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  let raw: unknown;
  if (paramsText !== undefined) {
    try {
      raw = JSON.parse(paramsText);
    } catch (e) {
      throw new UsageError(`--params is not valid JSON (${e instanceof Error ? e.message : String(e)}): ${paramsText}`);
    }
  }
  if (modelDir !== undefined) {
    if (descriptor.id !== 'ucn') throw new UsageError(`--model-dir applies to --descriptor ucn only, got '${descriptor.id}'`);
    const given = (raw as { variant?: unknown } | undefined)?.variant;
    if (given !== undefined && given !== 'tuned') throw new UsageError(`--model-dir loads variant "tuned"; --params asks for '${String(given)}'`);
    raw = { ...(raw as object | undefined), variant: 'tuned' };
  }
  try {
    return { descriptor, params: descriptor.validateParams(raw), ...(modelDir !== undefined ? { modelDir } : {}) };
  } catch (e) {
    throw new UsageError(`--params: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A training run's arguments with --minutes dropped and --steps set to what was done: the card's "same weights again" command. */
export function reproducibleArgs(args: string[], steps: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--minutes' || args[i] === '--steps') i++;
    else if (!/^--(minutes|steps)=/.test(args[i])) out.push(args[i]);
  }
  return [...out, '--steps', String(steps)];
}
