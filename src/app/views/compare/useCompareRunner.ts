/**
 * Runs the current query through every compared descriptor, one after the other (the worker runs one job
 * at a time anyway), and cancels the round when the query, the images or the selection change.
 */
import { useEffect } from 'react';
import { useApp } from '../../store';
import { paramsFor } from '../../store/settings';
import { queryDescriptor } from '../../engine/controller';
import { isAbortError } from '../../../engine/core/abort';
import { useCompare } from './compareStore';

export function useCompareRunner() {
  const ids = useCompare((s) => s.ids);
  const query = useApp((s) => s.query);
  const images = useApp((s) => s.images);
  const settings = useApp((s) => s.settings);
  const from = query?.from;
  const x = query?.x;
  const y = query?.y;
  const paramsKey = JSON.stringify(ids.map((id) => paramsFor(settings, id)));
  useEffect(() => {
    if (from === undefined || x === undefined || y === undefined || !images.source || !images.target) return;
    const job = new AbortController();
    const { reset, setEntry } = useCompare.getState();
    reset(ids);
    void (async () => {
      for (const id of ids) {
        try {
          const result = await queryDescriptor({ descriptorId: id, params: paramsFor(useApp.getState().settings, id) }, from, x, y, job.signal);
          setEntry(id, { status: 'done', result });
        } catch (e) {
          if (isAbortError(e)) return;
          setEntry(id, { status: 'failed', error: e instanceof Error ? e.message : String(e) });
        }
      }
    })();
    return () => job.abort();
    // paramsKey stands for the compared descriptors' params.
  }, [ids, from, x, y, images.source, images.target, paramsKey]);
}
