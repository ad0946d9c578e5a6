/**
 * The fixed-width SIMD instructions the int16 kernel needs, for wasmEncoder.ts (which carries only the
 * scalar ones): each is the 0xFD prefix, the opcode as unsigned LEB128, then any immediates.
 * Ref: WebAssembly Core Specification 2.0, §5.4.8 "Vector Instructions" (opcode table) and §4.4.3
 * (i32x4.dot_i16x8_s: lane i = a[2i]·b[2i] + a[2i+1]·b[2i+1], 16-bit signed products summed in 32 bits).
 */
import { uleb, type Code } from '../hamming/wasmEncoder';

/** The value type v128 (§5.3.1), for locals. */
export const V128 = 0x7b;

const simd = (opcode: number, ...imm: number[]): Code => [0xfd, uleb(opcode), imm];
/** memarg: alignment as log2 bytes (a hint only), then a constant byte offset. */
const mem = (opcode: number, alignLog2: number) => (offset = 0): Code => simd(opcode, alignLog2, ...uleb(offset));

export const v = {
  /** v128.load at a constant byte offset from the address on the stack. */
  load: mem(0x00, 4),
  /** Loads 32 bits and copies them into all four lanes: a pair of int16 source dims, ready for the dot. */
  load32Splat: mem(0x09, 2),
  store: mem(0x0b, 4),
  /** v128.const of four int32 lanes (little-endian, lane 0 first). */
  constI32x4: (lanes: readonly [number, number, number, number]): Code => simd(0x0c, ...lanes.flatMap((x) => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff])),
  i32x4Splat: simd(0x11),
  i32x4LtS: simd(0x39),
  /** (a, b, mask) → (a & mask) | (b & ~mask). */
  bitselect: simd(0x52),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  i32x4Sub: simd(0xb1),
  i32x4MinS: simd(0xb6),
  i32x4MaxS: simd(0xb8),
  i32x4DotI16x8S: simd(0xba),
} as const;
