/**
 * Custom WebGPU kernels (WGSL) for dense nearest neighbour of binary descriptors by popcount, run through
 * tfjs-backend-webgpu's own program runner so they share its device, buffers and queue.
 *
 * Why: on webgpu a Hamming search through tfjs is a float matMul over 0/1 entries (one multiply-add per bit)
 * followed by topk/argMax, whose ties do not promise the lowest index; counting bits of 32-bit words
 * (`countOneBits(a ^ b)`) does 32 bits per operation and breaks every tie to the lower index, so the result
 * is the wasm/cpu popcount search's (match/hamming/), bit for bit. One invocation per source row (best,
 * second best) and one per target row (best source row); no distance tile exists.
 *
 * Only types are imported from the webgpu package: the backend object comes from tfjs at run time, so this
 * file loads in Node too (where it is never called).
 */
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { tf } from '../index';

const WORKGROUP = 64;
/** Invocations per dispatch along x; larger counts go on to y (WebGPU allows 65535 workgroups per dimension). */
const MAX_GROUPS_X = 65535;

/** Bits packed as in match/hamming/pack.ts: `halves` 32-bit words per row. */
export interface PackedRows {
  readonly rows: number;
  readonly halves: number;
  readonly data: Uint32Array;
}

function dispatchFor(invocations: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(invocations / WORKGROUP));
  return groups <= MAX_GROUPS_X ? [groups, 1, 1] : [MAX_GROUPS_X, Math.ceil(groups / MAX_GROUPS_X), 1];
}

/** The Hamming distance of row `i` of A and row `j` of B, `H` words each, as WGSL. */
const distanceFn = (halves: number) => `
      fn hamming(i : i32, j : i32) -> i32 {
        var d = 0;
        for (var h = 0; h < ${halves}; h = h + 1) {
          d = d + countOneBits(A[i * ${halves} + h] ^ B[j * ${halves} + h]);
        }
        return d;
      }`;

/** Source rows r0 … r0 + count − 1 against every target row: (count, 3) int32 best index, best, second (−1: none). */
function rowsProgram(count: number, targets: number, halves: number): WebGPUProgram {
  return {
    variableNames: ['A', 'B'],
    outputShape: [count * 3],
    shaderKey: `matchscopeHammingRows_${halves}_${targets}`,
    dispatchLayout: { x: [0] },
    dispatch: dispatchFor(count),
    workgroupSize: [WORKGROUP, 1, 1],
    uniforms: 'r0 : i32, count : i32,',
    getUserCode: () => `${distanceFn(halves)}
      fn main(index : i32) {
        if (index >= uniforms.count) { return; }
        let i = uniforms.r0 + index;
        var best = 0;
        var d1 = 2147483647;
        var d2 = 2147483647;
        for (var j = 0; j < ${targets}; j = j + 1) {
          let d = hamming(i, j);
          // Strictly smaller only: among equals the lower index stays best (nearest.ts's tie rule).
          if (d < d2) {
            if (d < d1) { d2 = d1; d1 = d; best = j; } else { d2 = d; }
          }
        }
        result[index * 3] = best;
        result[index * 3 + 1] = d1;
        result[index * 3 + 2] = select(d2, -1, d2 == 2147483647);
      }`,
  };
}

/** Every target row against every source row: (M) int32, the best source row (lowest index among ties). */
function columnsProgram(sources: number, targets: number, halves: number): WebGPUProgram {
  return {
    variableNames: ['A', 'B'],
    outputShape: [targets],
    shaderKey: `matchscopeHammingColumns_${halves}_${sources}_${targets}`,
    dispatchLayout: { x: [0] },
    dispatch: dispatchFor(targets),
    workgroupSize: [WORKGROUP, 1, 1],
    getUserCode: () => `${distanceFn(halves)}
      fn main(index : i32) {
        // Read through the uniforms, not a constant: a shader that never uses them gets a bind group layout
        // without their binding, which tfjs's runner binds anyway (an invalid bind group, and zeros out).
        if (index >= uniforms.outShape) { return; }
        var best = 0;
        var dBest = 2147483647;
        for (var i = 0; i < ${sources}; i = i + 1) {
          let d = hamming(i, index);
          if (d < dBest) { dBest = d; best = i; }
        }
        result[index] = best;
      }`,
  };
}

/** The two packed sets on the GPU, as int32 (WGSL's countOneBits and ^ work on i32 alike). */
export interface GpuBits {
  a: tf.Tensor1D;
  b: tf.Tensor1D;
  src: PackedRows;
  tgt: PackedRows;
}

export function uploadBits(src: PackedRows, tgt: PackedRows): GpuBits {
  if (src.halves !== tgt.halves) throw new RangeError(`packed widths differ: ${src.halves} vs ${tgt.halves} words`);
  const asInt = (p: PackedRows) => tf.tensor1d(new Int32Array(p.data.buffer, p.data.byteOffset, p.data.length), 'int32');
  return { a: asInt(src), b: asInt(tgt), src, tgt };
}

function run(program: WebGPUProgram, g: GpuBits, uniforms?: number[]): tf.Tensor {
  const backend = tf.backend() as unknown as WebGPUBackend;
  if (tf.getBackend() !== 'webgpu' || typeof backend.runWebGPUProgram !== 'function') throw new Error('the WGSL Hamming kernels need the webgpu backend');
  const info = backend.runWebGPUProgram(program, [g.a, g.b], 'int32', uniforms?.map((v) => ({ type: 'int32', data: [v] })));
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** Source rows r0 … r1 − 1: best target, best and second distance (second −1 when there is one target). */
export async function hammingRowsWebgpu(g: GpuBits, r0: number, r1: number): Promise<Int32Array> {
  const out = run(rowsProgram(r1 - r0, g.tgt.rows, g.src.halves), g, [r0, r1 - r0]);
  try {
    return (await out.data()) as Int32Array;
  } finally {
    out.dispose();
  }
}

/** For every target row, its best source row. */
export async function hammingColumnsWebgpu(g: GpuBits): Promise<Int32Array> {
  const out = run(columnsProgram(g.src.rows, g.tgt.rows, g.src.halves), g);
  try {
    return (await out.data()) as Int32Array;
  } finally {
    out.dispose();
  }
}
