/**
 * The fine-tuning curve as it grows: training loss per report (left axis) and validation PCK within 8 px
 * (right axis) on held-out warps of these images and, when the pair has ground truth, on that truth.
 */
import type { UcnProgress } from '../../engine/learned/ucn/train';

const W = 260;
const H = 160;
const PAD = { l: 34, r: 36, t: 8, b: 26 };
export const CHART_COLOURS = { loss: '#4cc9f0', warps: '#b5e48c', pair: '#ffb703' } as const;

export function LossChart({ reports, steps }: { reports: UcnProgress[]; steps: number }) {
  const losses = reports.filter((p) => Number.isFinite(p.loss));
  const top = Math.max(1e-6, ...losses.map((p) => p.loss)) * 1.1;
  const x = (step: number) => PAD.l + (step / Math.max(1, steps)) * (W - PAD.l - PAD.r);
  const yLoss = (v: number) => PAD.t + (1 - v / top) * (H - PAD.t - PAD.b);
  const yPck = (v: number) => PAD.t + (1 - v) * (H - PAD.t - PAD.b);
  const line = (pts: [number, number][]) => pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ');
  const pair = reports.filter((p) => p.pairPck);
  const xTicks = [0, Math.round(steps / 2), steps].filter((v, i, a) => a.indexOf(v) === i);
  return (
    <figure className="loss-chart">
      <svg width={W} height={H} role="img" aria-label="Fine-tuning loss and validation PCK per step" data-testid="loss-chart">
        <rect x={PAD.l} y={PAD.t} width={W - PAD.l - PAD.r} height={H - PAD.t - PAD.b} fill="none" stroke="#555" />
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.l} x2={W - PAD.r} y1={yPck(f)} y2={yPck(f)} stroke="#333" />
            <text x={PAD.l - 3} y={yPck(f) + 3} fontSize="9" textAnchor="end" fill={CHART_COLOURS.loss}>{losses.length ? (top * f).toFixed(3) : ''}</text>
            <text x={W - PAD.r + 3} y={yPck(f) + 3} fontSize="9" fill="#aaa">{f * 100}</text>
          </g>
        ))}
        {xTicks.map((t) => <text key={t} x={x(t)} y={H - PAD.b + 11} fontSize="9" textAnchor="middle" fill="#aaa">{t}</text>)}
        <text x={(W + PAD.l - PAD.r) / 2} y={H - 3} fontSize="9" textAnchor="middle" fill="#aaa">step</text>
        <text x={9} y={H / 2} fontSize="9" textAnchor="middle" fill={CHART_COLOURS.loss} transform={`rotate(-90 9 ${H / 2})`}>loss</text>
        <text x={W - 6} y={H / 2} fontSize="9" textAnchor="middle" fill="#aaa" transform={`rotate(90 ${W - 6} ${H / 2})`}>PCK@8 px (%)</text>
        <polyline points={line(reports.map((p) => [x(p.step), yPck(p.validationPck[1])]))} fill="none" stroke={CHART_COLOURS.warps} strokeWidth={1.5} strokeDasharray="4 2" data-series="warps" />
        {pair.length > 0 && <polyline points={line(pair.map((p) => [x(p.step), yPck(p.pairPck![1])]))} fill="none" stroke={CHART_COLOURS.pair} strokeWidth={1.5} data-series="pair" />}
        <polyline points={line(losses.map((p) => [x(p.step), yLoss(p.loss)]))} fill="none" stroke={CHART_COLOURS.loss} strokeWidth={1.5} data-series="loss" />
        {losses.map((p) => <circle key={p.step} cx={x(p.step)} cy={yLoss(p.loss)} r={2} fill={CHART_COLOURS.loss} data-testid="loss-point" />)}
      </svg>
    </figure>
  );
}
