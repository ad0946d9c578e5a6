import { describe, expect, it } from 'vitest';
import { hamming, popcount32 } from './hamming';
import { mulberry32 } from '../../core/random';

const naive = (v: number) => { let c = 0; for (let b = 0; b < 32; b++) c += (v >>> b) & 1; return c; };

describe('popcount and Hamming distance', () => {
  it('agrees with a bit-by-bit count on edge words and 10 000 random ones', () => {
    for (const v of [0, 1, 0x80000000, 0xffffffff, 0x55555555, 0xaaaaaaaa, 0x0f0f0f0f, 0x7fffffff]) expect(popcount32(v)).toBe(naive(v));
    const rnd = mulberry32(7);
    for (let n = 0; n < 10000; n++) {
      const v = Math.floor(rnd() * 2 ** 32) >>> 0;
      expect(popcount32(v)).toBe(naive(v));
    }
  });

  it('counts differing bits between rows of packed descriptors', () => {
    const rnd = mulberry32(3);
    const A = Uint32Array.from({ length: 3 * 16 }, () => Math.floor(rnd() * 2 ** 32));
    const B = Uint32Array.from({ length: 2 * 16 }, () => Math.floor(rnd() * 2 ** 32));
    for (let a = 0; a < 3; a++) for (let b = 0; b < 2; b++) {
      let d = 0;
      for (let w = 0; w < 16; w++) d += naive((A[a * 16 + w] ^ B[b * 16 + w]) >>> 0);
      expect(hamming(A, a, B, b, 16)).toBe(d);
    }
    expect(hamming(A, 1, A, 1, 16)).toBe(0);
    const C = new Uint32Array(16).fill(0xffffffff);
    expect(hamming(C, 0, new Uint32Array(16), 0, 16)).toBe(512);
  });
});
