import { useMemo } from 'react';
import type { QueryResponse } from '../../worker/handlers';
import { METRICS } from '../../engine/match/metric';
import { colorizeScores } from './builders';

/** The query's score map as a canvas at working resolution (drawn stretched over the original). */
export function useHeatmapCanvas(result: QueryResponse | null, lut: Uint8Array): HTMLCanvasElement | null {
  return useMemo(() => {
    if (!result) return null;
    const rgba = colorizeScores(result.scores, { lo: result.min, hi: result.max, higherIsBetter: METRICS[result.metric].higherIsBetter }, lut);
    const canvas = document.createElement('canvas');
    canvas.width = result.width;
    canvas.height = result.height;
    canvas.getContext('2d')!.putImageData(new ImageData(rgba, result.width, result.height), 0, 0);
    return canvas;
  }, [result, lut]);
}
