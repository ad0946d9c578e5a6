/**
 * Where the Compare view's panes sit: the query image first, then one pane per descriptor, in the grid
 * (columns × rows) that shows the images largest. Pure, so the choice can be tested with numbers.
 */
import { PANE_GAP, type PaneRect } from '../../canvas/paneLayout';

/** Rects for `cells` equal panes of images with aspect w/h, filling a stageW × stageH area, row by row. */
export function gridRects(stageW: number, stageH: number, cells: number, aspect: number): PaneRect[] {
  let best = { cols: 1, fit: -1 };
  for (let cols = 1; cols <= cells; cols++) {
    const rows = Math.ceil(cells / cols);
    const cw = (stageW - PANE_GAP * (cols - 1)) / cols;
    const ch = (stageH - PANE_GAP * (rows - 1)) / rows;
    // Image scale in a cell: limited by width (cw / aspect) or height.
    const fit = Math.min(cw / aspect, ch);
    if (fit > best.fit) best = { cols, fit };
  }
  const cols = best.cols;
  const rows = Math.ceil(cells / cols);
  const w = (stageW - PANE_GAP * (cols - 1)) / cols;
  const h = (stageH - PANE_GAP * (rows - 1)) / rows;
  return Array.from({ length: cells }, (_, i) => ({ x: (i % cols) * (w + PANE_GAP), y: Math.floor(i / cols) * (h + PANE_GAP), w, h }));
}
