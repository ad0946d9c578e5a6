/**
 * Telling "the backend ran out of memory" from other failures, so tiled work can retry with smaller tiles.
 *
 * What each backend actually does when memory runs out (tfjs 4.22, Chromium):
 * - webgpu: `GPUDevice.createBuffer` does not throw; the buffer is invalid and a `GPUOutOfMemoryError`
 *   goes to the device's error scopes (else to `uncapturederror`, where tfjs never looks), and the tile's
 *   numbers are silently wrong. So each tile runs inside `pushErrorScope('out-of-memory')` and the scope's
 *   error, if any, is raised here. A buffer too large to map throws at once: "RangeError: Failed to execute
 *   'createBuffer' on 'GPUDevice': createBuffer failed, size is too large for the implementation when
 *   mappedAtCreation == true" (tensorflow/tfjs#7631).
 * - webgl: tfjs throws "WebGL Error: OUT_OF_MEMORY" (its error checks) or "Requested texture size [w×h]
 *   greater than WebGL maximum on this browser / GPU"; a GPU process that gives up loses the context,
 *   which is device loss, handled elsewhere (deviceLoss.ts).
 * - cpu: V8 throws "RangeError: Array buffer allocation failed" when a typed array cannot be allocated.
 */
import { tf } from './index';

/** A tile's allocation failed for lack of memory. `tileBytes` is the tile that was tried. */
export class OutOfMemoryError extends Error {
  override name = 'OutOfMemoryError';
  constructor(message: string, readonly tileBytes: number) {
    super(message);
  }
}

const OOM_TEXT = [
  /out of memory/i,
  /OUT_OF_MEMORY/,
  /Array buffer allocation failed/,
  /createBuffer failed, size is too large/,
  /greater than WebGL maximum/,
  /Cannot enlarge memory/i,
];

interface GpuErrorCtor {
  new (message: string): { message: string };
}
/** The browser's GPUOutOfMemoryError class (undefined in Node and without WebGPU). */
const gpuOutOfMemoryError = () => (globalThis as { GPUOutOfMemoryError?: GpuErrorCtor }).GPUOutOfMemoryError;

/** True for the errors listed in the header: by class where the backend has one, else by its message. */
export function isOutOfMemoryError(e: unknown): boolean {
  if (e instanceof OutOfMemoryError) return true;
  const gpuOom = gpuOutOfMemoryError();
  if (gpuOom && e instanceof gpuOom) return true;
  const text = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String(e.message) : String(e);
  return OOM_TEXT.some((re) => re.test(text));
}

interface ScopedDevice {
  pushErrorScope(filter: 'out-of-memory'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}

interface PooledBuffer {
  size: number;
  destroy(): void;
}
interface BufferPool {
  freeBuffers?: Map<string, PooledBuffer[]>;
  numFreeBuffers: number;
  numBytesAllocated: number;
}

/**
 * After a GPU out-of-memory error some buffers in tfjs's pool of free buffers may be invalid ones, and tfjs
 * would hand them out again for the next tensor of the same size, whose numbers would then be garbage. So the
 * free pool is emptied (buffers of live tensors are left alone). Ref: BufferManager in tfjs-backend-webgpu.
 */
function dropFreeGpuBuffers(): void {
  const pool = (tf.backend() as unknown as { bufferManager?: BufferPool }).bufferManager;
  if (!pool?.freeBuffers) return;
  for (const list of pool.freeBuffers.values()) {
    for (const b of list.splice(0)) {
      b.destroy();
      pool.numBytesAllocated -= b.size;
      pool.numFreeBuffers--;
    }
  }
}

function webgpuDevice(): ScopedDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: ScopedDevice }).device ?? null;
}

/**
 * A fault injected by a test: the next `count` tiles of at least `minBytes` fail as the active backend
 * would fail (on webgpu the error scope reports a real GPUOutOfMemoryError; elsewhere V8's RangeError).
 */
const injected = { count: 0, minBytes: 0 };

export function injectOutOfMemoryForTest(count: number, minBytes: number): void {
  if (!Number.isInteger(count) || count < 0 || !(minBytes >= 0)) throw new RangeError(`bad fault injection: count ${count}, minBytes ${minBytes}`);
  injected.count = count;
  injected.minBytes = minBytes;
}

/** Takes one injected fault for a tile of `bytes`, if one is armed: the error the backend would give. */
function takeInjected(bytes: number): { message: string } | null {
  if (injected.count <= 0 || bytes < injected.minBytes) return null;
  injected.count--;
  const msg = `Out of memory while allocating a ${bytes}-byte buffer (injected by a test)`;
  const gpuOom = gpuOutOfMemoryError();
  if (tf.getBackend() === 'webgpu' && gpuOom) return new gpuOom(msg);
  return new RangeError(`Array buffer allocation failed (${msg})`);
}

/**
 * Runs one tile's work (`run` allocates about `bytes` on the backend and reads its result back) and raises
 * an OutOfMemoryError if memory ran out during it, whether the backend threw or, on webgpu, only reported
 * it to the error scope. Other errors pass through unchanged.
 */
export async function guardTile<T>(bytes: number, run: () => Promise<T>): Promise<T> {
  const device = webgpuDevice();
  device?.pushErrorScope('out-of-memory');
  let result: T | undefined;
  let thrown: unknown = null;
  try {
    const fault = takeInjected(bytes);
    if (fault && !device) throw fault;
    result = await run();
    if (fault) thrown = fault;
  } catch (e) {
    thrown = e;
  }
  // The scope is popped whatever happened, so scopes never pile up on the device.
  const scoped = device ? await device.popErrorScope() : null;
  const oom = scoped ?? thrown;
  if (oom !== null && isOutOfMemoryError(oom)) {
    if (device) dropFreeGpuBuffers();
    const why = oom instanceof Error || (typeof oom === 'object' && oom && 'message' in oom) ? (oom as { message: string }).message : String(oom);
    throw new OutOfMemoryError(why, bytes);
  }
  if (thrown !== null) throw thrown;
  return result as T;
}
