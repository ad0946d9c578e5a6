/** The bottom line: job status with progress and Cancel, errors, notices, hover position. */
import { useApp } from '../store';
import { cancel } from '../engine/controller';

export function statusText(s: ReturnType<typeof useApp.getState>['status']): string {
  switch (s.kind) {
    case 'starting': return 'Starting the engine…';
    case 'idle': return s.message;
    case 'busy': return `${s.stage[0].toUpperCase()}${s.stage.slice(1)}…`;
    case 'ready': return 'Ready';
    case 'cancelled': return 'Cancelled';
    case 'failed': return `Failed: ${s.message}`;
  }
}

export function StatusBar() {
  const status = useApp((s) => s.status);
  const error = useApp((s) => s.error);
  const notices = useApp((s) => s.notices);
  const hover = useApp((s) => s.view.hover);
  const backend = useApp((s) => s.backend);
  return (
    <footer className="statusbar">
      <div className="status-line">
        <span role="status" aria-live="polite" className={`status status-${status.kind}`}>{statusText(status)}</span>
        {status.kind === 'busy' && (
          <>
            <progress aria-label="Progress" max={1} value={status.fraction} />
            <button type="button" onClick={cancel}>Cancel</button>
          </>
        )}
        <span className="hover" aria-label="Pointer position">
          {hover ? `${hover.side} (${hover.x.toFixed(1)}, ${hover.y.toFixed(1)})` : ''}
        </span>
        <span className="backend-reason">{backend ? `${backend.id}: ${backend.reason}` : ''}</span>
      </div>
      <div role="alert" className={error ? 'alert' : 'alert empty'}>
        {error && (
          <>
            <span>{error}</span>
            <button type="button" aria-label="Dismiss message" onClick={() => useApp.getState().set({ error: null })}>×</button>
          </>
        )}
      </div>
      {Object.entries(notices).map(([k, v]) => <p key={k} className="notice">{v}</p>)}
    </footer>
  );
}
