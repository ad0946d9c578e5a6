/**
 * What a descriptor does about geometry, read from its code and params (not from its claims): whether its
 * sampling pattern turns with each pixel, turns by one fixed angle everywhere, or never turns.
 */
import type { ParamsOf } from '../../../engine/descriptors/contract';

export type GeometryHandling = 'per-pixel-orientation' | 'per-cell-transform' | 'fixed-offset' | 'none';

export function geometryNote(id: string, p: ParamsOf): { handling: GeometryHandling; text: string } {
  if (id === 'sift' && p.oriented === true) {
    return { handling: 'per-pixel-orientation', text: 'Oriented dense SIFT: each pixel\'s 4×4 grid is turned to its own dominant gradient orientation θ₀ (Lowe §5). The scale is fixed by the bin size: no scale normalisation.' };
  }
  if (id === 'sift') return { handling: 'none', text: 'Dense SIFT with "oriented" off: the same upright 4×4 grid at every pixel, one fixed scale. Turn "Rotate to dominant orientation" on to see per-pixel frames.' };
  if (id === 'daisy' && p.orientation === 'dominant') {
    return { handling: 'per-pixel-orientation', text: 'DAISY, orientation "dominant": each pixel\'s flower is turned to its own dominant gradient orientation θ(x) (36-bin histogram, window σ = R/3, as libdaisy) and its histograms shifted by θ. The scale is fixed by R: no scale normalisation.' };
  }
  if (id === 'daisy' && p.orientation === 'fixed' && Number(p.offset) !== 0) {
    return { handling: 'fixed-offset', text: `DAISY, orientation "fixed": the whole layout is turned by one offset (${Number(p.offset)}°) at every pixel. Choose "dominant" to turn it per pixel.` };
  }
  if (id === 'daisy') return { handling: 'none', text: 'DAISY here is upright at every pixel: no per-pixel orientation or scale. Choose orientation "dominant" to see per-pixel frames.' };
  if (id === 'ucn' && p.variant === 'hn-st') {
    return { handling: 'per-cell-transform', text: 'UCN HN-ST: its convolutional spatial transformer regresses a rotation φ and a scale σ at every feature cell and samples the 3×3 grid of cells it combines through them (Choy et al. §3.3); shown at the query and its match.' };
  }
  if (id === 'ucn') return { handling: 'none', text: 'UCN without the transformer (RN, HN): the same upright 3×3 grid of cells everywhere. Choose the hn-st variant to see the transformer\'s per-cell grids.' };
  return { handling: 'none', text: 'This descriptor does not normalise geometry: the same upright pattern at every pixel, one scale.' };
}
