/** For the match stage: the ground-truth lookup and threshold when "colour correct / wrong" is on. */
import { useMemo } from 'react';
import { trueTarget } from '../../engine/eval/groundTruth';
import { useEval } from './evalStore';

export function useCorrectnessTruth(): { truth: (x: number, y: number) => [number, number] | null; threshold: number } | null {
  const on = useEval((s) => s.colourCorrect);
  const gt = useEval((s) => s.gt);
  const threshold = useEval((s) => s.threshold);
  return useMemo(() => {
    if (!on || !gt) return null;
    const g = gt.truth;
    if (g.kind === 'points') {
      // Sparse truth: look up the source pixel in a map (match sources are grid pixels in original coordinates).
      const at = new Map<string, [number, number]>();
      for (let i = 0; i < g.x0.length; i++) at.set(`${Math.round(g.x0[i])},${Math.round(g.y0[i])}`, [g.x1[i], g.y1[i]]);
      return { truth: (x: number, y: number) => at.get(`${Math.round(x)},${Math.round(y)}`) ?? null, threshold };
    }
    return { truth: (x: number, y: number) => trueTarget(g, x, y), threshold };
  }, [on, gt, threshold]);
}
