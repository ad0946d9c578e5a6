/**
 * Exhaustive int16 nearest-neighbour search over a QuantizedPair, a range of source rows at a time: in
 * WebAssembly SIMD (int16Module.ts) or, where WebAssembly or its SIMD is missing or refused, plain JS with the
 * same keys, visiting order and tie rules. Both produce nearest.ts's NearestResult fields, in float units.
 */
import type { NearestResult } from '../nearest';
import { BLOCK, NONE, WIDE, int16ModuleBytes } from './int16Module';
import type { QuantizedPair } from './quantize';
import { compiledModule, instantiate } from '../wasmKernel';

export type Int16Kernel = 'int16-wasm' | 'int16-js';

export interface Int16Search {
  readonly kernel: Int16Kernel;
  /** Searches source rows [r0, r1) against every target, merging into each target's best row. */
  run(r0: number, r1: number): void;
  result(): NearestResult;
}

type NnExport = (...offsets: number[]) => void;

/** The compiled module for `pairs`, `block` and `wide`, or null where WebAssembly or SIMD is absent or refused. */
const int16Module = (pairs: number, block: number, wide: number) =>
  compiledModule(`int16/${pairs}/${block}/${wide}`, () => int16ModuleBytes(pairs, block, wide));

/**
 * Whether this runtime compiles the SIMD kernel. Without it the int16 search would run in plain JS, some 50×
 * slower than the wasm kernel and slower than float32's matMul (scripts/int16-timing.ts), so callers that
 * want speed search in float32 instead; the JS kernel remains the tests' reference.
 */
export function int16SimdAvailable(): boolean {
  return int16Module(1, BLOCK, WIDE) !== null;
}

/** d² in float units from an int key: (key + ‖qa‖²)/s², or Infinity for "none" (M = 1). */
const toFloat = (key: number, na: number, scale: number) => (key === NONE ? Infinity : (key + na) / (scale * scale));

/**
 * The result from per-row, per-lane top twos (lanes = targets j mod 4; wasm) or, with `lanes` 1, from per-row
 * top twos (JS). Best = the smallest key, lowest index on ties; second = the smallest of the other lanes' bests
 * and the winning lane's second.
 */
function merge(q: QuantizedPair, lanes: number, b1: Int32Array, b2: Int32Array, idx: Int32Array, colArg: Int32Array): NearestResult {
  const index = new Int32Array(q.n);
  const sqDist1 = new Float32Array(q.n);
  const sqDist2 = new Float32Array(q.n);
  for (let i = 0; i < q.n; i++) {
    let w = i * lanes;
    for (let l = i * lanes + 1; l < (i + 1) * lanes; l++) if (b1[l] < b1[w] || (b1[l] === b1[w] && idx[l] < idx[w])) w = l;
    let second = b2[w];
    for (let l = i * lanes; l < (i + 1) * lanes; l++) if (l !== w && b1[l] < second) second = b1[l];
    index[i] = idx[w];
    sqDist1[i] = Math.max(0, toFloat(b1[w], q.na[i], q.scale));
    sqDist2[i] = Math.max(0, toFloat(second, q.na[i], q.scale));
  }
  return { index, sqDist1, sqDist2, reverseIndex: colArg.slice(0, q.m) };
}

/**
 * The WebAssembly SIMD search, or null where it is unavailable. Each search gets its own instance and memory.
 * `q` must be padded to a multiple of `wide` target groups (quantizePair's groupMultiple).
 */
export function wasmInt16Search(q: QuantizedPair, block = BLOCK, wide = WIDE): Int16Search | null {
  const groups = q.nb.length / 4;
  if (groups % wide !== 0) throw new RangeError(`int16 search: ${groups} target groups are not a multiple of ${wide}`);
  const module = int16Module(q.pairs, block, wide);
  if (!module) return null;
  // Layout: v128 data first (16-byte aligned), then i32 arrays.
  const at = { tgt: 0, b1: q.tgt.byteLength, b2: 0, idx: 0, colBest: 0, colArg: 0, nb: 0, src: 0, na: 0, end: 0 };
  at.b2 = at.b1 + 16 * q.n;
  at.idx = at.b2 + 16 * q.n;
  at.colBest = at.idx + 16 * q.n;
  at.colArg = at.colBest + 4 * q.nb.length;
  at.nb = at.colArg + 4 * q.nb.length;
  at.src = at.nb + 4 * q.nb.length;
  at.na = at.src + q.src.byteLength;
  at.end = at.na + 4 * q.n;
  const { exports, buffer: buf } = instantiate<{ nn: NnExport }>(module, at.end);
  new Int16Array(buf, at.tgt, q.tgt.length).set(q.tgt);
  new Int16Array(buf, at.src, q.src.length).set(q.src);
  new Int32Array(buf, at.nb, q.nb.length).set(q.nb);
  new Int32Array(buf, at.na, q.n).set(q.na);
  new Int32Array(buf, at.colBest, q.nb.length).fill(NONE);
  const view = (offset: number, length: number) => new Int32Array(buf, offset, length);
  return {
    kernel: 'int16-wasm',
    run: (r0, r1) => exports.nn(at.src, r0, r1, at.tgt, groups, at.na, at.nb, at.b1, at.b2, at.idx, at.colBest, at.colArg),
    result: () => merge(q, 4, view(at.b1, 4 * q.n), view(at.b2, 4 * q.n), view(at.idx, 4 * q.n), view(at.colArg, q.nb.length)),
  };
}

/** The plain-JS search: the reference for the WebAssembly one and its fallback; same int keys and ties. */
export function jsInt16Search(q: QuantizedPair): Int16Search {
  const { n, m, pairs, src, tgt, na, nb } = q;
  const width = 2 * pairs;
  const b1 = new Int32Array(n);
  const b2 = new Int32Array(n);
  const idx = new Int32Array(n);
  const colBest = new Int32Array(m).fill(NONE);
  const colArg = new Int32Array(m);
  const run = (r0: number, r1: number) => {
    for (let i = r0; i < r1; i++) {
      let best = NONE, second = NONE, bi = 0;
      for (let j = 0; j < m; j++) {
        const base = (j >> 2) * pairs * 8 + (j & 3) * 2;
        let dot = 0;
        for (let p = 0; p < pairs; p++) dot += src[i * width + 2 * p] * tgt[base + p * 8] + src[i * width + 2 * p + 1] * tgt[base + p * 8 + 1];
        const key = nb[j] - 2 * dot;
        if (key < second) {
          if (key < best) {
            second = best;
            best = key;
            bi = j;
          } else second = key;
        }
        if (key + na[i] < colBest[j]) {
          colBest[j] = key + na[i];
          colArg[j] = i;
        }
      }
      b1[i] = best;
      b2[i] = second;
      idx[i] = bi;
    }
  };
  return { kernel: 'int16-js', run, result: () => merge(q, 1, b1, b2, idx, colArg) };
}
