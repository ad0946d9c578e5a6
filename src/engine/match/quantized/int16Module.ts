/**
 * The int16 nearest-neighbour kernel as WebAssembly SIMD, written with wasmEncoder.ts and simd.ts. One module
 * per descriptor width: the loop over dimensions is unrolled with constant load offsets, so the inner work
 * per (source row, 4 targets, 2 dims) is three instructions (load32_splat, i32x4.dot_i16x8_s, i32x4.add).
 *
 * Layout (int16, see quantize.ts): a source row is `pairs` × 2 dims (zero-padded to even D); targets are
 * interleaved by 4 — group g, pair p is one v128 (t0d0 t0d1 t1d0 t1d1 t2d0 t2d1 t3d0 t3d1) — so one dot of that
 * vector with the splatted source pair (a0 a1 a0 a1 …) gives the 4 targets' partial dot products.
 *
 * Export `nn` (src, r0, r1, tgt, groups, na, nb, outBest1, outBest2, outIdx, colBest, colArg) → (), byte offsets:
 *   src  (N, pairs) i32 (two int16 each); rows r0…r1−1 are searched in this call;
 *   tgt  (groups, pairs) v128, groups a multiple of WIDE;  na (N) i32 = ‖qa‖²;  nb (groups·4) i32 = ‖qb‖², NONE
 *        for padding targets;
 *   outBest1, outBest2, outIdx  (N) v128: per row and lane l, the best and second-best key over the targets
 *        j ≡ l (mod 4), and that best j; the caller merges the four lanes (quantizedSearch.ts). The key is
 *        ‖qb‖² − 2qa·qb = d² − ‖qa‖², which ranks a row's targets as d² does;
 *   colBest, colArg  (groups·4) i32: per target, the smallest d² = key + ‖qa‖² so far and its row, updated
 *        in place so calls for successive row ranges merge (the caller fills colBest with NONE).
 * Ties: targets and rows are visited in increasing order and only a strictly smaller value replaces the best,
 * so the lower index wins; an equal key becomes the second best (as tf.topk reports it).
 * Overflow: quantize.ts bounds every ‖q‖ by R with 4R² < 2³¹, so every partial dot (Cauchy–Schwarz: ≤ R²), key
 * (−R² … 3R²) and d² (0 … 4R²) fits an int32, and padding keys (NONE) lose to every real one.
 */
import { encodeModule, I32, op, type Code } from '../hamming/wasmEncoder';
import { V128, v } from './simd';

/** "No target": above every key and d² (≤ 4R² < 2³¹ − 1). */
export const NONE = 0x7fffffff;
/** Source rows per pass over the targets (each target vector loaded once per block). */
export const BLOCK = 4;
/**
 * Target groups (of 4) per step: each source pair splatted once for 4·WIDE targets; the caller pads to a multiple.
 * 1 measured fastest: on 4800 × 19200 random 128-D rows, CPU time per search with (rows per pass × groups per
 * step) 4×1 762 ms (15.5 GMAC/s), 2×1 843, 2×2 948, 3×2 1193, 4×2 1471, 6×1 1195 (V8 spills the wider passes'
 * v128 locals). Kept as a parameter so the timing script can re-check it on other CPUs.
 */
export const WIDE = 1;

const [SRC, R0, R1, TGT, GROUPS, NA, NB, OUT_B1, OUT_B2, OUT_IDX, COL_BEST, COL_ARG] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const PARAMS = 12;

const get = op.localGet;
const set = (i: number, value: Code): Code => [value, op.localSet(i)];
const add = (a: Code, b: Code): Code => [a, b, op.i32Add];
const addr = (base: Code, index: Code, shift: number): Code => [base, index, op.i32Const(shift), op.i32Shl, op.i32Add];
const inc = (i: number, by: number): Code => set(i, add(get(i), op.i32Const(by)));

function kernel(pairs: number, block: number, wide: number) {
  const types: number[] = [];
  const local = (type: number) => (types.push(type), PARAMS - 1 + types.length);
  const [I, G, PB, PNB, PCOL, PARG] = [local(I32), local(I32), local(I32), local(I32), local(I32), local(I32)];
  const [T, NBV, JV, CMIN, CARG, LT, CB, SPL] = [local(V128), local(V128), local(V128), local(V128), local(V128), local(V128), local(V128), local(V128)];
  const TW = Array.from({ length: wide }, () => local(V128));
  const row = () => ({ pa: local(I32), acc: Array.from({ length: wide }, () => local(V128)), key: local(V128), na: local(V128), b1: local(V128), b2: local(V128), idx: local(V128) });
  const R = Array.from({ length: block }, row);
  const groupBytes = pairs * 16;

  /**
   * acc[k][g] = Σ_p dot(target group g pair p, splat(source row k pair p)): per pair, one load per target group
   * and one splat per row, shared by all rows and groups of the pass.
   */
  const dots = (rs: typeof R): Code => Array.from({ length: pairs }, (_, p) => [
    TW.map((t, g) => set(t, [get(PB), v.load(g * groupBytes + 16 * p)])),
    rs.map((x) => [
      set(SPL, [get(x.pa), v.load32Splat(4 * p)]),
      TW.map((t, g) => set(x.acc[g], [p > 0 ? get(x.acc[g]) : [], get(t), get(SPL), v.i32x4DotI16x8S, p > 0 ? v.i32x4Add : []])),
    ]),
  ]);

  /** The row's per-lane top two: b2 = min(b2, max(key, b1)); b1 = min(key, b1); idx = key < b1 ? j : idx. */
  const rowUpdate = (x: (typeof R)[number], g: number): Code => [
    set(x.key, [get(NBV), get(x.acc[g]), op.i32Const(1), v.i32x4Shl, v.i32x4Sub]),
    set(LT, [get(x.key), get(x.b1), v.i32x4LtS]),
    set(x.b2, [get(x.b2), get(x.key), get(x.b1), v.i32x4MaxS, v.i32x4MinS]),
    set(x.b1, [get(x.key), get(x.b1), v.i32x4MinS]),
    set(x.idx, [get(JV), get(x.idx), get(LT), v.bitselect]),
  ];

  /** Each of the 4 targets' closest row in the block (lowest on ties), merged into colBest/colArg if strictly closer. */
  const columnUpdate = (rs: typeof R, g: number): Code => [
    set(CMIN, [get(rs[0].key), get(rs[0].na), v.i32x4Add]),
    set(CARG, v.constI32x4([0, 0, 0, 0])),
    rs.slice(1).map((x, k) => [
      set(T, [get(x.key), get(x.na), v.i32x4Add]),
      set(LT, [get(T), get(CMIN), v.i32x4LtS]),
      set(CMIN, [get(T), get(CMIN), v.i32x4MinS]),
      set(CARG, [v.constI32x4([k + 1, k + 1, k + 1, k + 1]), get(CARG), get(LT), v.bitselect]),
    ]),
    set(CARG, [get(CARG), get(I), v.i32x4Splat, v.i32x4Add]),
    set(CB, [get(PCOL), v.load(16 * g)]),
    set(LT, [get(CMIN), get(CB), v.i32x4LtS]),
    [get(PCOL), get(CMIN), get(CB), v.i32x4MinS, v.store(16 * g)],
    [get(PARG), get(CARG), get(PARG), v.load(16 * g), get(LT), v.bitselect, v.store(16 * g)],
  ];

  /** While at least r rows remain: rows i…i+r−1 against every target group, per-lane results stored, i += r. */
  const pass = (r: number): Code => {
    const rs = R.slice(0, r);
    return op.block(op.loop(
      [add(get(I), op.i32Const(r)), get(R1), op.i32GtU, op.brIf(1)],
      rs.map((x, k) => [
        set(x.pa, addr(get(SRC), [add(get(I), op.i32Const(k)), op.i32Const(pairs), op.i32Mul], 2)),
        set(x.na, [addr(get(NA), add(get(I), op.i32Const(k)), 2), v.load32Splat()]),
        set(x.b1, v.constI32x4([NONE, NONE, NONE, NONE])),
        set(x.b2, v.constI32x4([NONE, NONE, NONE, NONE])),
        set(x.idx, v.constI32x4([0, 1, 2, 3])),
      ]),
      set(JV, v.constI32x4([0, 1, 2, 3])),
      set(PB, get(TGT)), set(PNB, get(NB)), set(PCOL, get(COL_BEST)), set(PARG, get(COL_ARG)),
      set(G, op.i32Const(0)),
      op.block(op.loop(
        [get(G), get(GROUPS), op.i32GeU, op.brIf(1)],
        dots(rs),
        TW.map((_, g) => [
          set(NBV, [get(PNB), v.load(16 * g)]),
          rs.map((x) => rowUpdate(x, g)),
          columnUpdate(rs, g),
          set(JV, [get(JV), v.constI32x4([4, 4, 4, 4]), v.i32x4Add]),
        ]),
        inc(PB, wide * groupBytes), inc(PNB, 16 * wide), inc(PCOL, 16 * wide), inc(PARG, 16 * wide), inc(G, wide),
        op.br(0),
      )),
      rs.map((x, k) => [
        [addr(get(OUT_B1), add(get(I), op.i32Const(k)), 4), get(x.b1), v.store()],
        [addr(get(OUT_B2), add(get(I), op.i32Const(k)), 4), get(x.b2), v.store()],
        [addr(get(OUT_IDX), add(get(I), op.i32Const(k)), 4), get(x.idx), v.store()],
      ]),
      inc(I, r),
      op.br(0),
    ));
  };

  return { params: PARAMS, locals: types, body: [set(I, get(R0)), block > 1 ? pass(block) : [], pass(1)] as Code };
}

/**
 * The module's bytes for descriptors of `pairs` int16 pairs (⌈D/2⌉), `block` rows per pass and `wide` target
 * groups per step (`groups` must then be a multiple of `wide`); deterministic.
 */
export function int16ModuleBytes(pairs: number, block = BLOCK, wide = WIDE): Uint8Array {
  if (!Number.isInteger(pairs) || pairs < 1) throw new RangeError(`pairs must be a positive integer, got ${pairs}`);
  return encodeModule([{ name: 'nn', ...kernel(pairs, block, wide) }]);
}
