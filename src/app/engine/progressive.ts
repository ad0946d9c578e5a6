/**
 * Progressive results: a coarse pass at twice the stride (≈16× fewer descriptor pairs, and the maps it
 * describes are cached for the fine pass) is shown first, then the requested stride replaces it.
 */

export interface Pass {
  stride: number;
  targetStride: number;
  /** A preview that a later pass replaces. */
  coarse: boolean;
}

/** Below this many source × target grid pairs the requested pass is quick enough on its own. */
export const PROGRESSIVE_MIN_PAIRS = 1_000_000;

const gridPoints = (w: number, h: number, s: number) => Math.ceil(w / s) * Math.ceil(h / s);

/** The passes for a compute: [coarse, fine] when the fine one is large, else just the fine one. */
export function progressivePasses(stride: number, targetStride: number, source: { width: number; height: number }, target: { width: number; height: number }): Pass[] {
  const fine: Pass = { stride, targetStride, coarse: false };
  const pairs = gridPoints(source.width, source.height, stride) * gridPoints(target.width, target.height, targetStride);
  if (pairs < PROGRESSIVE_MIN_PAIRS || stride * 2 > 256 || targetStride * 2 > 256) return [fine];
  return [{ stride: stride * 2, targetStride: targetStride * 2, coarse: true }, fine];
}

/** The status line while the coarse result is on screen. */
export function refiningStage(coarse: Pass, fine: Pass): string {
  return `stride ${coarse.stride} preview shown, refining to stride ${fine.stride}`;
}
