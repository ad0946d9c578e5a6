/**
 * The Inspector view: the clicked pixel's descriptor and its best match's, each drawn in the descriptor's
 * own geometry (layout.ts), side by side on one value scale, with the distance between them in the
 * descriptor's metric.
 */
import { useMemo } from 'react';
import { useApp } from '../store';
import { workingScale } from '../store/images';
import { toOriginal } from '../../engine/core/workingSize';
import { getDescriptor } from '../../engine/descriptors/registry';
import { METRICS } from '../../engine/match/metric';
import { descriptorLayout } from './inspector/layout';
import { pairScore } from './inspector/distance';
import { layoutExtent, sharedRange, sharedScale } from './inspector/figureGeometry';
import { DescriptorFigure } from './inspector/DescriptorFigure';
import { underlayFor } from './inspector/underlay';
import { useDescriptorPair, type DescriptorPair } from './inspector/useDescriptorPair';
import './inspector/inspector.css';

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
const deg = (r: number) => `${((r * 180) / Math.PI).toFixed(1)}°`;

export function InspectorView() {
  const state = useDescriptorPair();
  return (
    <section className="inspector" aria-label="Inspector view" data-testid="inspector" data-state={state.kind}
      data-descriptor={state.kind === 'ready' ? state.pair.data.descriptorId : ''}>
      {state.kind === 'none' && <p className="hint">Click a pixel (in Matches or Heatmap, or type one in <em>Query point</em>): its descriptor and its best match's are drawn here.</p>}
      {state.kind === 'loading' && <p className="hint">Reading the descriptors…</p>}
      {state.kind === 'failed' && <p className="field-problem" role="alert">Could not read the descriptors: {state.message}</p>}
      {state.kind === 'ready' && <PairFigures pair={state.pair} />}
    </section>
  );
}

function PairFigures({ pair }: { pair: DescriptorPair }) {
  const images = useApp((s) => s.images);
  const { data, points, result, theta0 } = pair;
  const d = getDescriptor(data.descriptorId);
  const layout = useMemo(() => descriptorLayout(data.descriptorId, data.params, data.vectors[0].length), [data]);
  const [a, b] = data.vectors;
  const distance = pairScore(data.metric, a, b);
  const scale = sharedScale(a, b);
  const range = sharedRange(a, b);
  const extent = layoutExtent(layout) * (theta0 ? Math.SQRT2 : 1.05);
  // Cut once per pair (a canvas and a data URL each), not on every render.
  const underlays = useMemo(() => points.map((p) => {
    const img = images[p.side];
    return img ? underlayFor(img, p.x, p.y, extent) : null;
  }), [images, points, extent]);
  const where = (i: number) => {
    const p = points[i];
    const img = images[p.side];
    const s = img ? workingScale(img) : { sx: 1, sy: 1 };
    return `${p.side} (${Math.round(toOriginal(p.x, s.sx) * 100) / 100}, ${Math.round(toOriginal(p.y, s.sy) * 100) / 100})`;
  };
  return (
    <>
      <h2>{d.label}: the query and its best match</h2>
      <p className="distance" data-testid="inspector-distance" data-distance={distance} data-query-score={result.bestScore} data-metric={data.metric} data-kind={layout.kind}>
        {METRICS[data.metric].label}: <strong>{fmt(distance)}</strong> <small>(D = {data.dim}; the query panel's score: {fmt(result.bestScore)})</small>
      </p>
      <div className="inspector-pair">
        {[0, 1].map((i) => (
          <figure key={i}>
            <figcaption>{i === 0 ? 'Query' : 'Best match'}: {where(i)}{theta0 ? `, θ₀ = ${deg(theta0[i])} (frame turned by it)` : ''}</figcaption>
            <DescriptorFigure layout={layout} values={data.vectors[i]} other={data.vectors[1 - i]} scale={scale} range={range} theta0={theta0 ? theta0[i] : null}
              underlay={underlays[i]} testId={i === 0 ? 'inspector-query' : 'inspector-match'} />
          </figure>
        ))}
      </div>
      <p className="caption">
        {layout.caption} Both figures share one scale ({layout.kind === 'pairs' ? `colours from ${range.lo.toPrecision(3)} to ${range.hi.toPrecision(3)}` : `largest |value| ${scale.toPrecision(3)}`}); the image lies underneath where the figure is in pixels; magenta: the described pixel; x right, y down.
        {layout.kind === 'bit-grid' && ' Red outline: the bit differs between the two.'}
      </p>
    </>
  );
}
