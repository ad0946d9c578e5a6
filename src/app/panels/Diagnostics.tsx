/**
 * What the engine is doing, for users chasing a slow or odd result and for tests: backend, live tensors and
 * bytes in the worker, cached descriptor maps, image sizes and the timings of the last computation.
 * The worker is asked when the panel opens and whenever a job ends.
 */
import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../store';
import { diagnostics } from '../engine/controller';
import type { Diagnostics as EngineDiagnostics } from '../../worker/handlers';
import { crashWorkerForTest, debugEnabled, installDebugHooks, loseDeviceForTest } from '../engine/debugHooks';
import type { LoadedImage } from '../store/images';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const ms = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(0)} ms`);
const size = (i: LoadedImage | null) =>
  i ? `${i.width}×${i.height}${i.workingWidth !== i.width ? ` (computed at ${i.workingWidth}×${i.workingHeight})` : ''}, ${i.format.toUpperCase()}` : '–';

export function Diagnostics() {
  const [open, setOpen] = useState(false);
  const [d, setD] = useState<EngineDiagnostics | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const status = useApp((s) => s.status.kind);
  const backend = useApp((s) => s.backend);
  const images = useApp((s) => s.images);
  const compute = useApp((s) => s.compute);
  const decodeMs = useApp((s) => s.decodeMs);
  const queryMs = useApp((s) => s.query?.result?.ms);

  useEffect(installDebugHooks, []);
  const refresh = useCallback(() => {
    diagnostics().then((x) => { setD(x); setProblem(null); }, (e: unknown) => setProblem(String(e)));
  }, []);
  useEffect(() => {
    if (open && status !== 'busy' && status !== 'starting') refresh();
  }, [open, status, refresh]);

  const t = compute?.timingsMs;
  // matmul, popcount-wasm / popcount-js for binary descriptors, or int16-wasm / int16-js when asked for (nearestForMetric.ts).
  const kernel = compute?.matches.nnKernel;
  return (
    <details className="diagnostics" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Diagnostics</summary>
      <dl className="match-details" data-testid="diagnostics" data-backend={d?.backend ?? ''} data-tensors={d?.numTensors ?? ''}
        data-bytes={d?.numBytes ?? ''} data-source-size={images.source ? `${images.source.width}x${images.source.height}` : ''}
        data-target-size={images.target ? `${images.target.width}x${images.target.height}` : ''}>
        <dt>Backend</dt><dd>{backend ? `${backend.id}: ${backend.reason}` : '…'}</dd>
        <dt>Tensors</dt><dd>{d ? d.numTensors.toLocaleString() : '…'}</dd>
        <dt>Bytes</dt><dd>{d ? mb(d.numBytes) : '…'}</dd>
        <dt>Cached maps</dt><dd>{d ? `${d.cachedMaps} (${mb(d.cachedBytes)})` : '…'}</dd>
        <dt>Worker calls</dt><dd>{d ? `${d.calls.completed} done, ${d.calls.failed} failed or cancelled` : '…'}</dd>
        <dt>Source</dt><dd>{size(images.source)}</dd>
        <dt>Target</dt><dd>{size(images.target)}</dd>
        <dt>Decode</dt><dd>{ms(decodeMs.source)} / {ms(decodeMs.target)}</dd>
        <dt>Describe</dt><dd>{t ? `${ms(t.describe_source)} / ${ms(t.describe_target)}` : '–'}</dd>
        <dt>Match</dt><dd data-nn-kernel={kernel ?? ''}>{ms(t?.match)}{kernel ? ` (nearest neighbours by ${kernel})` : ''}</dd>
        <dt>Last query</dt><dd>{ms(queryMs)}</dd>
      </dl>
      {problem && <p className="field-problem">{problem}</p>}
      <button type="button" onClick={refresh}>Refresh</button>
      {debugEnabled() && (
        <p className="debug-tools">
          <button type="button" onClick={crashWorkerForTest}>Crash the engine (test)</button>
          <button type="button" onClick={() => void loseDeviceForTest()}>Lose the GPU device (test)</button>
        </p>
      )}
    </details>
  );
}
