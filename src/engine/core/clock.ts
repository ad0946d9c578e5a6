/**
 * A monotonic millisecond clock. `performance.now()` exists in browsers, workers and Node ≥ 16; the
 * engine compiles without DOM or Node types, so it is declared here rather than taken from either.
 */
declare const performance: { now(): number };

export const now = (): number => performance.now();
