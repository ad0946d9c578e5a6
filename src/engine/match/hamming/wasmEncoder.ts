/**
 * A minimal WebAssembly binary encoder: only the sections and opcodes the popcount kernel needs, so the
 * kernel's source of truth is readable TypeScript (popcountModule.ts) and its bytes are reproduced by running
 * it, with no toolchain or npm dependency.
 * Ref: WebAssembly Core Specification 2.0, §5 "Binary Format" (https://webassembly.github.io/spec/core/binary/).
 */

/** An instruction sequence: bytes, possibly nested for readability (flattened when the module is built). */
export type Code = number | Code[];

/** Unsigned LEB128 (§5.2.2), for sizes, counts, indices and memory offsets. */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`uleb needs a non-negative integer, got ${n}`);
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (§5.2.2), for i32.const. */
export function sleb32(n: number): number[] {
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new RangeError(`sleb32 needs an int32, got ${n}`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export const I32 = 0x7f;
export const I64 = 0x7e;
/** The empty block type (§5.4.1): a block, loop or if that leaves nothing on the stack. */
const VOID = 0x40;

/** The instructions used (§5.4), named as in the text format. */
export const op = {
  block: (...body: Code[]): Code => [0x02, VOID, body, 0x0b],
  loop: (...body: Code[]): Code => [0x03, VOID, body, 0x0b],
  if: (then: Code[], otherwise?: Code[]): Code => (otherwise ? [0x04, VOID, then, 0x05, otherwise, 0x0b] : [0x04, VOID, then, 0x0b]),
  br: (depth: number): Code => [0x0c, uleb(depth)],
  brIf: (depth: number): Code => [0x0d, uleb(depth)],
  localGet: (i: number): Code => [0x20, uleb(i)],
  localSet: (i: number): Code => [0x21, uleb(i)],
  localTee: (i: number): Code => [0x22, uleb(i)],
  /** Loads and stores take (align as log2 bytes, offset); align is a hint only. */
  i32Load: [0x28, 2, 0] as Code,
  i64Load: [0x29, 3, 0] as Code,
  /** i64.load at a constant byte offset from the address on the stack. */
  i64LoadAt: (offset: number): Code => [0x29, 3, uleb(offset)],
  i32Store: [0x36, 2, 0] as Code,
  /** (a, b, c) → c ? a : b, without a branch. */
  select: 0x1b,
  i32Const: (n: number): Code => [0x41, sleb32(n)],
  i64Const0: [0x42, 0] as Code,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  i64Popcnt: 0x7b,
  i64Add: 0x7c,
  i64Xor: 0x85,
  i32WrapI64: 0xa7,
} as const;

export interface FuncDef {
  name: string;
  /** Number of i32 parameters (every function here takes only i32 byte offsets and counts). */
  params: number;
  /** Extra locals after the parameters, by type, in order. */
  locals: number[];
  body: Code;
}

function flat(c: Code): number[] {
  return typeof c === 'number' ? [c] : c.flatMap(flat);
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(s: string): number[] {
  const bytes = [...s].map((ch) => ch.charCodeAt(0));
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module with one exported, growable memory ("memory", 1 page to start) and the given functions exported
 * by name; every function has type (i32 × params) → ().
 */
export function encodeModule(funcs: FuncDef[]): Uint8Array {
  const paramCounts = [...new Set(funcs.map((f) => f.params))];
  const types = paramCounts.map((p) => [0x60, ...vec(Array.from({ length: p }, () => [I32])), 0]);
  const code = funcs.map((f) => {
    // Locals are declared as runs of one type (§5.5.13).
    const runs: number[][] = [];
    for (const t of f.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    const body = [...vec(runs.map(([count, t]) => [...uleb(count), t])), ...flat(f.body), 0x0b];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs.map((f) => uleb(paramCounts.indexOf(f.params))))),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(code)),
  ]);
}
