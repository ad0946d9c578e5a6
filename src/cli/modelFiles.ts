/**
 * Model weights for Node (CLI, scripts, tests): read from the app's own `public/models/` folder, the same
 * files the browser worker fetches, through the engine's reader seam.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { setModelFileReader } from '../engine/learned/modelFiles';
import type { Descriptor, ParamsOf } from '../engine/descriptors/contract';
import { decodeWeights, type WeightsManifest } from '../engine/learned/modelFiles';
import { ucnFromNamed, UCN_VARIANTS, type UcnVariant } from '../engine/learned/ucn/model';
import { setTunedUcn } from '../engine/descriptors/learned/ucn';
import { UsageError } from './errors';

let installed = false;

/** `public/models/` of this checkout. */
export const DEFAULT_MODELS_DIR = fileURLToPath(new URL('../../public/models/', import.meta.url));

/** Installs a reader of `dir` (default: public/models of this checkout). */
export function useModelDirectory(dir: string = DEFAULT_MODELS_DIR): void {
  setModelFileReader((path) => readFile(join(dir, path)));
  installed = true;
}


/** Awaits `d.prepare` (learned descriptors load weights), reading public/models unless told otherwise. */
export async function prepareDescriptor(d: Descriptor<ParamsOf>, params: ParamsOf): Promise<void> {
  if (!d.prepare) return;
  if (!installed) useModelDirectory();
  await d.prepare(params);
}

/**
 * `--model-dir DIR`: a UCN model folder (model.json with its `variant` = architecture, weights.bin), such as
 * the app's "Download tuned model", handed to the ucn descriptor as `variant: 'tuned'`.
 */
export function loadUcnModelDir(dir: string): UcnVariant {
  let doc: WeightsManifest & { model?: string; variant?: string };
  let bytes: Uint8Array;
  try {
    doc = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as typeof doc;
    bytes = new Uint8Array(readFileSync(join(dir, doc.weightsManifest?.[0]?.paths?.[0] ?? 'weights.bin')));
  } catch (e) {
    throw new UsageError(`--model-dir ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const variant = doc.variant as UcnVariant;
  if (doc.model !== 'ucn' || !UCN_VARIANTS.includes(variant)) throw new UsageError(`--model-dir ${dir}: model.json is not a UCN model (model '${doc.model}', variant '${doc.variant}')`);
  setTunedUcn(ucnFromNamed(variant, decodeWeights(doc, bytes)));
  return variant;
}
