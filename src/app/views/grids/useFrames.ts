/**
 * θ₀ (oriented dense SIFT's per-pixel orientation) at the sparse grid of each image and at the query and
 * its match, fetched from the worker when the descriptor turns its grid; null when it does not.
 */
import { useEffect, useState } from 'react';
import { siftOrientations } from '../../engine/controller';
import { isAbortError } from '../../../engine/core/abort';
import type { PointSet } from '../../../engine/core/grid';
import type { Side } from '../../../worker/handlers';

export interface Frames {
  grid: Record<Side, Float32Array | null>;
  /** θ₀ at the query pixel and at its best match. */
  pair: [number, number] | null;
}

const NONE: Frames = { grid: { source: null, target: null }, pair: null };
const toPoints = (g: PointSet) => Array.from(g.xs, (x, i) => ({ x, y: g.ys[i] }));

export function useFrames(
  enabled: boolean, binSize: number, sigma: number,
  grids: Record<Side, PointSet | null>, pair: { from: Side; x: number; y: number; bestX: number; bestY: number } | null,
): Frames {
  const [frames, setFrames] = useState<Frames>(NONE);
  useEffect(() => {
    setFrames(NONE);
    if (!enabled) return;
    const job = new AbortController();
    (async () => {
      // The pair first (a few pixels are read from crops, fast), then the whole maps for the sparse grids.
      let at: [number, number] | null = null;
      if (pair) {
        const to: Side = pair.from === 'source' ? 'target' : 'source';
        const [a] = await siftOrientations(pair.from, binSize, sigma, [{ x: pair.x, y: pair.y }], job.signal);
        const [b] = await siftOrientations(to, binSize, sigma, [{ x: pair.bestX, y: pair.bestY }], job.signal);
        at = [a, b];
        if (!job.signal.aborted) setFrames({ grid: NONE.grid, pair: at });
      }
      const grid: Frames['grid'] = { source: null, target: null };
      for (const side of ['source', 'target'] as const) {
        const g = grids[side];
        if (g) grid[side] = await siftOrientations(side, binSize, sigma, toPoints(g), job.signal);
      }
      if (!job.signal.aborted) setFrames({ grid, pair: at });
    })().catch((e) => {
      if (!isAbortError(e)) console.warn('θ₀ could not be read:', e);
    });
    return () => job.abort();
  }, [enabled, binSize, sigma, grids, pair]);
  return frames;
}
