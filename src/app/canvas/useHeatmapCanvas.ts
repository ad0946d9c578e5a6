import { useMemo } from 'react';
import type { QueryResponse } from '../../worker/handlers';
import { SCORE_INFO } from '../../engine/match/metric';
import { colorizeScores, heatmapRange, type HeatmapRange, type ScoreRange } from './builders';

/** The query's score map as a canvas at working resolution: what the panes draw and the PNG export scales up. */
export function heatmapCanvas(result: QueryResponse, lut: Uint8Array, mode: HeatmapRange): { canvas: HTMLCanvasElement; range: ScoreRange } {
  const range = heatmapRange(result.scores, result.min, result.max, SCORE_INFO[result.metric].higherIsBetter, mode);
  const rgba = colorizeScores(result.scores, range, lut);
  const canvas = document.createElement('canvas');
  canvas.width = result.width;
  canvas.height = result.height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, result.width, result.height), 0, 0);
  return { canvas, range };
}

/** heatmapCanvas, kept while the result, colour map and range mode stay the same. */
export function useHeatmapCanvas(result: QueryResponse | null, lut: Uint8Array, mode: HeatmapRange): { canvas: HTMLCanvasElement; range: ScoreRange } | null {
  return useMemo(() => (result ? heatmapCanvas(result, lut, mode) : null), [result, lut, mode]);
}
