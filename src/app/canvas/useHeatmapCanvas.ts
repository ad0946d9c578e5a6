import { useMemo } from 'react';
import type { QueryResponse } from '../../worker/handlers';
import { SCORE_INFO } from '../../engine/match/metric';
import { colorMapLut, type ColorMapName } from '../../engine/core/colormaps';
import { colorizeScores, heatmapRange, type HeatmapRange, type ScoreRange } from '../../engine/match/heatmap';

/** What a pane draws under its heatmap: the worker's bitmap, or a canvas coloured here. */
export type HeatmapSource = ImageBitmap | HTMLCanvasElement;

/**
 * The query's score map as an image at working resolution: what the panes draw and the PNG export scales up.
 * The worker colours each answer with the view's colour map and range (so a click costs the page no pixel
 * loop); only when the user has since changed either are the same scores recoloured here.
 */
export function heatmapCanvas(result: QueryResponse, colorMap: ColorMapName, mode: HeatmapRange): { canvas: HeatmapSource; range: ScoreRange } {
  const h = result.heatmap;
  if (h && h.colorMap === colorMap && h.range === mode) return { canvas: h.image, range: h.scoreRange };
  const range = heatmapRange(result.scores, result.min, result.max, SCORE_INFO[result.metric].higherIsBetter, mode);
  const rgba = colorizeScores(result.scores, range, colorMapLut(colorMap));
  const canvas = document.createElement('canvas');
  canvas.width = result.width;
  canvas.height = result.height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, result.width, result.height), 0, 0);
  return { canvas, range };
}

/** heatmapCanvas, kept while the result, colour map and range mode stay the same. */
export function useHeatmapCanvas(result: QueryResponse | null, colorMap: ColorMapName, mode: HeatmapRange): { canvas: HeatmapSource; range: ScoreRange } | null {
  return useMemo(() => (result ? heatmapCanvas(result, colorMap, mode) : null), [result, colorMap, mode]);
}
