/**
 * The query pixel's descriptor and its best match's, fetched from the worker whenever the query's answer
 * changes, plus (for oriented SIFT and DAISY 'dominant') each pixel's dominant orientation θ₀.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../../store';
import { currentParams } from '../../store/settings';
import { daisyOrientations, descriptorsAt, siftOrientations } from '../../engine/controller';
import { isAbortError } from '../../../engine/core/abort';
import type { DescriptorsAtResult, QueryResponse, Side } from '../../../worker/handlers';

export interface PairPoint {
  side: Side;
  /** Working pixels. */
  x: number;
  y: number;
}

export interface DescriptorPair {
  result: QueryResponse;
  points: [PairPoint, PairPoint];
  data: DescriptorsAtResult;
  /** θ₀ of each point for oriented SIFT and DAISY 'dominant', else null. */
  theta0: [number, number] | null;
}

export type PairState = { kind: 'none' } | { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; pair: DescriptorPair };

export function useDescriptorPair(): PairState {
  const result = useApp((s) => s.query?.result ?? null);
  const settings = useApp((s) => s.settings);
  const [state, setState] = useState<PairState>({ kind: 'none' });
  useEffect(() => {
    if (!result || result.descriptorId !== settings.descriptorId) {
      setState(result ? { kind: 'loading' } : { kind: 'none' });
      return;
    }
    const job = new AbortController();
    const to: Side = result.from === 'source' ? 'target' : 'source';
    const points: [PairPoint, PairPoint] = [{ side: result.from, x: result.x, y: result.y }, { side: to, x: result.bestX, y: result.bestY }];
    const params = currentParams(settings);
    setState({ kind: 'loading' });
    (async () => {
      const data = await descriptorsAt(points, job.signal);
      let theta0: [number, number] | null = null;
      if (data.descriptorId === 'sift' && data.params.oriented) {
        const t = await Promise.all(points.map((p) => siftOrientations(p.side, Number(params.binSize), Number(params.sigma), [p], job.signal)));
        theta0 = [t[0][0], t[1][0]];
      } else if (data.descriptorId === 'daisy' && data.params.orientation === 'dominant') {
        const t = await Promise.all(points.map((p) => daisyOrientations(p.side, Number(params.radius), [p], job.signal)));
        theta0 = [t[0][0], t[1][0]];
      }
      if (!job.signal.aborted) setState({ kind: 'ready', pair: { result, points, data, theta0 } });
    })().catch((e) => {
      if (!isAbortError(e) && !job.signal.aborted) setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    });
    return () => job.abort();
  }, [result, settings]);
  return state;
}
