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
