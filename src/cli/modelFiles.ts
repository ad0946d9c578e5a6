/**
 * Model weights for Node (CLI, scripts, tests): read from the app's own `public/models/` folder, the same
 * files the browser worker fetches, through the engine's reader seam.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { setModelFileReader } from '../engine/learned/modelFiles';
import type { Descriptor, ParamsOf } from '../engine/descriptors/contract';

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
