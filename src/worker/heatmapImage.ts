/// <reference lib="webworker" />
/**
 * A click's heatmap coloured in the worker (issue 7: "a colour map on the backend, returning an ImageBitmap"):
 * range, LUT and pixels are computed beside the scores, and the page receives a transferred ImageBitmap that
 * it draws as is. Measured on the motorcycle pair (741×500, patch): colouring and `putImageData` on the main
 * thread took ~45 ms of each click there (dev build); here they run off the main thread.
 */
import { colorMapLut, type ColorMapName } from '../engine/core/colormaps';
import { colorizeScores, heatmapRange, type HeatmapRange, type ScoreRange } from '../engine/match/heatmap';
import { SCORE_INFO, type ScoreKind } from '../engine/match/metric';

/** How the page wants the heatmap coloured (the view's colour map and range). */
export interface HeatmapSpec {
  colorMap: ColorMapName;
  range: HeatmapRange;
}

/** The coloured heatmap at working resolution, with the spec it was made for so the page can tell if it is current. */
export interface HeatmapImage extends HeatmapSpec {
  scoreRange: ScoreRange;
  image: ImageBitmap;
  /** Time to colour it here (range, pixels, bitmap), ms: part of the click's cost that the query's `ms` leaves out. */
  ms: number;
}

interface ScoreMap {
  scores: Float32Array;
  min: number;
  max: number;
  width: number;
  height: number;
  metric: ScoreKind;
}

/** The query result with its heatmap image when a spec is given and the worker can make bitmaps. */
export async function withHeatmap<T extends ScoreMap>(r: T, spec: HeatmapSpec | undefined): Promise<T & { heatmap?: HeatmapImage }> {
  if (!spec || typeof createImageBitmap !== 'function') return r;
  const t0 = performance.now();
  const scoreRange = heatmapRange(r.scores, r.min, r.max, SCORE_INFO[r.metric].higherIsBetter, spec.range);
  const rgba = colorizeScores(r.scores, scoreRange, colorMapLut(spec.colorMap));
  const image = await createImageBitmap(new ImageData(rgba, r.width, r.height));
  return { ...r, heatmap: { ...spec, scoreRange, image, ms: performance.now() - t0 } };
}
