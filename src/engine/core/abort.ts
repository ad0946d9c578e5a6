/**
 * Cancellation helpers shared by the worker and the CLI. The engine compiles without DOM or Node types,
 * so it names only the part of AbortSignal it reads.
 */

export interface AbortSignalLike {
  readonly aborted: boolean;
}

declare function setTimeout(fn: () => void, ms: number): unknown;

export class AbortedError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

export function throwIfAborted(signal?: AbortSignalLike): void {
  if (signal?.aborted) throw new AbortedError();
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/**
 * Lets queued events (a cancel message, a new request) run between chunks of work. Promise
 * continuations alone never yield to the event loop, so a long async job would otherwise be deaf.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
