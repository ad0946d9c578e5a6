/** The Middlebury colour wheel with the flow length its rim stands for. */
import { useEffect, useRef } from 'react';
import { flowWheelLegend } from '../../../engine/geometry/flowColor';

const SIZE = 96;

export function FlowLegend(props: { maxRad: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (c) c.putImageData(new ImageData(flowWheelLegend(SIZE), SIZE, SIZE), 0, 0);
  }, []);
  return (
    <figure className="flow-legend" data-testid="flow-legend" data-max-rad={props.maxRad}>
      <canvas ref={ref} width={SIZE} height={SIZE} aria-label="Flow colour wheel" role="img" />
      <figcaption>
        Hue = direction (→ red, ↓ yellow, ← cyan-blue, ↑ violet), saturation = length. The rim is
        {' '}{props.maxRad.toFixed(1)} px, the 95th percentile of the flow lengths; longer flows are drawn
        darker. White = no motion; masked cells are black.
        <br />Colour coding of Baker et al., IJCV 2011 (Middlebury).
      </figcaption>
    </figure>
  );
}
