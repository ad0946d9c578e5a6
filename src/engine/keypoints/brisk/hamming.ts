/**
 * Hamming distance between packed binary descriptors by population count (the operation BRISK, BRIEF and
 * ORB are built for: Leutenegger et al., ICCV 2011, §3.2 "matching two BRISK descriptors is a simple
 * computation of their Hamming distance").
 * Ref: the SWAR popcount of "Bit Twiddling Hacks" (S. E. Anderson), counting bits in 2-, 4-, 8-bit lanes.
 */

/** Number of set bits of a 32-bit word (0…32); `v` is taken as uint32. */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * Hamming distance between descriptor `a` of set A and descriptor `b` of set B, both (N, words) uint32
 * row-major with `words` words per descriptor. Returns 0…32·words.
 */
export function hamming(A: Uint32Array, a: number, B: Uint32Array, b: number, words: number): number {
  let d = 0;
  const oa = a * words;
  const ob = b * words;
  for (let w = 0; w < words; w++) d += popcount32(A[oa + w] ^ B[ob + w]);
  return d;
}
