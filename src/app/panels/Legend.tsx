/** A colour bar with its numeric range and what the numbers mean. */
import { useEffect, useRef } from 'react';
import type { ColorMapName } from '../../engine/core/colormaps';
import { colorMapLut } from '../../engine/core/colormaps';

export function Legend(props: { title: string; lo: number; hi: number; higherIsBetter: boolean; colorMap: ColorMapName; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { lo, hi, higherIsBetter, colorMap } = props;
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (!c) return;
    const lut = colorMapLut(colorMap);
    for (let x = 0; x < 256; x++) {
      // Left end = lo. Bright = good, whichever direction the metric runs.
      const k = higherIsBetter ? x : 255 - x;
      c.fillStyle = `rgb(${lut[k * 3]},${lut[k * 3 + 1]},${lut[k * 3 + 2]})`;
      c.fillRect(x, 0, 1, 12);
    }
  }, [colorMap, higherIsBetter]);
  const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(3));
  return (
    <figure className="legend" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      <canvas ref={ref} width={256} height={12} aria-hidden="true" />
      <div className="legend-range">
        <span>{fmt(lo)}</span>
        <span>{higherIsBetter ? 'higher = more similar' : 'lower = more similar'}</span>
        <span>{fmt(hi)}</span>
      </div>
    </figure>
  );
}
