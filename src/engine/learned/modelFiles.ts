/**
 * The one seam through which learned descriptors get their weights. The engine never fetches or reads
 * files itself: the host installs a reader (the worker fetches `public/models/...` from its own origin, the
 * CLI and tests read the same files from disk), and the engine decodes the bytes it is handed.
 *
 * A model is a folder with `model.json` (a tfjs-style `weightsManifest`: names, shapes, optional uint8
 * quantisation) and the binary files that manifest lists, concatenated in manifest order.
 */

/** Reads `path` (relative to the models folder, e.g. `mobilenet_v2/model.json`) and resolves to its bytes. */
export type ModelFileReader = (path: string) => Promise<ArrayBuffer | Uint8Array>;

/** One weight tensor, dequantised: row-major values of `shape`. */
export interface NamedWeight {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}
export type NamedWeights = ReadonlyMap<string, NamedWeight>;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'uint8'; min: number; scale: number };
}
export interface WeightsManifest {
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

export class ModelFileError extends Error {}

// A global in every host the engine runs in (Node, workers, pages); the engine's lib (ES2022) does not declare it.
declare const TextDecoder: { new (): { decode(bytes: Uint8Array): string } };

let reader: ModelFileReader | undefined;
const cache = new Map<string, Promise<NamedWeights>>();

/** Installs the host's reader; models read through an earlier reader are forgotten. */
export function setModelFileReader(r: ModelFileReader): void {
  reader = r;
  cache.clear();
}

async function readBytes(path: string): Promise<Uint8Array> {
  if (!reader) throw new ModelFileError(`cannot read ${path}: no model file reader installed (setModelFileReader)`);
  let raw: ArrayBuffer | Uint8Array;
  try {
    raw = await reader(path);
  } catch (e) {
    throw new ModelFileError(`cannot read model file ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return raw instanceof Uint8Array ? raw : new Uint8Array(raw);
}

/**
 * Decodes weights from a manifest and the concatenated bytes of its files. Dequantises uint8 entries as
 * tfjs does: w = min + scale·q. Throws when the byte count disagrees with the manifest.
 */
export function decodeWeights(manifest: WeightsManifest, bytes: Uint8Array): NamedWeights {
  const out = new Map<string, NamedWeight>();
  let offset = 0;
  for (const spec of manifest.weightsManifest.flatMap((g) => g.weights)) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    const size = q ? n : 4 * n;
    if (offset + size > bytes.length) throw new ModelFileError(`weights end at byte ${bytes.length}, ${spec.name} needs ${offset + size}`);
    let values: Float32Array;
    if (q) {
      if (q.dtype !== 'uint8') throw new ModelFileError(`${spec.name}: unsupported quantisation ${q.dtype}`);
      values = Float32Array.from(bytes.subarray(offset, offset + n), (v) => q.min + q.scale * v);
    } else {
      values = new Float32Array(bytes.slice(offset, offset + size).buffer);
    }
    out.set(spec.name, { shape: spec.shape, values });
    offset += size;
  }
  if (offset !== bytes.length) throw new ModelFileError(`manifest accounts for ${offset} bytes, files hold ${bytes.length}`);
  return out;
}

/** Loads the model in folder `dir` through the installed reader, once; later calls share the result. */
export function loadModelWeights(dir: string): Promise<NamedWeights> {
  let hit = cache.get(dir);
  if (!hit) {
    hit = (async () => {
      const manifest = JSON.parse(new TextDecoder().decode(await readBytes(`${dir}/model.json`))) as WeightsManifest;
      const paths = manifest.weightsManifest.flatMap((g) => g.paths);
      const parts = await Promise.all(paths.map((p) => readBytes(`${dir}/${p}`)));
      const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
      parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
      return decodeWeights(manifest, bytes);
    })();
    // A failed read is not cached, so a later call can try again.
    hit.catch(() => cache.delete(dir));
    cache.set(dir, hit);
  }
  return hit;
}

/** The weight `name`, checked against the shape the model code expects. */
export function weightOf(weights: NamedWeights, name: string, shape: readonly number[]): Float32Array {
  const w = weights.get(name);
  if (!w) throw new ModelFileError(`missing weight ${name}`);
  if (w.shape.length !== shape.length || w.shape.some((v, i) => v !== shape[i])) {
    throw new ModelFileError(`${name} has shape (${w.shape}), expected (${shape})`);
  }
  return w.values;
}
