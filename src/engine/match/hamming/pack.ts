/**
 * Binary descriptors (census, BRIEF) are stored as 0/1 float32 so that every descriptor shares one map
 * format and one matMul search; the popcount search wants the same bits packed 64 to a word.
 */

export interface PackedBits {
  readonly rows: number;
  /** Bits per row (the descriptor's D). */
  readonly dim: number;
  /** 64-bit words per row, ⌈D/64⌉; unused high bits are 0 in every row, so they never differ. */
  readonly words: number;
  /**
   * (rows, 2·words) uint32: each 64-bit word as its low then high half, which is the little-endian layout of
   * an i64 in WebAssembly memory. Bit k of a row is bit k mod 32 of half ⌊k/32⌋.
   */
  readonly data: Uint32Array;
}

/**
 * In: `values` (rows, dim) row-major, every entry exactly 0 or 1 (a Hamming descriptor's bits).
 * Throws a RangeError naming the first entry that is not, since its distances would differ from ‖a − b‖².
 */
export function packBits(values: ArrayLike<number>, rows: number, dim: number): PackedBits {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(dim) || dim < 1) throw new RangeError(`packBits needs rows ≥ 0 and dim ≥ 1, got (${rows}, ${dim})`);
  if (values.length !== rows * dim) throw new RangeError(`packBits: ${values.length} values are not (${rows}, ${dim})`);
  const words = Math.ceil(dim / 64);
  const halves = 2 * words;
  const data = new Uint32Array(rows * halves);
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    for (let h = 0; h < halves; h++) {
      const k0 = 32 * h;
      const k1 = Math.min(dim, k0 + 32);
      let word = 0;
      for (let k = k0; k < k1; k++) {
        const v = values[base + k];
        // v·(1 − v) is 0 exactly for 0 and 1 (NaN and ±∞ give NaN or −∞): one branch that is never taken,
        // where `v === 1` would be mispredicted on half of a descriptor's bits.
        if (v * (1 - v) !== 0) throw new RangeError(`packBits: row ${r}, bit ${k} is ${v}; a Hamming descriptor's entries must be 0 or 1`);
        word |= v << (k - k0);
      }
      data[r * halves + h] = word;
    }
  }
  return { rows, dim, words, data };
}
