/**
 * The spatial-transformer playground (Jaderberg et al., "Spatial Transformer Networks", NIPS 2015): a grid
 * generator (affine θ from sliders, projective from four corners, or a thin-plate spline from 3×3 control
 * points) and the bilinear sampler, on the current source image.
 */
import { useMemo, useState } from 'react';
import { useApp } from '../../store';
import { bilinearSample } from '../../../engine/stn/sampler';
import { warpGrid, warpPoint } from '../../../engine/stn/warp';
import type { Point } from '../../../engine/stn/tps';
import { INITIAL_PLAYGROUND, playgroundWarp, type PlaygroundState } from './playgroundModel';
import { PlaygroundControls } from './PlaygroundControls';
import { PlaygroundStage } from './PlaygroundStage';
import { canvasToRgbImage, rgbImageToCanvas } from './pixels';

/** Output width of the sampled image V, in pixels (the height follows the source's aspect). */
const OUT_W = 240;

export function Playground() {
  const display = useApp((s) => s.images.source?.display ?? null);
  const [state, setState] = useState<PlaygroundState>(INITIAL_PLAYGROUND);
  // The last valid warp stays on screen while a drag passes through a degenerate configuration.
  const [lastGood, setLastGood] = useState(() => playgroundWarp(INITIAL_PLAYGROUND));
  const r = useMemo(() => playgroundWarp(state), [state]);
  const warp = 'warp' in r ? r.warp : 'warp' in lastGood ? lastGood.warp : null;
  const set = (s: PlaygroundState) => {
    setState(s);
    const next = playgroundWarp(s);
    if ('warp' in next) setLastGood(next);
  };
  const pixels = useMemo(() => (display ? canvasToRgbImage(display) : null), [display]);
  const sampled = useMemo(() => {
    if (!pixels || !warp) return null;
    const oh = Math.max(1, Math.round((OUT_W * pixels.height) / pixels.width));
    const img = bilinearSample(pixels, warpGrid(warp, OUT_W, oh), OUT_W, oh);
    let sum = 0;
    for (const v of img.data) sum += v;
    return { canvas: rgbImageToCanvas(img), mean: sum / img.data.length };
  }, [pixels, warp]);
  if (!display) return <p className="hint">Load a source image to play with its sampling grid.</p>;
  const handles = state.mode === 'projective' ? state.corners : state.mode === 'tps' ? state.tpsSources : [];
  const onHandle = (i: number, p: Point) => {
    if (state.mode === 'projective') set({ ...state, corners: state.corners.map((c, j) => (j === i ? p : c)) });
    if (state.mode === 'tps') set({ ...state, tpsSources: state.tpsSources.map((c, j) => (j === i ? p : c)) });
  };
  const corners = warp ? [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([x, y]) => warpPoint(warp, x, y).map((v) => Math.round(v * 1e4) / 1e4 + 0)) : null;
  return (
    <div className="playground" data-testid="playground" data-mode={state.mode} data-grid-points={state.k * state.k}
      data-corners={JSON.stringify(corners)} data-source-size={JSON.stringify([display.width, display.height])} data-output-mean={sampled?.mean.toFixed(4) ?? ''}>
      <PlaygroundControls state={state} set={set} warp={warp} />
      <div className="playground-main">
        {'problem' in r && <p className="field-problem" role="alert">{r.problem} (showing the last valid grid)</p>}
        <PlaygroundStage source={display} output={sampled?.canvas ?? null} warp={warp} k={state.k} handles={handles} onHandle={onHandle} />
        <p className="hint">The k×k grid points are in normalised coordinates, −1…1 across the image (pixel centres of the first and last column and row), y down; θ maps each output point to the source point it reads. Outside the image the sampler reads black.</p>
      </div>
    </div>
  );
}
