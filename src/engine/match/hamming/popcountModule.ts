/**
 * The popcount nearest-neighbour kernel as WebAssembly, written with wasmEncoder.ts. Hamming distance of
 * packed bits is i64.xor + i64.popcnt per 64-bit word (the operation binary descriptors are designed for:
 * Calonder et al., "BRIEF: Computing a local binary descriptor very fast", TPAMI 2012, §3 — "the Hamming
 * distance ... can be computed extremely fast on modern CPUs that often provide a specific instruction to
 * perform a XOR or bit count operation"). Scalar code: the distance is one or a few instructions per pair,
 * so the loop's bookkeeping, not the arithmetic, is the cost, and SIMD would not remove it (README, Benchmark).
 *
 * Both exports have the signature
 *   (src, r0, r1, tgt, m, words, outIndex, outD1, outD2, colBest, colArg) → ()
 * where every pointer is a byte offset into the exported memory:
 *   src      (N, words) i64: packed source rows; rows r0…r1−1 are searched in this call;
 *   tgt      (m, words) i64: packed target rows, all searched;
 *   outIndex, outD1, outD2  (N) i32: per source row, the best target and the best and second-best distance
 *            (0x7fffffff stands for "none", i.e. m = 1), written at the row's absolute index;
 *   colBest, colArg  (m) i32: per target, the best distance so far and its source row, updated in place,
 *            so that calls for successive row ranges merge (the caller fills colBest with 0x7fffffff first).
 * Ties: targets and rows are visited in increasing order and only a strictly smaller distance replaces the
 * best, so the lower index wins; a distance equal to the best becomes the second best, as tf.topk reports it.
 * `nn1` is the one-word case (D ≤ 64: census) with the source word held in a register; `nnW` loops over words.
 */
import { encodeModule, I32, I64, op, type Code } from './wasmEncoder';

/** "No distance yet": larger than any Hamming distance that fits the memory. */
export const NONE = 0x7fffffff;

// Local indices: the 11 parameters, then the locals in the order declared below.
const [SRC, R0, R1, TGT, M, WORDS, OUT_INDEX, OUT_D1, OUT_D2, COL_BEST, COL_ARG] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const [I, J, D, BEST, SECOND, BI, PA, PB, CB, W, ROW_BYTES] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const [A, ACC] = [22, 23];
const LOCALS = [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I64, I64];

const get = op.localGet;
const set = (i: number, value: Code): Code => [value, op.localSet(i)];
/** base + (index << shift): the byte address of element `index` of an array of 2^shift-byte elements. */
const addr = (base: number, index: number, shift: number): Code => [get(base), get(index), op.i32Const(shift), op.i32Shl, op.i32Add];
const store = (address: Code, value: Code): Code => [address, value, op.i32Store];

/** D = wrap(popcnt(a ^ tgt[j])): one word, `a` already loaded. */
const distanceOneWord: Code = set(D, [get(A), addr(TGT, J, 3), op.i64Load, op.i64Xor, op.i64Popcnt, op.i32WrapI64]);

/** D = Σ_w popcnt(src[i][w] ^ tgt[j][w]), with PA the source row's address and PB = tgt + j·rowBytes. */
const distanceWords: Code = [
  set(PB, [get(TGT), get(J), get(ROW_BYTES), op.i32Mul, op.i32Add]),
  set(ACC, op.i64Const0),
  set(W, op.i32Const(0)),
  op.loop(
    set(ACC, [get(ACC), get(PA), get(W), op.i32Add, op.i64Load, get(PB), get(W), op.i32Add, op.i64Load, op.i64Xor, op.i64Popcnt, op.i64Add]),
    set(W, [get(W), op.i32Const(8), op.i32Add]),
    [get(W), get(ROW_BYTES), op.i32LtU, op.brIf(0)],
  ),
  set(D, [get(ACC), op.i32WrapI64]),
];

/**
 * For rows i in [r0, r1): the row's top two over all targets (ties → lower j first) and each target's best
 * row (ties → lower i).
 */
function rowsLoop(oneWord: boolean): Code {
  const innerUpdate: Code = [
    get(D), get(BEST), op.i32LtU,
    op.if(
      [set(SECOND, get(BEST)), set(BEST, get(D)), set(BI, get(J))],
      [get(D), get(SECOND), op.i32LtU, op.if([set(SECOND, get(D))])],
    ),
    set(CB, addr(COL_BEST, J, 2)),
    get(D), get(CB), op.i32Load, op.i32LtU,
    op.if([store(get(CB), get(D)), store(addr(COL_ARG, J, 2), get(I))]),
  ];
  return [
    set(ROW_BYTES, [get(WORDS), op.i32Const(3), op.i32Shl]),
    set(I, get(R0)),
    op.block(op.loop(
      [get(I), get(R1), op.i32GeU, op.brIf(1)],
      oneWord ? set(A, [addr(SRC, I, 3), op.i64Load]) : set(PA, [get(SRC), get(I), get(ROW_BYTES), op.i32Mul, op.i32Add]),
      set(BEST, op.i32Const(NONE)),
      set(SECOND, op.i32Const(NONE)),
      set(BI, op.i32Const(0)),
      set(J, op.i32Const(0)),
      op.block(op.loop(
        [get(J), get(M), op.i32GeU, op.brIf(1)],
        oneWord ? distanceOneWord : distanceWords,
        innerUpdate,
        set(J, [get(J), op.i32Const(1), op.i32Add]),
        op.br(0),
      )),
      store(addr(OUT_INDEX, I, 2), get(BI)),
      store(addr(OUT_D1, I, 2), get(BEST)),
      store(addr(OUT_D2, I, 2), get(SECOND)),
      set(I, [get(I), op.i32Const(1), op.i32Add]),
      op.br(0),
    )),
  ];
}

/** The module's bytes; deterministic, so running this reproduces them. */
export function popcountModuleBytes(): Uint8Array {
  return encodeModule([
    { name: 'nn1', params: 11, locals: LOCALS, body: rowsLoop(true) },
    { name: 'nnW', params: 11, locals: LOCALS, body: rowsLoop(false) },
  ]);
}
