/**
 * The Grids view: a spatial-transformer playground (affine, projective, thin-plate-spline grids and the
 * bilinear sampler) and the current descriptor's sampling grids at the clicked pixel and over the images.
 */
import { useState } from 'react';
import { Playground } from './grids/Playground';
import { DescriptorGrids } from './grids/DescriptorGrids';
import './grids/grids.css';

type Part = 'playground' | 'descriptor';

export function GridsView() {
  const [part, setPart] = useState<Part>('playground');
  return (
    <div className="grids-view" data-testid="grids-view" data-part={part}>
      <div className="grids-switch" role="group" aria-label="Grids">
        <button type="button" aria-pressed={part === 'playground'} onClick={() => setPart('playground')}>Spatial-transformer playground</button>
        <button type="button" aria-pressed={part === 'descriptor'} onClick={() => setPart('descriptor')}>Descriptor sampling grids</button>
      </div>
      <div className="grids-body">{part === 'playground' ? <Playground /> : <DescriptorGrids />}</div>
    </div>
  );
}
