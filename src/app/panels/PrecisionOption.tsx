/**
 * Float32 (exact, default) or int16 dense search (engine/match/quantized/): both maps quantised to int16 with
 * one shared scale, dot products by WebAssembly SIMD. Shows the kernel that ran, or why int16 did not apply.
 */
import { useApp } from '../store';
import { int16Unavailable } from '../../engine/match/nearestForMetric';

/** Measured on the shared pairs (README, Benchmark; `matchscope eval --precision int16`): the cost shown beside the control. */
export const INT16_COST = 'int16 search: 1.7–3× faster on wasm; PCK@3 unchanged (0.1 % steps) on motorcycle and graffiti for patch, SIFT and DAISY, mutual matches within 0.2 %.';

export function PrecisionOption() {
  const precision = useApp((s) => s.settings.precision);
  const setSettings = useApp((s) => s.setSettings);
  const compute = useApp((s) => s.compute);
  const kernel = compute?.matches.nnKernel;
  // The worker decides (nearestForMetric.ts); this names its reason, read from the same rule.
  const why = compute && precision === 'int16' && compute.options.precision === 'int16' && !kernel?.startsWith('int16')
    ? compute.options.search === 'scanline' ? 'scanline search is float32 only' : int16Unavailable(compute.metric, compute.backend) ?? 'see Diagnostics'
    : null;
  return (
    <div>
      <label title="Float32 is exact. Int16 quantises both descriptor maps with one shared power-of-two scale (no int32 overflow possible) and searches with WebAssembly SIMD: faster, a few per cent of best matches change. Global search of l2/cosine descriptors on the wasm and cpu backends only.">
        <span>Precision</span>
        <select aria-label="Precision" value={precision} onChange={(e) => setSettings({ precision: e.target.value as 'float32' | 'int16' })}>
          <option value="float32">float32 (exact)</option>
          <option value="int16">int16 (quantised, faster)</option>
        </select>
      </label>
      {precision === 'int16' && (
        <p className="hint" data-testid="precision-note" data-nn-kernel={kernel ?? ''}>
          {why ? `float32 ran: ${why}.` : INT16_COST}
        </p>
      )}
    </div>
  );
}
