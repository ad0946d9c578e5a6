/** Messages between the page and the engine worker. Both sides import these types; nothing else crosses. */

export interface CallMessage {
  type: 'call';
  id: number;
  method: string;
  args: unknown;
}
export interface CancelMessage {
  type: 'cancel';
  id: number;
}
export type ToWorker = CallMessage | CancelMessage;

export interface ProgressMessage {
  type: 'progress';
  id: number;
  stage: string;
  /** 0…1 within the stage. */
  fraction: number;
  /** Structured data a call reports along the way (fine-tuning: every step's loss and validation), if any. */
  detail?: unknown;
}
export interface ResultMessage {
  type: 'result';
  id: number;
  value: unknown;
}
export interface ErrorMessage {
  type: 'error';
  id: number;
  error: { name: string; message: string };
}
/** Something the page did not ask for but must hear (the GPU device was lost). `id` is always 0. */
export interface EventMessage {
  type: 'event';
  id: 0;
  event: EngineEvent;
}
export type EngineEvent =
  | { kind: 'deviceLost'; message: string }
  /**
   * The worker is up and holds the Web Lock `lock` until it ends, however it ends (null: no Web Locks here,
   * so it sends `heartbeat` events instead). The client (client.ts) waits on that lock to see it die.
   */
  | { kind: 'alive'; lock: string | null }
  | { kind: 'heartbeat' };
export type FromWorker = ProgressMessage | ResultMessage | ErrorMessage | EventMessage;

/** What every handler receives besides its arguments. */
export interface CallContext {
  signal: AbortSignal;
  progress(stage: string, fraction: number, detail?: unknown): void;
}

/** The buffers of every typed array in a result (two levels deep), so they move instead of being copied. */
export function collectTransferables(value: unknown, depth = 0, out: Transferable[] = []): Transferable[] {
  if (value === null || typeof value !== 'object' || depth > 3) return out;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
    return out;
  }
  if (typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap) {
    out.push(value);
    return out;
  }
  for (const v of Object.values(value)) collectTransferables(v, depth + 1, out);
  return out;
}
