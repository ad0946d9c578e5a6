/**
 * The main area: the two-pane stage for Matches and Heatmap; other views add their component here.
 * Views that are not shown are unmounted, so they cost nothing while hidden.
 */
import type { ReactNode } from 'react';
import { useApp } from '../store';
import { MatchStage } from '../canvas/MatchStage';
import type { ViewTab } from './tabs';
import { CompareView } from './compare/CompareView';
import { WarpView } from './WarpView';
import { GridsView } from './GridsView';
import { InspectorView } from './InspectorView';

const VIEWS: Record<ViewTab, () => ReactNode> = {
  matches: () => <MatchStage />,
  heatmap: () => <MatchStage />,
  compare: () => <CompareView />,
  warp: () => <WarpView />,
  grids: () => <GridsView />,
  inspector: () => <InspectorView />,
};

export function ViewArea() {
  const tab = useApp((s) => s.view.tab);
  return <div id="view-area" role="tabpanel" aria-labelledby={`tab-${tab}`} className="view-area">{VIEWS[tab]()}</div>;
}
