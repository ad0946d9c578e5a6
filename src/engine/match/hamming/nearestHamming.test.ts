import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { mulberry32 } from '../../core/random';
import { tf, type Tensor2D } from '../../tf';
import { nearestNeighbours, type NearestResult } from '../nearest';
import { nearestNeighboursHamming } from './nearestHamming';
import { packBits } from './pack';
import { popcountModuleBytes } from './popcountModule';
import { wasmRowSearch } from './searchRows';
import { sleb32, uleb } from './wasmEncoder';

const plain = (r: NearestResult) => ({ index: Array.from(r.index), sqDist1: Array.from(r.sqDist1), sqDist2: Array.from(r.sqDist2), reverseIndex: Array.from(r.reverseIndex) });

/**
 * 0/1 rows with many ties: each row is one of 4 prototypes with up to two bits flipped (none in over half), so rows
 * repeat exactly and many targets lie at the same distance from a row.
 */
function tiedBits(rows: number, dim: number, seed: number): Float32Array {
  // The prototypes depend on `dim` only, so a source and a target set share them.
  const shared = mulberry32(dim);
  const protos = Array.from({ length: 4 }, () => Array.from({ length: dim }, () => (shared() < 0.5 ? 1 : 0)));
  const rand = mulberry32(seed);
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const p = protos[Math.floor(rand() * 4)];
    const flips = rand() < 0.5 ? 0 : Math.floor(rand() * 3);
    for (let k = 0; k < dim; k++) out[r * dim + k] = p[k];
    for (let f = 0; f < flips; f++) {
      const k = Math.floor(rand() * dim);
      out[r * dim + k] = 1 - out[r * dim + k];
    }
  }
  return out;
}

describe('the WebAssembly module and its encoder', () => {
  it('encodes LEB128 as the spec examples and builds a valid, deterministic module', () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0)).toEqual([0]);
    expect(sleb32(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb32(0x7fffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(sleb32(-1)).toEqual([0x7f]);
    const bytes = popcountModuleBytes();
    // @types/node declares WebAssembly's types only; the value is Node's global.
    const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(bytes)).toBe(true);
    expect(Array.from(popcountModuleBytes())).toEqual(Array.from(bytes));
  });
});

describe('packBits', () => {
  it('puts bit k in half ⌊k/32⌋ at bit k mod 32, pads to whole 64-bit words, and refuses non-bits', () => {
    const row = new Float32Array(65);
    for (const k of [0, 31, 32, 63, 64]) row[k] = 1;
    const p = packBits(row, 1, 65);
    expect(p.words).toBe(2);
    expect(Array.from(p.data)).toEqual([0x80000001, 0x80000001, 1, 0]);
    expect(packBits(new Float32Array(0), 0, 48).data.length).toBe(0);
    expect(() => packBits(Float32Array.of(0, 0.5), 1, 2)).toThrow(/row 0, bit 1 is 0.5/);
    expect(() => packBits(Float32Array.of(0, 1, 1), 1, 2)).toThrow(RangeError);
    for (const bad of [NaN, Infinity, -Infinity, -1, 2, 1e-7]) expect(() => packBits(Float32Array.of(1, bad), 1, 2)).toThrow(/bit 1 is/);
    expect(Array.from(packBits(Float32Array.of(-0, 1), 1, 2).data)).toEqual([2, 0]);
  });
});

describe.each(NODE_BACKENDS)('popcount nearest neighbour against the matMul search on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('a known-answer toy across a word boundary (D = 65)', async () => {
    const bits = (...set: number[]) => Array.from({ length: 65 }, (_, k) => (set.includes(k) ? 1 : 0));
    // Targets: t0 = {}, t1 = {64}, t2 = {0, 64}, t3 = {0, 64} again (a duplicate: ties go to t2).
    const tgt = tf.tensor2d([bits(), bits(64), bits(0, 64), bits(0, 64)]) as Tensor2D;
    // s0 = {64}: t1 at 0, then t0 and t2 at 1 (second = 1). s1 = {0, 63, 64}: t2 at 1, t3 ties at 1.
    // s2 = {}: t0 at 0. Per target: t0 ← s2 (0); t1 ← s0 (0); t2, t3 ← s0 and s1 tie at 1, so s0.
    const src = tf.tensor2d([bits(64), bits(0, 63, 64), bits()]) as Tensor2D;
    for (const kernel of ['auto', 'js'] as const) {
      const r = await nearestNeighboursHamming(src, tgt, { kernel });
      expect(r.kernel).toBe(kernel === 'js' ? 'popcount-js' : 'popcount-wasm');
      expect(plain(r)).toEqual({ index: [1, 2, 0], sqDist1: [0, 1, 0], sqDist2: [1, 1, 1], reverseIndex: [2, 0, 0, 0] });
    }
    tf.dispose([src, tgt]);
  });

  // 1 word (nn1), 2, 4 and 8 words (unrolled nn2, nn4, nn8), 3 and 10 words (the word loop nnW).
  const dims = [1, 48, 63, 64, 65, 130, 256, 512, 600];
  const sizes: [number, number][] = [[1, 1], [1, 37], [37, 1], [150, 130]];
  it.each(dims)('is identical to nearestNeighbours for D = %i, N and M in {1, 37, 130, 150}, in chunks of any size', async (dim) => {
    for (const [n, m] of sizes) {
      const a = tf.tensor2d(tiedBits(n, dim, 10 * dim + n), [n, dim]) as Tensor2D;
      const b = tf.tensor2d(tiedBits(m, dim, 10 * dim + m + 1), [m, dim]) as Tensor2D;
      const expected = plain(await nearestNeighbours(a, b));
      // One source row per chunk exercises merging each target's best row across chunks.
      const runs = [{ kernel: 'auto' as const }, { kernel: 'js' as const }, { kernel: 'auto' as const, chunkWordPairs: 1 }, { kernel: 'js' as const, chunkWordPairs: 1 }];
      for (const opts of runs) {
        const leaked = await leakedTensors(async () => expect(plain(await nearestNeighboursHamming(a, b, opts))).toEqual(expected));
        expect(leaked).toBe(0);
      }
      // The data has ties: some row's best and second-best are equal whenever M > 1.
      if (m > 1) expect(expected.sqDist1.some((v, i) => v === expected.sqDist2[i])).toBe(true);
      tf.dispose([a, b]);
    }
  });

  it('gives the same result for any number of source rows per pass of the WebAssembly kernel', async () => {
    for (const dim of [48, 65, 130]) {
      const a = tf.tensor2d(tiedBits(37, dim, 5), [37, dim]) as Tensor2D;
      const b = tf.tensor2d(tiedBits(130, dim, 6), [130, dim]) as Tensor2D;
      const expected = plain(await nearestNeighbours(a, b));
      const src = packBits(await a.data(), 37, dim);
      const tgt = packBits(await b.data(), 130, dim);
      for (const block of [1, 2, 3, 5, 8]) {
        const search = wasmRowSearch(src, tgt, block)!;
        search.run(0, 20);
        search.run(20, 37);
        expect(plain(search.result())).toEqual(expected);
      }
      tf.dispose([a, b]);
    }
  });

  it('reports progress per chunk, honours a cancelled signal and refuses mismatched or empty sets', async () => {
    const a = tf.tensor2d(tiedBits(20, 48, 1), [20, 48]) as Tensor2D;
    const b = tf.tensor2d(tiedBits(10, 48, 2), [10, 48]) as Tensor2D;
    const fractions: number[] = [];
    await nearestNeighboursHamming(a, b, { chunkWordPairs: 50, onProgress: (f) => fractions.push(f) });
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
    await expect(nearestNeighboursHamming(a, b, { signal: { aborted: true } })).rejects.toThrow('cancelled');
    const c = tf.zeros([3, 47]) as Tensor2D;
    await expect(nearestNeighboursHamming(a, c)).rejects.toThrow(/dims differ/);
    const e = tf.zeros([0, 48]) as Tensor2D;
    await expect(nearestNeighboursHamming(e, b)).rejects.toThrow(/at least one/);
    tf.dispose([a, b, c, e]);
  });
});
