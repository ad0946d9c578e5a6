/**
 * Mulberry32 (Tommy Ettinger's 32-bit generator): a tiny deterministic PRNG, so sampling patterns
 * (BRIEF's tests, DASC's pairs) and test fixtures are the same on every machine and backend.
 * Returns a function giving uniform numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
