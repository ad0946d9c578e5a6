/**
 * One descriptor vector drawn in the descriptor's own geometry (see layout.ts): orientation histograms as
 * needles at their cells or petals, log-polar bins as coloured sectors, pairs as coloured lines, bits as
 * filled squares, windows as the pixels themselves, anything else as bars. SVG in pixel units around the
 * described pixel (x right, y down), with the image underneath where the units are pixels.
 */
import type { ReactNode } from 'react';
import { colorMapLut, lutColor } from '../../../engine/core/colormaps';
import { inPixels, layoutExtent, sectorPath } from './figureGeometry';
import type { DescriptorLayout } from './layout';

export interface Underlay {
  href: string;
  /** Where the picture sits, in the figure's pixel units. */
  x: number;
  y: number;
  size: number;
}

interface Props {
  layout: DescriptorLayout;
  values: Float32Array;
  /** The vector it is compared with, for marking differing bits. */
  other: Float32Array | null;
  /** |value| drawn at full length or full colour; shared by the two figures. */
  scale: number;
  /** Value range of both vectors, for colour scales that stretch it (pairs). */
  range: { lo: number; hi: number };
  /** Oriented SIFT: the frame is turned by θ₀ (radians) in the image. */
  theta0: number | null;
  underlay: Underlay | null;
  testId: string;
}

const viridis = colorMapLut('viridis');

export function DescriptorFigure({ layout, values, other, scale, range, theta0, underlay, testId }: Props) {
  if (layout.kind === 'bars') return <Bars values={values} scale={scale} testId={testId} />;
  // A turned frame (oriented SIFT) reaches into the corners: √2 more.
  const e = layoutExtent(layout) * (theta0 !== null ? Math.SQRT2 : 1.05);
  const stroke = e / 120;
  const turn = theta0 !== null ? `rotate(${(theta0 * 180) / Math.PI})` : undefined;
  // What a reader counts in the figure: histograms, log-polar bins, pixels of a window, bits or pairs.
  const count = layout.kind === 'histograms' ? layout.sites.length : layout.kind === 'log-polar' ? layout.rings * layout.angles : layout.kind === 'window' ? layout.k * layout.k : layout.dim;
  return (
    <svg viewBox={`${-e} ${-e} ${2 * e} ${2 * e}`} className="descriptor-figure" data-testid={testId} data-kind={layout.kind} data-cells={count}
      role="img" aria-label={layout.caption}>
      <rect x={-e} y={-e} width={2 * e} height={2 * e} fill="#0f1115" />
      {underlay && inPixels(layout) && (
        <image href={underlay.href} x={underlay.x} y={underlay.y} width={underlay.size} height={underlay.size} opacity={0.45} preserveAspectRatio="none" style={{ imageRendering: 'pixelated' }} />
      )}
      <g transform={turn}>{body(layout, values, other, scale, range, stroke)}</g>
      {inPixels(layout) && <circle r={stroke * 3} fill="#ff4fd8" />}
    </svg>
  );
}

function body(l: DescriptorLayout, v: Float32Array, other: Float32Array | null, scale: number, range: { lo: number; hi: number }, stroke: number): ReactNode {
  switch (l.kind) {
    case 'histograms':
      return l.sites.map((s, h) => (
        <g key={h} transform={`translate(${s.x} ${s.y})`}>
          {s.shape === 'square'
            ? <rect x={-s.extent} y={-s.extent} width={2 * s.extent} height={2 * s.extent} fill="none" stroke="#3b4252" strokeWidth={stroke} />
            : <circle r={s.extent} fill="none" stroke="#3b4252" strokeWidth={stroke} />}
          {l.binAngles.map((a, b) => {
            const len = (Math.max(0, v[h * l.bins + b]) / scale) * s.extent * 0.95;
            const [dx, dy] = [len * Math.cos(a), len * Math.sin(a)];
            return <line key={b} x1={l.undirected ? -dx : 0} y1={l.undirected ? -dy : 0} x2={dx} y2={dy} stroke="#fde725" strokeWidth={stroke * 2} strokeLinecap="round" />;
          })}
        </g>
      ));
    case 'log-polar': {
      const step = (2 * Math.PI) / l.angles;
      return Array.from({ length: l.rings * l.angles }, (_, i) => {
        const ring = Math.floor(i / l.angles);
        const a = i % l.angles;
        return <path key={i} d={sectorPath(l.edges[ring], l.edges[ring + 1], a * step, (a + 1) * step)} fill={lutColor(viridis, v[i] / scale)} stroke="#0f1115" strokeWidth={stroke / 2} />;
      });
    }
    case 'pairs': {
      // Colours stretch the values' range (they are close together after L2 normalisation); the strongest on top.
      const order = l.pairs.map((_, i) => i).sort((a, b) => v[a] - v[b]);
      return order.map((i) => {
        const p = l.pairs[i];
        return <line key={i} x1={p.x1} y1={p.y1} x2={p.x2} y2={p.y2} stroke={lutColor(viridis, (v[i] - range.lo) / (range.hi - range.lo))} strokeWidth={stroke * 2} opacity={0.85} />;
      });
    }
    case 'bit-grid': {
      const ox = l.centre ? -l.centre.col - 0.5 : -l.cols / 2;
      const oy = l.centre ? -l.centre.row - 0.5 : -l.rows / 2;
      return (
        <g transform={`translate(${ox} ${oy})`}>
          {l.cells.map((c, i) => (
            <rect key={i} x={c.col + 0.06} y={c.row + 0.06} width={0.88} height={0.88} fill={v[i] >= 0.5 ? '#fde725' : '#2a2f3a'}
              stroke={other && (v[i] >= 0.5) !== (other[i] >= 0.5) ? '#ff6b6b' : 'none'} strokeWidth={0.12} />
          ))}
          {l.centre && <rect x={l.centre.col + 0.2} y={l.centre.row + 0.2} width={0.6} height={0.6} fill="none" stroke="#ff4fd8" strokeWidth={0.1} />}
        </g>
      );
    }
    case 'window':
      return Array.from({ length: l.k * l.k }, (_, i) => (
        <rect key={i} x={(i % l.k) - l.k / 2} y={Math.floor(i / l.k) - l.k / 2} width={1} height={1} fill={windowColour(l, v, i, scale)} stroke="#0f1115" strokeWidth={stroke / 2} />
      ));
    case 'bars':
      return null;
  }
}

function windowColour(l: Extract<DescriptorLayout, { kind: 'window' }>, v: Float32Array, i: number, scale: number): string {
  const top = l.max ?? scale;
  const byte = (x: number) => Math.round(255 * Math.max(0, Math.min(1, x)));
  if (l.channels === 3) return `rgb(${byte(v[3 * i] / top)},${byte(v[3 * i + 1] / top)},${byte(v[3 * i + 2] / top)})`;
  if (!l.signed) return `rgb(${byte(v[i] / top)},${byte(v[i] / top)},${byte(v[i] / top)})`;
  // Zero-mean windows: orange above the mean, blue below, black at it.
  const t = v[i] / top;
  return t >= 0 ? `rgb(${byte(t)},${byte(t * 0.55)},0)` : `rgb(0,${byte(-t * 0.55)},${byte(-t)})`;
}

function Bars({ values, scale, testId }: { values: Float32Array; scale: number; testId: string }) {
  const n = values.length;
  const neg = Array.from(values).some((x) => x < 0);
  const mid = neg ? 50 : 100;
  return (
    <svg viewBox={`0 0 ${n} 100`} preserveAspectRatio="none" className="descriptor-figure bars" data-testid={testId} data-kind="bars" data-cells={n} role="img" aria-label={`${n} values as bars`}>
      <rect width={n} height={100} fill="#0f1115" />
      {Array.from(values, (x, i) => {
        const h = (Math.abs(x) / scale) * (neg ? 50 : 100);
        return <rect key={i} x={i + 0.1} y={x >= 0 ? mid - h : mid} width={0.8} height={h} fill={x >= 0 ? '#fde725' : '#7cc4ff'} />;
      })}
    </svg>
  );
}
