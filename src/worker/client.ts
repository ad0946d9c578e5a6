/**
 * The page's side of the engine worker: typed promises derived from `EngineApi`, progress callbacks,
 * cancellation through AbortSignal, and a crash hook so the app can restart the worker.
 */
import type { EngineApi, EngineMethod } from './handlers';
import type { EngineEvent, FromWorker, ToWorker } from './protocol';
import { AbortedError } from '../engine/core/abort';

type ArgsOf<M extends EngineMethod> = Parameters<EngineApi[M]>[0];
type ResultOf<M extends EngineMethod> = Awaited<ReturnType<EngineApi[M]>>;

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (stage: string, fraction: number) => void;
  transfer?: Transferable[];
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: CallOptions['onProgress'];
}

export interface EngineClient {
  call<M extends EngineMethod>(method: M, args: ArgsOf<M>, opts?: CallOptions): Promise<ResultOf<M>>;
  /** Calls sent and not yet answered (cancelled ones are answered at once). */
  pending(): number;
}

/** Every call pending when the worker dies rejects with this; the crash itself is reported through `onCrash`. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}
export const isWorkerCrash = (e: unknown) => e instanceof Error && e.name === 'WorkerCrashError';


/**
 * `onCrash` fires when the worker dies (an uncaught error or failed load): the worker is terminated and every
 * pending call rejects with WorkerCrashError. `onEvent` hears what the worker reports unasked.
 */
export function createEngineClient(onCrash: (message: string) => void, onEvent: (e: EngineEvent) => void = () => {}): EngineClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'matchscope-engine' });
  const pending = new Map<number, Pending>();
  let nextId = 1;

  worker.onmessage = (ev: MessageEvent<FromWorker>) => {
    const msg = ev.data;
    if (msg.type === 'event') return onEvent(msg.event);
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') return p.onProgress?.(msg.stage, msg.fraction);
    pending.delete(msg.id);
    if (msg.type === 'result') p.resolve(msg.value);
    else p.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
  };
  const fail = (message: string) => {
    // A worker that threw outside a call may be half-way through anything: it is not reused.
    worker.terminate();
    for (const p of pending.values()) p.reject(new WorkerCrashError(message));
    pending.clear();
    onCrash(message);
  };
  worker.onerror = (ev) => {
    ev.preventDefault();
    fail(`the engine worker crashed: ${ev.message || 'unknown error'}`);
  };
  worker.onmessageerror = () => fail('the engine worker sent a message that could not be read');

  return {
    pending: () => pending.size,
    call(method, args, opts = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        if (opts.signal?.aborted) return reject(new AbortedError());
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: opts.onProgress });
        opts.signal?.addEventListener('abort', () => {
          if (!pending.has(id)) return;
          pending.delete(id);
          worker.postMessage({ type: 'cancel', id } satisfies ToWorker);
          reject(new AbortedError());
        });
        worker.postMessage({ type: 'call', id, method, args } satisfies ToWorker, opts.transfer ?? []);
      });
    },
  };
}
