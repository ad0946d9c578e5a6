/**
 * What the search kernels emitted as WebAssembly (hamming/popcountModule.ts, quantized/int16Module.ts) need
 * from the runtime: each module compiled once, and a fresh instance per search whose memory is grown to fit
 * its data (instantiating a compiled module of a few hundred bytes costs microseconds), so searches
 * interleaved at their yields cannot overwrite each other's data.
 */

// The engine compiles without DOM or Node types, so it names only the part of WebAssembly it uses.
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { memory: WasmMemory } };
}
declare const WebAssembly: WasmApi | undefined;

const compiled = new Map<string, object | null>();

/**
 * `bytes()` compiled once per `key`, or null where WebAssembly is absent or refuses the module (a CSP without
 * 'wasm-unsafe-eval', or no SIMD for a SIMD kernel).
 */
export function compiledModule(key: string, bytes: () => Uint8Array): object | null {
  if (!compiled.has(key)) {
    try {
      compiled.set(key, typeof WebAssembly === 'undefined' ? null : new WebAssembly.Module(bytes()));
    } catch {
      compiled.set(key, null);
    }
  }
  return compiled.get(key) ?? null;
}

/** A fresh instance of `module` (from compiledModule) with at least `byteLength` bytes of memory; `E`: its exports. */
export function instantiate<E>(module: object, byteLength: number): { exports: E; buffer: ArrayBuffer } {
  if (typeof WebAssembly === 'undefined') throw new Error('WebAssembly is not available');
  const { exports } = new WebAssembly.Instance(module, {});
  const pages = Math.ceil(byteLength / 65536);
  if (pages > 1) exports.memory.grow(pages - 1);
  return { exports: exports as unknown as E, buffer: exports.memory.buffer };
}
