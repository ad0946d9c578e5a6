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
  onProgress?: (stage: string, fraction: number, detail?: unknown) => void;
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
  /**
   * Test hook: ends the Worker the way a browser killing it for memory would, with no error event and
   * without telling this client it was meant; the client must notice by itself.
   */
  killForTest(): void;
}

/** What `onCrash` hears when the worker ended without an error event (its Web Lock was released). */
export const SILENT_DEATH = 'the engine worker stopped without an error, probably out of memory';
/** Without Web Locks: this long without a heartbeat means the worker is gone (long enough for a synchronous stage). */
const HEARTBEAT_TIMEOUT_MS = 60_000;

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
    life.heard();
    if (msg.type === 'event') {
      if (msg.event.kind === 'alive') return life.watch(msg.event.lock);
      if (msg.event.kind === 'heartbeat') return;
      return onEvent(msg.event);
    }
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') return p.onProgress?.(msg.stage, msg.fraction, msg.detail);
    pending.delete(msg.id);
    if (msg.type === 'result') p.resolve(msg.value);
    else p.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name }));
  };
  const life = watchLife(() => fail(SILENT_DEATH));
  const fail = (message: string) => {
    if (life.stopped()) return;
    // A worker that threw outside a call may be half-way through anything: it is not reused. Its end is meant,
    // so the lock watch stops first and does not report it a second time.
    life.stop();
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
    killForTest: () => worker.terminate(),
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

interface LifeWatch {
  /** Starts watching once the worker names its lock (null: heartbeats instead). */
  watch(lock: string | null): void;
  /** Any message from the worker: it lives (for the heartbeat fallback). */
  heard(): void;
  /** The end is meant (a crash handled here, a page going away): report nothing from now on. */
  stop(): void;
  stopped(): boolean;
}

/**
 * Notices a worker that ended silently. With Web Locks: request the lock the worker holds for life; it is
 * granted only when the worker is gone (terminated, closed, or killed by the browser), and `onDeath` runs
 * unless the end was meant. Without: a heartbeat every second, and `onDeath` after a minute of silence.
 */
function watchLife(onDeath: () => void): LifeWatch {
  let stopped = false;
  const request = new AbortController();
  let lastHeard = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  // Unloading ends the worker on purpose; a page restored from the back-forward cache watches again.
  const hide = () => { stopped = true; };
  const show = (e: PageTransitionEvent) => { if (e.persisted && !request.signal.aborted) stopped = false; };
  addEventListener('pagehide', hide);
  addEventListener('pageshow', show);
  const die = () => {
    if (!stopped) onDeath();
  };
  return {
    watch(lock) {
      if (lock !== null && navigator.locks) {
        navigator.locks.request(lock, { signal: request.signal }, die).catch(() => {
          // Aborted by stop(): the end was meant.
        });
        return;
      }
      timer = setInterval(() => {
        if (Date.now() - lastHeard > HEARTBEAT_TIMEOUT_MS) die();
      }, 5000);
    },
    heard: () => { lastHeard = Date.now(); },
    stop() {
      stopped = true;
      request.abort();
      clearInterval(timer);
      removeEventListener('pagehide', hide);
      removeEventListener('pageshow', show);
    },
    stopped: () => stopped,
  };
}
