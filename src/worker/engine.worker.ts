/// <reference lib="webworker" />
/**
 * The engine worker: a thin message loop around `handlers`. Calls run one at a time (they share tensors);
 * a cancel aborts the call it names, whether running or queued.
 */
import { callStats, engineEvents, handlers, type EngineMethod } from './handlers';
import { throwIfAborted } from '../engine/core/abort';
import { collectTransferables, type FromWorker, type ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const controllers = new Map<number, AbortController>();
let queue: Promise<unknown> = Promise.resolve();

function post(msg: FromWorker, transfer: Transferable[] = []) {
  self.postMessage(msg, transfer);
}
engineEvents.emit = (event) => post({ type: 'event', id: 0, event });

/**
 * A browser that kills a worker for memory sends no error event and no message: the page would wait forever.
 * So the worker holds a uniquely named Web Lock for its whole life (never released by us) and tells the page
 * its name; the lock is released when the worker ends for any reason, which the page hears by requesting it.
 */
const HEARTBEAT_MS = 1000;
function announceLife() {
  const locks = (self.navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) {
    post({ type: 'event', id: 0, event: { kind: 'alive', lock: null } });
    setInterval(() => post({ type: 'event', id: 0, event: { kind: 'heartbeat' } }), HEARTBEAT_MS);
    return;
  }
  const name = `matchscope-engine-${crypto.randomUUID()}`;
  // Told only once granted: a page asking earlier would be granted the lock first and take it for a death.
  void locks.request(name, () => {
    post({ type: 'event', id: 0, event: { kind: 'alive', lock: name } });
    return new Promise<never>(() => {});
  });
}
announceLife();

async function run(id: number, method: EngineMethod, args: unknown) {
  const controller = controllers.get(id);
  if (!controller) return;
  callStats.started++;
  try {
    throwIfAborted(controller.signal);
    const ctx = { signal: controller.signal, progress: (stage: string, fraction: number, detail?: unknown) => post({ type: 'progress', id, stage, fraction, detail }) };
    const handler = handlers[method] as (a: unknown, c: typeof ctx) => Promise<unknown>;
    const value = await handler(args, ctx);
    post({ type: 'result', id, value }, collectTransferables(value));
    callStats.completed++;
  } catch (e) {
    callStats.failed++;
    const err = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    post({ type: 'error', id, error: err });
  } finally {
    controllers.delete(id);
  }
}

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const msg = ev.data;
  if (msg.type === 'cancel') {
    controllers.get(msg.id)?.abort();
    return;
  }
  if (!(msg.method in handlers)) {
    post({ type: 'error', id: msg.id, error: { name: 'TypeError', message: `unknown method ${msg.method}` } });
    return;
  }
  controllers.set(msg.id, new AbortController());
  queue = queue.then(() => run(msg.id, msg.method as EngineMethod, msg.args));
};
