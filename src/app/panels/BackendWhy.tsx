/** "Why this backend": the calibration figures behind `auto`'s choice, and a button to measure again. */
import { useApp } from '../store';
import { recalibrate } from '../engine/controller';
import { CALIBRATION_SIZE, calibrationCost } from '../../engine/bench/calibrate';

export function BackendWhy() {
  const backend = useApp((s) => s.backend);
  const busy = useApp((s) => s.status.kind === 'busy');
  if (!backend) return null;
  const cal = backend.calibration;
  const ranked = cal ? [...cal.figures].sort((a, b) => calibrationCost(a) - calibrationCost(b)) : [];
  return (
    <details className="backend-why">
      <summary aria-label="Why this backend">why?</summary>
      <div className="backend-why-body" role="group" aria-label="Backend calibration">
        <p>{backend.reason}.</p>
        {cal && ranked.length > 0 ? (
          <table aria-label="Calibration figures">
            <thead>
              <tr><th>backend</th><th>describe {CALIBRATION_SIZE}²</th><th>matMul 1024×128×1024</th><th>total</th></tr>
            </thead>
            <tbody>
              {ranked.map((f) => (
                <tr key={f.id} className={f.id === backend.id ? 'chosen' : ''}>
                  <td>{f.id}</td>
                  <td>{f.describeMs.toFixed(0)} ms</td>
                  <td>{f.matmulMs.toFixed(0)} ms ({f.gflops.toFixed(1)} GFLOP/s)</td>
                  <td>{calibrationCost(f).toFixed(0)} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{cal ? 'No backend could be measured' : 'No calibration ran (you chose the backend, or the measurement failed)'}: the probe’s order decided.</p>
        )}
        {cal && cal.skipped.length > 0 && <p className="hint">Not measured: {cal.skipped.map((s) => `${s.id} (${s.why})`).join('; ')}.</p>}
        {cal && <p className="hint">Measured {new Date(cal.at).toLocaleString()} for {cal.key}.</p>}
        <button type="button" disabled={busy} onClick={() => void recalibrate()}>Re-measure</button>
      </div>
    </details>
  );
}

