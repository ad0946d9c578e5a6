/**
 * The views of the main area, named as users (and tests) find them. Each has a one-key shortcut; the
 * list also feeds the `?` shortcut sheet, so what the sheet says is what the keys do.
 */
export const VIEW_TABS = [
  { id: 'matches', label: 'Matches', key: 'm', help: 'Nearest-neighbour matches on the grid, drawn as lines; click a pixel to query it.' },
  { id: 'heatmap', label: 'Heatmap', key: 'h', help: 'Similarity of the clicked pixel to every pixel of the other image, without match lines.' },
  { id: 'warp', label: 'Warp', key: 'w', help: 'The source warped into the target frame through the NN field, a RANSAC homography or the ground truth; flow colours.' },
  { id: 'grids', label: 'Grids', key: 'g', help: 'Spatial-transformer playground (affine, projective, TPS grids and the bilinear sampler) and the descriptor\'s sampling grid at the clicked pixel.' },
  { id: 'compare', label: 'Compare', key: 'c', help: '2–4 descriptors side by side: one click queries all of them; each shows its heatmap, best match, score and time.' },
  { id: 'inspector', label: 'Inspector', key: 'i', help: 'The clicked pixel\'s descriptor and its best match\'s, drawn in the descriptor\'s own geometry, with their distance.' },
] as const satisfies readonly { id: string; label: string; key: string; help: string }[];

export type ViewTab = (typeof VIEW_TABS)[number]['id'];

export const isViewTab = (v: string | null): v is ViewTab => VIEW_TABS.some((t) => t.id === v);

/** Keys that are not view switches, listed on the same sheet. */
export const OTHER_SHORTCUTS: readonly { key: string; what: string }[] = [
  { key: '← ↑ → ↓', what: 'move the query one pixel (with Shift: ten)' },
  { key: 'wheel / drag', what: 'zoom / pan both panes together' },
  { key: 'Ctrl+V', what: 'paste an image into the pane under the pointer' },
  { key: '?', what: 'show or hide this list' },
  { key: 'Esc', what: 'close this list' },
];
