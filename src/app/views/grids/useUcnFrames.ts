/**
 * UCN HN-ST's transformer frames (rotation φ, scale σ of the cell under a pixel) at the query and at its
 * best match, fetched from the worker when the descriptor is UCN with the spatial transformer; else null.
 */
import { useEffect, useState } from 'react';
import { ucnTransforms } from '../../engine/controller';
import { isAbortError } from '../../../engine/core/abort';
import type { Side } from '../../../worker/handlers';

export interface UcnFrame { angle: number; scale: number }

export function useUcnFrames(enabled: boolean, pair: { from: Side; x: number; y: number; bestX: number; bestY: number } | null): [UcnFrame, UcnFrame] | null {
  const [frames, setFrames] = useState<[UcnFrame, UcnFrame] | null>(null);
  useEffect(() => {
    setFrames(null);
    if (!enabled || !pair) return;
    const job = new AbortController();
    (async () => {
      const to: Side = pair.from === 'source' ? 'target' : 'source';
      const a = await ucnTransforms(pair.from, [{ x: pair.x, y: pair.y }], job.signal);
      const b = await ucnTransforms(to, [{ x: pair.bestX, y: pair.bestY }], job.signal);
      if (!job.signal.aborted) setFrames([{ angle: a.angle[0], scale: a.scale[0] }, { angle: b.angle[0], scale: b.scale[0] }]);
    })().catch((e) => {
      if (!isAbortError(e)) console.warn('UCN transforms could not be read:', e);
    });
    return () => job.abort();
  }, [enabled, pair]);
  return frames;
}
