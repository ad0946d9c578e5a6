/** What the current descriptor is: citation, dimension, invariances and every deviation from the paper. */
import { useApp } from '../store';
import { currentParams } from '../store/settings';
import { getDescriptor } from '../../engine/descriptors/registry';
import { METRICS } from '../../engine/match/metric';
import { PatternFigure } from './PatternFigure';

export function DescriptorInfo() {
  const settings = useApp((s) => s.settings);
  const d = getDescriptor(settings.descriptorId);
  const p = currentParams(settings);
  return (
    <section aria-labelledby="desc-h" className="descriptor-info">
      <h2 id="desc-h">{d.label}</h2>
      <p>{d.summary}</p>
      <p className="hint">D = {d.dim(p)} · compared by {METRICS[d.metric].label} · window {2 * d.radius(p) + 1}×{2 * d.radius(p) + 1} · designed for: {(d.invariancesFor?.(p) ?? d.invariances).join(', ')}</p>
      {d.pattern && <PatternFigure pattern={d.pattern(p)} radius={d.radius(p)} />}
      <p className="citation">{d.citation}</p>
      <details>
        <summary>Deviations from the paper</summary>
        <ul>{d.deviations.map((x) => <li key={x}>{x}</li>)}</ul>
      </details>
    </section>
  );
}
