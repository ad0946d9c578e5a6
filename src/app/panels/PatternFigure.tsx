/** The descriptor's sampling pattern as an SVG, drawn from the descriptor's own `pattern()`. */
import type { SamplingPattern } from '../../engine/descriptors/contract';

export function PatternFigure({ pattern, radius }: { pattern: SamplingPattern; radius: number }) {
  const marks = [
    ...(pattern.cells ?? []).map((c) => Math.max(Math.abs(c.x), Math.abs(c.y)) + c.size / 2),
    ...(pattern.points ?? []).map((p) => Math.hypot(p.x, p.y) + (p.r ?? 0)),
    ...(pattern.pairs ?? []).map((p) => Math.max(Math.abs(p.x1), Math.abs(p.y1), Math.abs(p.x2), Math.abs(p.y2))),
  ];
  const extent = Math.max(radius + 0.5, ...marks, 1) * 1.08;
  const vb = `${-extent} ${-extent} ${2 * extent} ${2 * extent}`;
  const stroke = extent / 90;
  return (
    <figure className="pattern-figure" data-testid="pattern-figure">
      <svg viewBox={vb} width="100%" role="img" aria-label={`Sampling pattern: ${pattern.caption}`}>
        <rect x={-extent} y={-extent} width={2 * extent} height={2 * extent} fill="#0f1115" />
        {(pattern.cells ?? []).map((c, i) => (
          <rect key={`c${i}`} x={c.x - c.size / 2} y={c.y - c.size / 2} width={c.size} height={c.size} fill="#21918c33" stroke="#21918c" strokeWidth={stroke} />
        ))}
        {(pattern.points ?? []).map((p, i) => (
          <g key={`p${i}`}>
            {p.r !== undefined && <circle cx={p.x} cy={p.y} r={p.r} fill="none" stroke="#5ec96288" strokeWidth={stroke} />}
            <circle cx={p.x} cy={p.y} r={stroke * 2.5} fill="#fde725" />
          </g>
        ))}
        {(pattern.pairs ?? []).map((p, i) => (
          <line key={`l${i}`} x1={p.x1} y1={p.y1} x2={p.x2} y2={p.y2} stroke="#7cc4ff99" strokeWidth={stroke} />
        ))}
        <circle cx={0} cy={0} r={stroke * 3} fill="#ff4fd8" />
      </svg>
      <figcaption>{pattern.caption} The magenta dot is the described pixel; x right, y down.</figcaption>
    </figure>
  );
}
