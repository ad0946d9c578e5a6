/** The evaluation numbers per descriptor, as percentages (the engine's fractions × 100). */
import type { EvaluateResult } from '../../worker/handlers';

const pct = (v: number) => (Number.isFinite(v) ? (v * 100).toFixed(1) : '–');

export function ResultsTable({ results }: { results: EvaluateResult[] }) {
  if (results.length === 0) return null;
  return (
    <div className="eval-table-wrap">
    <table className="eval-table" data-testid="eval-table">
      <thead>
        <tr>
          <th>descriptor</th><th>n</th><th>@1</th><th>@3</th><th>@5</th><th>@10</th><th title="T = 0.05·max(W, H)">@.05α</th><th title="T = 0.1·max(W, H)">@.1α</th>
          <th title="mutual matches">mut.</th><th title="mutual precision at 3 px">prec@3</th><th title="mean matching accuracy, T = 1..10">MMA</th><th title="median end-point error, px">EPE</th>
        </tr>
      </thead>
      <tbody>
        {results.map(({ descriptorId, metrics: m, seconds }) => (
          <tr key={descriptorId} data-descriptor={descriptorId} data-metrics={JSON.stringify(m)} title={`${seconds.toFixed(1)} s`}>
            <td>{descriptorId}</td><td>{m.points}</td>
            <td>{pct(m.pck['1'])}</td><td>{pct(m.pck['3'])}</td><td>{pct(m.pck['5'])}</td><td>{pct(m.pck['10'])}</td>
            <td>{pct(m.pck_alpha['0.05'])}</td><td>{pct(m.pck_alpha['0.1'])}</td>
            <td>{m.mutual.matches}</td><td>{pct(m.mutual.precision['3'])}</td><td>{pct(m.mma)}</td>
            <td>{Number.isFinite(m.epe_median) ? m.epe_median.toFixed(1) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
