import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { mulberry32 } from '../../core/random';
import { tf, type Tensor2D } from '../../tf';
import { nearestNeighbours, type NearestResult } from '../nearest';
import { nearestNeighboursInt16 } from './nearestInt16';
import { int16ModuleBytes, NONE } from './int16Module';
import { int16Scale, quantizePair, R_MAX } from './quantize';
import { wasmInt16Search } from './searchRows';

const plain = (r: NearestResult) => ({ index: Array.from(r.index), sqDist1: Array.from(r.sqDist1), sqDist2: Array.from(r.sqDist2), reverseIndex: Array.from(r.reverseIndex) });

/**
 * Small signed integers with many ties: each row is one of 4 prototypes (entries −3…3) with up to two entries
 * moved by ±1 (none in over half), so rows repeat exactly and many targets lie at the same distance.
 */
function tiedInts(rows: number, dim: number, seed: number): Float32Array {
  const shared = mulberry32(dim);
  const protos = Array.from({ length: 4 }, () => Array.from({ length: dim }, () => Math.floor(shared() * 7) - 3));
  const rand = mulberry32(seed);
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const p = protos[Math.floor(rand() * 4)];
    const moves = rand() < 0.5 ? 0 : Math.floor(rand() * 3);
    for (let k = 0; k < dim; k++) out[r * dim + k] = p[k];
    for (let f = 0; f < moves; f++) out[r * dim + Math.floor(rand() * dim)] += rand() < 0.5 ? -1 : 1;
  }
  return out;
}

const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

describe('int16 quantisation and module', () => {
  it('picks a power-of-two scale that keeps every row norm within R_MAX, and a valid deterministic module', () => {
    // Unit vectors: 2^14 for 128-D and 200-D (23164 and 23163 ≥ 16384 > 11582).
    expect(int16Scale(1, 128)).toBe(16384);
    expect(int16Scale(1, 200)).toBe(16384);
    expect(int16Scale(0, 8)).toBe(1);
    expect(int16Scale(1000, 8)).toBe(16);
    expect(4 * R_MAX * R_MAX).toBeLessThan(NONE);
    // The worst case: every entry the same sign and as large as the scale allows.
    const dim = 200;
    const a = new Float32Array(dim).fill(1 / Math.sqrt(dim));
    const b = Float32Array.from(a, (x) => -x);
    const q = quantizePair(a, 1, b, 1, dim, NONE);
    expect(q.na[0]).toBeLessThanOrEqual(R_MAX * R_MAX);
    expect(() => quantizePair(Float32Array.of(1, NaN), 1, Float32Array.of(1, 2), 1, 2, NONE)).toThrow(/source row 0 has a NaN/);
    for (const pairs of [1, 4, 38, 100]) for (const wide of [1, 2]) expect(wasm.validate(int16ModuleBytes(pairs, 4, wide))).toBe(true);
    expect(Array.from(int16ModuleBytes(38))).toEqual(Array.from(int16ModuleBytes(38)));
  });
});

describe.each(NODE_BACKENDS)('int16 nearest neighbour against the float32 matMul search on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('does not overflow int32 at the bound: opposite rows with ‖q‖ ≈ R_MAX give d² = 4‖q‖² exactly', async () => {
    // Entries 2047/2^14 quantise exactly at s = 2^14 (the scale chosen for norm 1.4135), ‖q‖² = 128·2047² ≈ 23159²,
    // so d² = 4‖q‖² = 2 145 387 008, within 0.1 % of 2^31 − 1.
    const dim = 128;
    const e = 2047 / 16384;
    const a = tf.tensor2d(new Float32Array(dim).fill(e), [1, dim]) as Tensor2D;
    const b = tf.tensor2d(new Float32Array(2 * dim).map((_, k) => (k < dim ? -e : e)), [2, dim]) as Tensor2D;
    for (const kernel of ['auto', 'js'] as const) {
      const r = await nearestNeighboursInt16(a, b, { kernel });
      expect(plain(r)).toEqual({ index: [1], sqDist1: [0], sqDist2: [Math.fround((4 * dim * 2047 ** 2) / 2 ** 28)], reverseIndex: [0, 0] });
    }
    tf.dispose([a, b]);
  });

  it('a known-answer toy with ties and one padding lane (M = 3)', async () => {
    const tgt = tf.tensor2d([[0, 0, 0], [1, 0, 0], [1, 0, 0]]) as Tensor2D;
    // s0 = (1,0,1): t1 and t2 tie at 1 (t1 wins, second 1). s1 = (0,0,0): t0 at 0, second 1. s2 = (1,0,0): t1 at 0, t2 ties.
    const src = tf.tensor2d([[1, 0, 1], [0, 0, 0], [1, 0, 0]]) as Tensor2D;
    for (const kernel of ['auto', 'js'] as const) {
      const r = await nearestNeighboursInt16(src, tgt, { kernel });
      expect(r.kernel).toBe(kernel === 'js' ? 'int16-js' : 'int16-wasm');
      expect(plain(r)).toEqual({ index: [1, 0, 1], sqDist1: [1, 0, 0], sqDist2: [1, 1, 0], reverseIndex: [1, 2, 2] });
    }
    tf.dispose([src, tgt]);
  });

  const dims = [1, 7, 8, 9, 75, 128, 200];
  const sizes: [number, number][] = [[1, 1], [1, 37], [37, 1], [150, 130]];
  it.each(dims)('is identical to nearestNeighbours on integer descriptors for D = %i, N and M in {1, 37, 130, 150}', async (dim) => {
    for (const [n, m] of sizes) {
      const a = tf.tensor2d(tiedInts(n, dim, 10 * dim + n), [n, dim]) as Tensor2D;
      const b = tf.tensor2d(tiedInts(m, dim, 10 * dim + m + 1), [m, dim]) as Tensor2D;
      const expected = plain(await nearestNeighbours(a, b));
      // One source row per chunk exercises merging each target's best row across chunks.
      const runs = [{ kernel: 'auto' as const }, { kernel: 'js' as const }, { kernel: 'auto' as const, chunkMacs: 1 }, { kernel: 'js' as const, chunkMacs: 1 }];
      for (const opts of runs) {
        const leaked = await leakedTensors(async () => expect(plain(await nearestNeighboursInt16(a, b, opts))).toEqual(expected));
        expect(leaked).toBe(0);
      }
      if (m > 1) expect(expected.sqDist1.some((v, i) => v === expected.sqDist2[i])).toBe(true);
      tf.dispose([a, b]);
    }
  });

  it('gives the same result for any number of source rows per pass and target groups per step of the WebAssembly kernel', async () => {
    for (const dim of [7, 75]) {
      const a = await tiedInts(37, dim, 5);
      const b = await tiedInts(130, dim, 6);
      const ta = tf.tensor2d(a, [37, dim]) as Tensor2D;
      const tb = tf.tensor2d(b, [130, dim]) as Tensor2D;
      const expected = plain(await nearestNeighbours(ta, tb));
      for (const wide of [1, 2, 3]) {
        const q = quantizePair(a, 37, b, 130, dim, NONE, wide);
        for (const block of [1, 2, 3, 5, 8]) {
          const search = wasmInt16Search(q, block, wide)!;
          search.run(0, 20);
          search.run(20, 37);
          expect(plain(search.result())).toEqual(expected);
        }
      }
      expect(() => wasmInt16Search(quantizePair(a, 37, b, 130, dim, NONE, 1), 4, 2)).toThrow(/33 target groups are not a multiple of 2/);
      tf.dispose([ta, tb]);
    }
  });

  it('reports progress per chunk, honours a cancelled signal and refuses mismatched or empty sets', async () => {
    const a = tf.tensor2d(tiedInts(20, 8, 1), [20, 8]) as Tensor2D;
    const b = tf.tensor2d(tiedInts(10, 8, 2), [10, 8]) as Tensor2D;
    const fractions: number[] = [];
    // 10 targets × 8 dims = 80 MACs per row: 400 MACs is 5 rows a chunk.
    await nearestNeighboursInt16(a, b, { chunkMacs: 400, onProgress: (f) => fractions.push(f) });
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
    await expect(nearestNeighboursInt16(a, b, { signal: { aborted: true } })).rejects.toThrow('cancelled');
    const c = tf.zeros([3, 7]) as Tensor2D;
    await expect(nearestNeighboursInt16(a, c)).rejects.toThrow(/dims differ/);
    const e = tf.zeros([0, 8]) as Tensor2D;
    await expect(nearestNeighboursInt16(e, b)).rejects.toThrow(/at least one/);
    tf.dispose([a, b, c, e]);
  });
});
