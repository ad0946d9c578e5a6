/**
 * The Warp view's pipeline, memoised stage by stage so a slider that only changes the composite does not
 * refit RANSAC or rewarp: filter matches → (RANSAC) → backward map → warp → composite or flow image.
 */
import { useMemo } from 'react';
import type { ComputeResult } from '../../../worker/handlers';
import { METRICS } from '../../../engine/match/metric';
import type { Frame } from '../../../engine/geometry/correspondenceField';
import { flowFromMatches } from '../../../engine/geometry/correspondenceField';
import { flowToRgba } from '../../../engine/geometry/flowColor';
import { applyHomography } from '../../../engine/geometry/homography';
import { homographyMap, warpRgba, type BackwardMap, type RgbaImage } from '../../../engine/geometry/warp';
import type { TruthState } from './hooks';
import type { MatchOverlay } from './WarpCanvas';
import type { WarpSettings } from './WarpControls';
import { composite, countOnes, keepMask, keptInOriginal, meanAbsDiff, nnFieldMap, robustFlowRadius, runRansac } from './model';

export interface WarpInputs {
  compute: ComputeResult;
  src: RgbaImage;
  tgt: RgbaImage;
  sf: Frame;
  tf: Frame;
  truth: TruthState;
}

function scoreCut(scores: Float32Array, keep: number, higherIsBetter: boolean) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of scores) {
    lo = Math.min(lo, s);
    hi = Math.max(hi, s);
  }
  if (!(hi >= lo)) return { cut: null, text: 'all' };
  const [best, worst] = higherIsBetter ? [hi, lo] : [lo, hi];
  const cut = best + keep * (worst - best);
  const fmt = Math.abs(cut) >= 100 ? cut.toFixed(0) : cut.toFixed(3);
  return { cut: keep >= 1 ? null : cut, text: keep >= 1 ? 'all' : `${higherIsBetter ? '≥' : '≤'} ${fmt}` };
}

export function useWarp(inp: WarpInputs, s: WarpSettings) {
  const { compute, src, tgt, sf, tf, truth } = inp;
  const m = compute.matches;
  const higherIsBetter = METRICS[compute.metric].higherIsBetter;
  const score = useMemo(() => scoreCut(m.score, s.scoreKeep, higherIsBetter), [m, s.scoreKeep, higherIsBetter]);
  const keep = useMemo(() => keepMask(m, { mutualOnly: s.mutualOnly, scoreCut: score.cut, higherIsBetter }), [m, s.mutualOnly, score.cut, higherIsBetter]);
  const kept = useMemo(() => keptInOriginal(m, keep, sf, tf), [m, keep, sf, tf]);
  const ransac = useMemo(
    () => (s.through === 'ransac' ? runRansac(kept, Number(s.threshold), Number(s.iterations)) : null),
    [s.through, kept, s.threshold, s.iterations],
  );
  const H = s.through === 'ransac' ? (ransac?.ok ? ransac.result.H : null) : s.through === 'truth' && truth.kind === 'homography' ? truth.H : null;

  const mapped = useMemo((): { map: BackwardMap } | { error: string } => {
    if (s.through === 'field') return { map: nnFieldMap(m, keep, higherIsBetter, compute.options.stride, sf, tf) };
    if (!H) return { error: s.through === 'ransac' ? (ransac && !ransac.ok ? ransac.message : 'No homography yet.') : truth.kind === 'none' || truth.kind === 'error' ? truth.why : 'Loading the ground truth…' };
    try {
      return { map: homographyMap(H, tgt.width, tgt.height) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [s.through, m, keep, higherIsBetter, compute.options.stride, sf, tf, H, ransac, truth, tgt.width, tgt.height]);

  const warped = useMemo(() => ('map' in mapped ? warpRgba(src, mapped.map) : null), [mapped, src]);
  const mad = useMemo(() => (warped ? meanAbsDiff(warped.image, tgt, warped.mask) : NaN), [warped, tgt]);

  const flow = useMemo(() => {
    if (s.display !== 'flow') return null;
    const priority = higherIsBetter ? m.score : Float32Array.from(m.score, (v) => -v);
    const f = flowFromMatches(m, sf, tf, { keep, priority, cell: compute.options.stride });
    return { ...f, ...flowToRgba(f.u, f.v, f.width, f.height, robustFlowRadius(f.u, f.v)) };
  }, [s.display, m, sf, tf, keep, higherIsBetter, compute.options.stride]);

  const view = useMemo(() => {
    if (s.display === 'flow') return flow && { width: flow.width, height: flow.height, rgba: flow.data };
    if (!warped) return null;
    const rgba = composite(warped.image, warped.mask, tgt, { mode: s.display, alpha: s.alpha, swipe: s.swipe, checker: s.checker });
    return { width: tgt.width, height: tgt.height, rgba };
  }, [s.display, s.alpha, s.swipe, s.checker, flow, warped, tgt]);

  const overlay = useMemo((): MatchOverlay | null => {
    if (s.through !== 'ransac' || !ransac?.ok || !s.showMatches || s.display === 'flow') return null;
    const n = kept.x0.length;
    const o = { x1: kept.x1, y1: kept.y1, hx: new Float64Array(n), hy: new Float64Array(n), inlier: ransac.result.inliers };
    for (let i = 0; i < n; i++) {
      const p = applyHomography(ransac.result.H, kept.x0[i], kept.y0[i]);
      o.hx[i] = p ? p[0] : NaN;
      o.hy[i] = p ? p[1] : NaN;
    }
    return o;
  }, [s.through, s.showMatches, s.display, ransac, kept]);

  return { keptCount: countOnes(keep), total: m.x0.length, scoreText: score.text, ransac, H, mapped, warped, mad, flow, view, overlay };
}

export type WarpOutput = ReturnType<typeof useWarp>;
