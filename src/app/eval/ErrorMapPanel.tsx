/**
 * "Error map" in the Evaluation panel: which evaluated descriptor to show over the source pane, the clip
 * maximum and colour map, the legend (range, counts) and the error of the point under the pointer.
 */
import { useEffect, useRef } from 'react';
import { median } from '../../engine/eval/metrics';
import { colorMapLut, type ColorMapName } from '../../engine/core/colormaps';
import { pointUnder } from '../canvas/errorMap';
import { useApp } from '../store';
import { useEval } from './evalStore';
import { useErrorMap } from './useErrorMap';

const MAXIMA = [2, 5, 10, 20, 50];

function LegendBar({ colorMap }: { colorMap: ColorMapName }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const lut = colorMapLut(colorMap);
    const img = new ImageData(256, 1);
    for (let i = 0; i < 256; i++) img.data.set([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255], i * 4);
    c.getContext('2d')!.putImageData(img, 0, 0);
  }, [colorMap]);
  return <canvas ref={ref} width={256} height={1} className="errormap-bar" aria-hidden="true" />;
}

function HoverReadout() {
  const map = useErrorMap();
  const hover = useApp((s) => (s.view.hover?.side === 'source' ? s.view.hover : null));
  if (!map) return null;
  const i = hover ? pointUnder(map.field, hover.x, hover.y) : -1;
  const e = i >= 0 ? map.field.epe[i] : NaN;
  return (
    <p className="hint" data-testid="errormap-hover" data-index={i} data-epe={i >= 0 && !Number.isNaN(e) ? e : ''}
      data-x={i >= 0 ? map.field.x[i] : ''} data-y={i >= 0 ? map.field.y[i] : ''}>
      {i < 0 ? 'Point at a grid point of the source to read its error.'
        : `(${map.field.x[i].toFixed(1)}, ${map.field.y[i].toFixed(1)}): ${Number.isNaN(e) ? 'no ground truth there (not evaluated)' : `EPE ${e.toFixed(2)} px`}`}
    </p>
  );
}

export function ErrorMapPanel() {
  const results = useEval((s) => s.results);
  const opts = useEval((s) => s.errorMap);
  const set = (p: Partial<typeof opts>) => useEval.getState().set({ errorMap: { ...useEval.getState().errorMap, ...p } });
  const map = useErrorMap();
  if (results.length === 0) return null;
  const n = map?.field.epe.length ?? 0;
  const evaluated = n - (map?.cells.missing.length ?? 0);
  const med = map ? median(map.field.epe.filter((v) => !Number.isNaN(v))) : NaN;
  return (
    <fieldset className="errormap-panel">
      <legend>Error map</legend>
      <label className="row">
        <input type="checkbox" aria-label="Show error map" checked={opts.show} onChange={(e) => set({ show: e.target.checked })} />
        <span>Show over the source:</span>
        <select aria-label="Error map descriptor" value={map?.descriptorId ?? opts.descriptorId ?? results[0].descriptorId}
          onChange={(e) => set({ descriptorId: e.target.value })}>
          {results.map((r) => <option key={r.descriptorId} value={r.descriptorId}>{r.descriptorId}</option>)}
        </select>
      </label>
      <label className="row">
        <span>clip at</span>
        <select aria-label="Error map maximum" value={opts.max} onChange={(e) => set({ max: Number(e.target.value) })}>
          {MAXIMA.map((m) => <option key={m} value={m}>{m} px</option>)}
        </select>
        <select aria-label="Error map colours" value={opts.colorMap} onChange={(e) => set({ colorMap: e.target.value as ColorMapName })}>
          <option value="viridis">viridis</option>
          <option value="cividis">cividis</option>
        </select>
        <input type="range" aria-label="Error map opacity" min={0.2} max={1} step={0.05} value={opts.opacity} onChange={(e) => set({ opacity: Number(e.target.value) })} />
      </label>
      {map && (
        <div className="errormap-legend" data-testid="errormap-legend" data-max={opts.max} data-colormap={opts.colorMap}
          data-points={n} data-evaluated={evaluated} data-missing={map.cells.missing.length} data-clipped={map.cells.clipped}>
          <LegendBar colorMap={opts.colorMap} />
          <div className="errormap-ticks"><span>0 px</span><span>{opts.max / 2} px</span><span>≥ {opts.max} px</span></div>
          <p className="hint">
            {map.descriptorId}: end-point error ‖NN(x) − GT(x)‖ of {n.toLocaleString()} source grid points ({map.field.cell.toFixed(1)} px cells),{' '}
            {evaluated.toLocaleString()} evaluated (median {Number.isFinite(med) ? med.toFixed(2) : '–'} px),{' '}
            {map.cells.clipped.toLocaleString()} at or above {opts.max} px (top colour),{' '}
            <span className="errormap-hatch" aria-hidden="true" /> {map.cells.missing.length.toLocaleString()} without ground truth (hatched: unknown there, or the true target is outside the target image).
          </p>
          <HoverReadout />
        </div>
      )}
    </fieldset>
  );
}
