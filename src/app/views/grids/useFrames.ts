/**
 * θ₀ (the per-pixel orientation of oriented dense SIFT or DAISY 'dominant') at the sparse grid of each image
 * and at the query and its match, fetched from the worker when the descriptor turns its grid; null when it
 * does not.
 */
import { useEffect, useState } from 'react';
import { daisyOrientations, siftOrientations } from '../../engine/controller';
import { isAbortError } from '../../../engine/core/abort';
import type { PointSet } from '../../../engine/core/grid';
import type { Side } from '../../../worker/handlers';

export interface Frames {
  grid: Record<Side, Float32Array | null>;
  /** θ₀ at the query pixel and at its best match. */
  pair: [number, number] | null;
}

const NONE: Frames = { grid: { source: null, target: null }, pair: null };

/** Whose orientation: oriented SIFT's (binSize a, sigma b) or DAISY's (radius a). */
export type FrameKind = 'sift' | 'daisy';

function orientations(kind: FrameKind, a: number, b: number, side: Side, points: { x: number; y: number }[], signal: AbortSignal) {
  return kind === 'sift' ? siftOrientations(side, a, b, points, signal) : daisyOrientations(side, a, points, signal);
}
const toPoints = (g: PointSet) => Array.from(g.xs, (x, i) => ({ x, y: g.ys[i] }));

export function useFrames(
  kind: FrameKind | null, a: number, b: number,
  grids: Record<Side, PointSet | null>, pair: { from: Side; x: number; y: number; bestX: number; bestY: number } | null,
): Frames {
  const [frames, setFrames] = useState<Frames>(NONE);
  useEffect(() => {
    setFrames(NONE);
    if (!kind) return;
    const job = new AbortController();
    (async () => {
      // The pair first (a few pixels are read from crops, fast), then the whole maps for the sparse grids.
      let at: [number, number] | null = null;
      if (pair) {
        const to: Side = pair.from === 'source' ? 'target' : 'source';
        const [from] = await orientations(kind, a, b, pair.from, [{ x: pair.x, y: pair.y }], job.signal);
        const [best] = await orientations(kind, a, b, to, [{ x: pair.bestX, y: pair.bestY }], job.signal);
        at = [from, best];
        if (!job.signal.aborted) setFrames({ grid: NONE.grid, pair: at });
      }
      const grid: Frames['grid'] = { source: null, target: null };
      for (const side of ['source', 'target'] as const) {
        const g = grids[side];
        if (g) grid[side] = await orientations(kind, a, b, side, toPoints(g), job.signal);
      }
      if (!job.signal.aborted) setFrames({ grid, pair: at });
    })().catch((e) => {
      if (!isAbortError(e)) console.warn('θ₀ could not be read:', e);
    });
    return () => job.abort();
  }, [kind, a, b, grids, pair]);
  return frames;
}
