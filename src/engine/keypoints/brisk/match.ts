/**
 * Matching BRISK descriptors: exhaustive nearest neighbour in Hamming distance over the packed words
 * (Leutenegger et al., ICCV 2011, §3.2), with Lowe's ratio test on the distances and the mutual check, as
 * the SIFT keypoint matching does (matchKeypoints.ts). Plain typed arrays: 16 XOR + popcount per pair is
 * cheaper in JS than moving bits to a tensor backend.
 */
import type { MatchSet } from '../../match/matchPair';
import { popcount32 } from './hamming';
import { BRISK_WORDS } from './descriptor';

export interface BriskSet {
  x: Float32Array;
  y: Float32Array;
  /** (N, 16) uint32 packed descriptors. */
  descriptors: Uint32Array;
}

/** For each row of A: nearest and second-nearest row of B by Hamming distance (−1 / 513 when B is too small). */
export function hammingNearest(Au: Uint32Array, Bu: Uint32Array): { index: Int32Array; d1: Uint16Array; d2: Uint16Array } {
  const W = BRISK_WORDS;
  // Int32 views: the same bits, but loads stay small integers for V8 (uint32 ≥ 2³¹ would be boxed doubles).
  const A = new Int32Array(Au.buffer, Au.byteOffset, Au.length);
  const B = new Int32Array(Bu.buffer, Bu.byteOffset, Bu.length);
  const n = A.length / W, m = B.length / W;
  const index = new Int32Array(n).fill(-1);
  const d1 = new Uint16Array(n).fill(513);
  const d2 = new Uint16Array(n).fill(513);
  for (let i = 0; i < n; i++) {
    const oa = i * W;
    let b1 = 513, b2 = 513, bi = -1;
    for (let j = 0; j < m; j++) {
      let ob = j * W;
      let d = 0;
      // Four words at a time, stopping once the distance cannot beat the second best.
      for (let w = oa; w < oa + W && d < b2; w += 4, ob += 4) {
        d += popcount32(A[w] ^ B[ob]) + popcount32(A[w + 1] ^ B[ob + 1]) + popcount32(A[w + 2] ^ B[ob + 2]) + popcount32(A[w + 3] ^ B[ob + 3]);
      }
      if (d < b1) { b2 = b1; b1 = d; bi = j; } else if (d < b2) b2 = d;
    }
    index[i] = bi; d1[i] = b1; d2[i] = b2;
  }
  return { index, d1, d2 };
}

/**
 * Matches of `a` in `b`. ratio: keep when d1 < ratio · d2 (null: off); mutual: keep only matches that are
 * also b's nearest in a. Scores are 1 − d / 512 (1 = identical bits), so larger is better as for SIFT.
 */
export function matchBrisk(a: BriskSet, b: BriskSet, opts: { ratio: number | null; mutual: boolean }): MatchSet {
  const n = a.x.length;
  if (a.descriptors.length !== n * BRISK_WORDS || b.descriptors.length !== b.x.length * BRISK_WORDS) throw new RangeError('BRISK descriptors must be (N, 16) uint32 rows, one per keypoint');
  if (opts.ratio !== null && !(opts.ratio > 0 && opts.ratio <= 1)) throw new RangeError(`ratio must be in (0, 1], got ${opts.ratio}`);
  const empty: MatchSet = { x0: new Float32Array(0), y0: new Float32Array(0), x1: new Float32Array(0), y1: new Float32Array(0), score: new Float32Array(0), mutual: new Uint8Array(0), candidates: n };
  if (n === 0 || b.x.length === 0) return empty;
  const ab = hammingNearest(a.descriptors, b.descriptors);
  const ba = hammingNearest(b.descriptors, a.descriptors);
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const mutual = ba.index[ab.index[i]] === i;
    if (opts.mutual && !mutual) continue;
    // With no second neighbour there is nothing to compare against: the ratio test passes.
    if (opts.ratio !== null && ab.d2[i] <= 512 && !(ab.d1[i] < opts.ratio * ab.d2[i])) continue;
    keep.push(i);
  }
  const pick = (f: (i: number) => number) => Float32Array.from(keep, f);
  return {
    x0: pick((i) => a.x[i]),
    y0: pick((i) => a.y[i]),
    x1: pick((i) => b.x[ab.index[i]]),
    y1: pick((i) => b.y[ab.index[i]]),
    score: pick((i) => 1 - ab.d1[i] / 512),
    mutual: Uint8Array.from(keep, (i) => (ba.index[ab.index[i]] === i ? 1 : 0)),
    candidates: n,
  };
}
