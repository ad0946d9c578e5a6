/**
 * Retrying tiled work with smaller tiles when the backend runs out of memory. A GPU shared with other tabs
 * and apps may not have the 32 MB a default distance tile asks for; halving the tile until it fits costs
 * a few more dispatches and changes no result (each row's search is independent of how rows are tiled).
 */
import { OutOfMemoryError } from '../tf/outOfMemory';
import { formatBytes } from '../core/formatBytes';

/** The default largest distance tile, in float32 elements (32 MB). */
export const DEFAULT_TILE_ELEMENTS = 8_388_608;
/** Below this (256 K elements, 1 MB) tiles cost more in dispatch overhead than they save; give up instead. */
export const MIN_TILE_ELEMENTS = 262_144;

export interface TileRetry {
  /** The tile that failed and the budget tried next, in bytes. */
  failedBytes: number;
  nextBytes: number;
  message: string;
}

export interface TileBudgetOptions {
  initialElements?: number;
  floorElements?: number;
  onRetry?: (retry: TileRetry) => void;
}

/**
 * Runs `run(maxTileElements)`; on an OutOfMemoryError retries with half the tile that failed (not half the
 * budget: a small problem's tile may be far below its budget, and halving an unused budget frees nothing).
 * When the next tile would fall below the floor, the error goes to the caller, which may change backend.
 */
export async function withTileBudget<T>(run: (maxTileElements: number) => Promise<T>, opts: TileBudgetOptions = {}): Promise<{ value: T; retries: TileRetry[] }> {
  const floor = opts.floorElements ?? MIN_TILE_ELEMENTS;
  let budget = opts.initialElements ?? DEFAULT_TILE_ELEMENTS;
  const retries: TileRetry[] = [];
  for (;;) {
    try {
      return { value: await run(budget), retries };
    } catch (e) {
      if (!(e instanceof OutOfMemoryError)) throw e;
      const next = Math.floor(Math.min(budget, e.tileBytes / 4) / 2);
      if (next < floor) {
        throw new OutOfMemoryError(`${e.message}; tiles of ${formatBytes(e.tileBytes)} still failed and the floor is ${formatBytes(floor * 4)}`, e.tileBytes);
      }
      const retry = { failedBytes: e.tileBytes, nextBytes: next * 4, message: e.message };
      retries.push(retry);
      opts.onRetry?.(retry);
      budget = next;
    }
  }
}
