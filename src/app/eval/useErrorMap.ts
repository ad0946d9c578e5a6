/** The error map to draw: the chosen evaluated descriptor's per-point errors, binned by colour; null when off. */
import { useMemo } from 'react';
import { buildErrorCells } from '../canvas/errorMap';
import { useEval } from './evalStore';

export function useErrorMap() {
  const opts = useEval((s) => s.errorMap);
  const results = useEval((s) => s.results);
  const result = opts.show ? (results.find((r) => r.descriptorId === opts.descriptorId) ?? results[0] ?? null) : null;
  const field = result?.errorMap ?? null;
  const cells = useMemo(() => (field ? buildErrorCells(field.epe, opts.max) : null), [field, opts.max]);
  return field && cells && result ? { descriptorId: result.descriptorId, field, cells, opts } : null;
}
