/**
 * The popcount nearest-neighbour kernel as WebAssembly, written with wasmEncoder.ts. Hamming distance of
 * packed bits is i64.xor + i64.popcnt per 64-bit word (the operation binary descriptors are designed for:
 * Calonder et al., "BRIEF: Computing a local binary descriptor very fast", TPAMI 2012, §3 — "the Hamming
 * distance ... can be computed extremely fast on modern CPUs that often provide a specific instruction to
 * perform a XOR or bit count operation"). Scalar code: the distance is one or a few instructions per pair,
 * so the loop's bookkeeping, not the arithmetic, is the cost.
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
 *
 * Rows go BLOCK at a time through the targets: each target word is loaded once for BLOCK rows, and the
 * target's best row is read and written once per block instead of once per pair (on the benchmark's census
 * maps 2.4× faster than one row at a time, on BRIEF-256 1.2×: scripts/popcount-timing.ts); leftover rows go
 * one at a time. `nn1` is the one-word case (D ≤ 64: census) with the source words held in registers; `nn2`,
 * `nn4`, `nn8` (BRIEF-128, -256, -512) unroll their words; `nnW` loops over any number of words.
 */
import { encodeModule, I32, I64, op, type Code } from './wasmEncoder';

/** "No distance yet": larger than any Hamming distance that fits the memory. */
export const NONE = 0x7fffffff;
/** Source rows per pass over the targets. */
export const BLOCK = 4;

// Local indices: the 11 parameters, then locals allocated in order (see `local`).
const [SRC, R0, R1, TGT, M, WORDS, OUT_INDEX, OUT_D1, OUT_D2, COL_BEST, COL_ARG] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Declares locals as they are named; one allocator per function. */
function localAllocator() {
  const types: number[] = [];
  const local = (type: number) => (types.push(type), 10 + types.length);
  return { types, local };
}

const get = op.localGet;
const set = (i: number, value: Code): Code => [value, op.localSet(i)];
const add = (a: Code, b: Code): Code => [a, b, op.i32Add];
/** base + (index << shift): the byte address of element `index` of an array of 2^shift-byte elements. */
const addr = (base: Code, index: Code, shift: number): Code => [base, index, op.i32Const(shift), op.i32Shl, op.i32Add];
const store = (address: Code, value: Code): Code => [address, value, op.i32Store];
const inc = (i: number, by: number): Code => set(i, add(get(i), op.i32Const(by)));
/** `block { loop { if (counter >= end) break; body; continue } }` */
const forUpTo = (counter: number, end: Code, ...body: Code[]): Code => op.block(op.loop([get(counter), end, op.i32GeU, op.brIf(1)], ...body, op.br(0)));

/**
 * `words`: 1 holds each source row's word in a register; a fixed count > 1 unrolls the word loop with
 * constant load offsets; 'any' loops over the `words` parameter.
 */
function kernel(words: number | 'any', block: number) {
  const oneWord = words === 1;
  const { types, local } = localAllocator();
  const [I, J, PB, W, ROW_BYTES, DMIN, KMIN, CB, LESS] = [local(I32), local(I32), local(I32), local(I32), local(I32), local(I32), local(I32), local(I32), local(I32)];
  const TB = local(I64);
  const rowLocals = () => ({ d: local(I32), best: local(I32), second: local(I32), bi: local(I32), pa: local(I32), a: local(I64), acc: local(I64) });
  const R = Array.from({ length: block }, rowLocals);

  /** Sets d of rows[0…r) to their distances to target j. */
  const distances = (r: number): Code => {
    const rs = R.slice(0, r);
    if (oneWord) {
      return [set(TB, [addr(get(TGT), get(J), 3), op.i64Load]), rs.map((x) => set(x.d, [get(x.a), get(TB), op.i64Xor, op.i64Popcnt, op.i32WrapI64]))];
    }
    if (typeof words === 'number') {
      return [
        set(PB, add(get(TGT), [get(J), get(ROW_BYTES), op.i32Mul])),
        Array.from({ length: words }, (_, w) => [
          set(TB, [get(PB), op.i64LoadAt(8 * w)]),
          rs.map((x) => set(x.acc, [w > 0 ? get(x.acc) : [], get(x.pa), op.i64LoadAt(8 * w), get(TB), op.i64Xor, op.i64Popcnt, w > 0 ? op.i64Add : []])),
        ]),
        rs.map((x) => set(x.d, [get(x.acc), op.i32WrapI64])),
      ];
    }
    return [
      set(PB, add(get(TGT), [get(J), get(ROW_BYTES), op.i32Mul])),
      rs.map((x) => set(x.acc, op.i64Const0)),
      set(W, op.i32Const(0)),
      op.loop(
        set(TB, [add(get(PB), get(W)), op.i64Load]),
        rs.map((x) => set(x.acc, [get(x.acc), add(get(x.pa), get(W)), op.i64Load, get(TB), op.i64Xor, op.i64Popcnt, op.i64Add])),
        inc(W, 8),
        [get(W), get(ROW_BYTES), op.i32LtU, op.brIf(0)],
      ),
      rs.map((x) => set(x.d, [get(x.acc), op.i32WrapI64])),
    ];
  };

  /**
   * The row's top two: if d < best { second = best; best = d; bi = j } else if d < second { second = d },
   * tested as d < second first: best ≤ second, so the common case (neither) costs one predictable branch.
   */
  const rowUpdate = (x: (typeof R)[number]): Code => [
    get(x.d), get(x.second), op.i32LtU,
    op.if([
      get(x.d), get(x.best), op.i32LtU,
      op.if([set(x.second, get(x.best)), set(x.best, get(x.d)), set(x.bi, get(J))], [set(x.second, get(x.d))]),
    ]),
  ];

  /** The target's best row: the block's smallest d (lowest k on ties) replaces colBest[j] only if smaller. */
  const columnUpdate = (r: number): Code => [
    set(DMIN, get(R[0].d)),
    set(KMIN, op.i32Const(0)),
    // Branch-free: which row of the block is closest is a coin toss, and a mispredicted branch costs more.
    R.slice(1, r).map((x, k) => [
      set(LESS, [get(x.d), get(DMIN), op.i32LtU]),
      set(KMIN, [op.i32Const(k + 1), get(KMIN), get(LESS), op.select]),
      set(DMIN, [get(x.d), get(DMIN), get(LESS), op.select]),
    ]),
    set(CB, addr(get(COL_BEST), get(J), 2)),
    get(DMIN), get(CB), op.i32Load, op.i32LtU,
    op.if([store(get(CB), get(DMIN)), store(addr(get(COL_ARG), get(J), 2), add(get(I), get(KMIN)))]),
  ];

  /** While at least r rows remain: search rows i…i+r−1 against every target, store their results, i += r. */
  const pass = (r: number): Code => {
    const rs = R.slice(0, r);
    return op.block(op.loop(
      [add(get(I), op.i32Const(r)), get(R1), op.i32GtU, op.brIf(1)],
      rs.map((x, k) => (oneWord
        ? set(x.a, [addr(get(SRC), add(get(I), op.i32Const(k)), 3), op.i64Load])
        : set(x.pa, add(get(SRC), [add(get(I), op.i32Const(k)), get(ROW_BYTES), op.i32Mul])))),
      rs.map((x) => [set(x.best, op.i32Const(NONE)), set(x.second, op.i32Const(NONE)), set(x.bi, op.i32Const(0))]),
      set(J, op.i32Const(0)),
      forUpTo(J, get(M), distances(r), rs.map(rowUpdate), columnUpdate(r), inc(J, 1)),
      rs.map((x, k) => [
        store(addr(get(OUT_INDEX), add(get(I), op.i32Const(k)), 2), get(x.bi)),
        store(addr(get(OUT_D1), add(get(I), op.i32Const(k)), 2), get(x.best)),
        store(addr(get(OUT_D2), add(get(I), op.i32Const(k)), 2), get(x.second)),
      ]),
      inc(I, r),
      op.br(0),
    ));
  };

  const body: Code = [set(ROW_BYTES, [get(WORDS), op.i32Const(3), op.i32Shl]), set(I, get(R0)), block > 1 ? pass(block) : [], pass(1)];
  return { params: 11, locals: types, body };
}

/** Word counts with their own unrolled export `nn<words>`; others use `nnW`. */
export const UNROLLED_WORDS = [1, 2, 4, 8] as const;

/** The module's bytes for `block` source rows per pass; deterministic, so running this reproduces them. */
export function popcountModuleBytes(block = BLOCK): Uint8Array {
  return encodeModule([
    ...UNROLLED_WORDS.map((w) => ({ name: `nn${w}`, ...kernel(w, block) })),
    { name: 'nnW', ...kernel('any', block) },
  ]);
}
