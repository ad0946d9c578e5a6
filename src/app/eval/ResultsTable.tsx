/**
 * The evaluation numbers per descriptor, as percentages (the engine's fractions × 100), in two narrow tables
 * that fit the side panel: PCK over all evaluated points, then the mutual matches and the RANSAC fit to them.
 */
import type { CornerFit } from '../../engine/eval/cornerError';
import type { EvaluateResult } from '../../worker/handlers';

const pct = (v: number) => (Number.isFinite(v) ? (v * 100).toFixed(1) : '–');
/** n/a: no homography truth; "–": the fit failed (the reason is listed under the table). */
const cornerText = (c: CornerFit | null) => (c === null ? ['n/a', 'n/a'] : c.ok ? [c.error.toFixed(2), String(c.inliers)] : ['–', '0']);

export function ResultsTable({ results }: { results: EvaluateResult[] }) {
  if (results.length === 0) return null;
  return (
    <div className="eval-table-wrap">
    <table className="eval-table" data-testid="eval-table">
      <thead>
        <tr>
          <th>descriptor</th><th>n</th><th>@1</th><th>@3</th><th>@5</th><th>@10</th><th title="T = 0.05·max(W, H)">@.05α</th><th title="T = 0.1·max(W, H)">@.1α</th>
          <th title="median end-point error, px">EPE</th>
        </tr>
      </thead>
      <tbody>
        {results.map(({ descriptorId, metrics: m, seconds }) => (
          <tr key={descriptorId} data-descriptor={descriptorId} data-metrics={JSON.stringify(m)} title={`${seconds.toFixed(1)} s`}>
            <td>{descriptorId}</td><td>{m.points}</td>
            <td>{pct(m.pck['1'])}</td><td>{pct(m.pck['3'])}</td><td>{pct(m.pck['5'])}</td><td>{pct(m.pck['10'])}</td>
            <td>{pct(m.pck_alpha['0.05'])}</td><td>{pct(m.pck_alpha['0.1'])}</td>
            <td>{Number.isFinite(m.epe_median) ? m.epe_median.toFixed(1) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <table className="eval-table" data-testid="eval-fit-table">
      <thead>
        <tr>
          <th>descriptor</th><th title="mutual matches">mutual</th><th title="mutual precision at 3 px">prec@3</th><th title="mean matching accuracy, T = 1..10">MMA</th>
          <th title="mean corner error of a RANSAC homography fit to the mutual matches, px (homography truth only)">corner px</th>
          <th title="RANSAC inliers among the mutual matches">inliers</th>
        </tr>
      </thead>
      <tbody>
        {results.map(({ descriptorId, metrics: m }) => (
          <tr key={descriptorId} data-descriptor={descriptorId}>
            <td>{descriptorId}</td><td>{m.mutual.matches}</td><td>{pct(m.mutual.precision['3'])}</td><td>{pct(m.mma)}</td>
            {cornerText(m.corner).map((text, k) => <td key={k} data-testid={k === 0 ? 'corner-error' : 'corner-inliers'}>{text}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
    {results.map(({ descriptorId, metrics: { corner } }) => corner && !corner.ok && (
      <p key={descriptorId} className="eval-notes warn" data-testid="corner-unavailable">{descriptorId}: no corner error: {corner.reason}.</p>
    ))}
    </div>
  );
}
