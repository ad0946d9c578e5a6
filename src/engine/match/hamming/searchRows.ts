/**
 * Exhaustive Hamming nearest-neighbour search over packed bits, a range of source rows at a time, in
 * WebAssembly (popcountModule.ts) or, where WebAssembly is missing or refused, plain JS with the same
 * visiting order and tie rules. Both produce the fields of nearest.ts's NearestResult exactly.
 */
import type { NearestResult } from '../nearest';
import { popcount32 } from '../../keypoints/brisk/hamming';
import type { PackedBits } from './pack';
import { BLOCK, NONE, popcountModuleBytes } from './popcountModule';
import { compiledModule, instantiate } from '../wasmKernel';

export type PopcountKernel = 'popcount-wasm' | 'popcount-js';

/** One search between a packed source and target set; `run` may be called for successive row ranges. */
export interface RowSearch {
  readonly kernel: PopcountKernel;
  /** Searches source rows [r0, r1) against every target, merging into each target's best row. */
  run(r0: number, r1: number): void;
  /** Copies the result out (distances as float32, "none" as Infinity). */
  result(): NearestResult;
}

type NnExport = (src: number, r0: number, r1: number, tgt: number, m: number, words: number, outIndex: number, outD1: number, outD2: number, colBest: number, colArg: number) => void;

/**
 * The compiled module for `block` rows per pass, or null where WebAssembly is absent or refused (a CSP
 * without 'wasm-unsafe-eval').
 */
const popcountModule = (block: number) => compiledModule(`popcount/${block}`, () => popcountModuleBytes(block));

function checkPair(src: PackedBits, tgt: PackedBits): void {
  if (src.dim !== tgt.dim) throw new RangeError(`descriptor dims differ: source ${src.dim}, target ${tgt.dim}`);
  if (src.rows === 0 || tgt.rows === 0) throw new RangeError('nearest neighbour needs at least one source and one target');
}

function toResult(index: Int32Array, d1: Int32Array, d2: Int32Array, colArg: Int32Array): NearestResult {
  const dist = (d: Int32Array) => Float32Array.from(d, (v) => (v === NONE ? Infinity : v));
  return { index: index.slice(), sqDist1: dist(d1), sqDist2: dist(d2), reverseIndex: colArg.slice() };
}

/**
 * The WebAssembly search, or null where WebAssembly is unavailable. Each search gets its own instance and
 * memory (wasmKernel.ts). `block`: source rows per pass (popcountModule.ts; timing script
 * scripts/popcount-timing.ts).
 */
export function wasmRowSearch(src: PackedBits, tgt: PackedBits, block = BLOCK): RowSearch | null {
  checkPair(src, tgt);
  const module = popcountModule(block);
  if (!module) return null;
  const n = src.rows;
  const m = tgt.rows;
  // Layout: i64 rows first (8-byte aligned), then the i32 outputs.
  const at = { src: 0, tgt: src.data.byteLength, index: src.data.byteLength + tgt.data.byteLength, d1: 0, d2: 0, colBest: 0, colArg: 0, end: 0 };
  at.d1 = at.index + 4 * n;
  at.d2 = at.d1 + 4 * n;
  at.colBest = at.d2 + 4 * n;
  at.colArg = at.colBest + 4 * m;
  at.end = at.colArg + 4 * m;
  const { exports, buffer: buf } = instantiate<Record<string, NnExport>>(module, at.end);
  new Uint32Array(buf, at.src, src.data.length).set(src.data);
  new Uint32Array(buf, at.tgt, tgt.data.length).set(tgt.data);
  new Int32Array(buf, at.colBest, m).fill(NONE);
  const nn = exports[`nn${src.words}`] ?? exports.nnW;
  return {
    kernel: 'popcount-wasm',
    run: (r0, r1) => nn(at.src, r0, r1, at.tgt, m, src.words, at.index, at.d1, at.d2, at.colBest, at.colArg),
    result: () => toResult(new Int32Array(buf, at.index, n), new Int32Array(buf, at.d1, n), new Int32Array(buf, at.d2, n), new Int32Array(buf, at.colArg, m)),
  };
}

/** The plain-JS search: the reference for the WebAssembly one and its fallback (32-bit SWAR popcount). */
export function jsRowSearch(src: PackedBits, tgt: PackedBits): RowSearch {
  checkPair(src, tgt);
  const m = tgt.rows;
  const halves = 2 * src.words;
  const index = new Int32Array(src.rows);
  const d1 = new Int32Array(src.rows);
  const d2 = new Int32Array(src.rows);
  const colBest = new Int32Array(m).fill(NONE);
  const colArg = new Int32Array(m);
  const A = src.data;
  const B = tgt.data;
  const run = (r0: number, r1: number) => {
    for (let i = r0; i < r1; i++) {
      const pa = i * halves;
      let best = NONE, second = NONE, bi = 0;
      for (let j = 0, pb = 0; j < m; j++, pb += halves) {
        let d = 0;
        for (let h = 0; h < halves; h++) d += popcount32(A[pa + h] ^ B[pb + h]);
        // best ≤ second, so testing d < second first leaves one branch in the common case (as the wasm does).
        if (d < second) {
          if (d < best) {
            second = best;
            best = d;
            bi = j;
          } else second = d;
        }
        if (d < colBest[j]) {
          colBest[j] = d;
          colArg[j] = i;
        }
      }
      index[i] = bi;
      d1[i] = best;
      d2[i] = second;
    }
  };
  return { kernel: 'popcount-js', run, result: () => toResult(index, d1, d2, colArg) };
}
