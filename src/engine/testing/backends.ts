/**
 * For engine tests: run a suite on each real tfjs backend available in Node (cpu and wasm), and check
 * that the suite leaves no tensor behind.
 */
import '../tf/registerNode';
import { tf } from '../tf';
import type { BackendId } from '../tf/backends';

export const NODE_BACKENDS: BackendId[] = ['cpu', 'wasm'];

export async function useBackend(id: BackendId): Promise<void> {
  const ok = await tf.setBackend(id);
  if (!ok) throw new Error(`backend ${id} did not initialise`);
  await tf.ready();
}

/** Runs `fn` and returns how many tensors it left allocated. */
export async function leakedTensors(fn: () => Promise<unknown> | unknown): Promise<number> {
  const before = tf.memory().numTensors;
  await fn();
  return tf.memory().numTensors - before;
}

/** The largest |a[i] − b[i]| over two arrays of the same length (NaN where both are NaN counts as equal). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    const d = Math.abs(a[i] - b[i]);
    // A NaN on one side only is a difference no tolerance should pass.
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}

/** Runs `fn` once on each Node backend (cpu, then wasm) and returns the results in that order. */
export async function onEachNodeBackend<T>(fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const b of NODE_BACKENDS) {
    await useBackend(b);
    out.push(await fn());
  }
  return out;
}
