/** PCK against the threshold (0–20 px) for every evaluated descriptor: one SVG polyline each. */
import { pckCurve } from '../../engine/eval/metrics';
import type { EvaluateResult } from '../../worker/handlers';

const W = 260;
const H = 150;
const PAD = { l: 30, r: 8, t: 8, b: 24 };
const MAX_T = 20;
const TS = Array.from({ length: MAX_T * 2 + 1 }, (_, i) => i / 2);
const COLOURS = ['#4cc9f0', '#f72585', '#b5e48c', '#ffb703', '#9d4edd', '#ff6b6b', '#2ec4b6', '#e0e0e0', '#fb8500', '#8ecae6', '#c77dff', '#90be6d'];

export function PckCurves({ results }: { results: EvaluateResult[] }) {
  if (results.length === 0) return null;
  const x = (t: number) => PAD.l + (t / MAX_T) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - v) * (H - PAD.t - PAD.b);
  return (
    <figure className="pck-curves">
      <svg width={W} height={H} role="img" aria-label="PCK against threshold">
        <rect x={PAD.l} y={PAD.t} width={W - PAD.l - PAD.r} height={H - PAD.t - PAD.b} fill="none" stroke="#555" />
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} stroke="#333" />
            <text x={PAD.l - 4} y={y(v) + 3} fontSize="9" textAnchor="end" fill="#aaa">{v * 100}</text>
          </g>
        ))}
        {[0, 5, 10, 15, 20].map((t) => (
          <text key={t} x={x(t)} y={H - PAD.b + 12} fontSize="9" textAnchor="middle" fill="#aaa">{t}</text>
        ))}
        <text x={(W + PAD.l) / 2} y={H - 2} fontSize="9" textAnchor="middle" fill="#aaa">threshold T (px)</text>
        {results.map((r, i) => {
          const pts = pckCurve(r.epe, TS).map((v, k) => `${x(TS[k]).toFixed(1)},${y(Number.isFinite(v) ? v : 0).toFixed(1)}`).join(' ');
          return <polyline key={r.descriptorId} points={pts} fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth={1.5} data-descriptor={r.descriptorId} />;
        })}
      </svg>
      <figcaption className="hint">
        PCK (%) vs T.{' '}
        {results.map((r, i) => <span key={r.descriptorId} style={{ color: COLOURS[i % COLOURS.length] }}>■ {r.descriptorId} </span>)}
      </figcaption>
    </figure>
  );
}
