/** How the panes are looked at: shared zoom and centre (so both panes stay in sync), lines, colours. */
import type { StateCreator } from 'zustand';
import type { Side } from '../../worker/handlers';
import type { HeatmapRange } from '../../engine/match/heatmap';
import type { AppState } from './index';
import type { ViewTab } from '../views/tabs';

export interface ViewState {
  /** Which view fills the main area. */
  tab: ViewTab;
  /** The `?` keyboard-shortcut sheet is open. */
  shortcutsOpen: boolean;
  /** Zoom relative to "fit the pane"; 1 = whole image visible. */
  zoom: number;
  /** Pane centre as a fraction of each image's width and height, shared by both panes. */
  cx: number;
  cy: number;
  /** How many match lines to draw (best first). */
  maxLines: number;
  heatmapOpacity: number;
  colorMap: 'viridis' | 'cividis';
  heatmapRange: HeatmapRange;
  /** What the click query scores with: the descriptor's metric, or mutual information of grey levels. */
  querySimilarity: 'descriptor' | 'mi' | '2ch';
  /** 2-channel query: half-side of the square search window, in working pixels. */
  pairRadius: number;
  /** Mutual information: grey-level bins and window side. */
  miBins: number;
  miWindow: number;
  /** Sparse keypoints: 0 = SIFT (DoG); k > 0 = ASIFT with simulated tilts up to √2^k. */
  asiftTilts: number;
  /** Sparse keypoint method: SIFT/ASIFT (asiftTilts) or BRISK with its FAST threshold and octaves. */
  keypointMethod: 'sift' | 'brisk';
  briskThreshold: number;
  briskOctaves: number;
  /** Matches view filters (drawing only, no recompute): mutual matches only; a score limit (null = none). */
  lineMutualOnly: boolean;
  lineScoreLimit: number | null;
  /** Show Lowe's DoG keypoints and their SIFT matches over the dense field. */
  showKeypoints: boolean;
  hover: { side: Side; x: number; y: number } | null;
}

export interface ViewSlice {
  view: ViewState;
  setView(patch: Partial<ViewState>): void;
}

export const DEFAULT_VIEW: ViewState = { tab: 'matches', shortcutsOpen: false, zoom: 1, cx: 0.5, cy: 0.5, maxLines: 300, heatmapOpacity: 0.75, colorMap: 'viridis', heatmapRange: 'best-10', querySimilarity: 'descriptor', miBins: 32, miWindow: 9, pairRadius: 24, asiftTilts: 0, keypointMethod: 'sift', briskThreshold: 30, briskOctaves: 4, lineMutualOnly: false, lineScoreLimit: null, showKeypoints: false, hover: null };

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  view: DEFAULT_VIEW,
  setView: (patch) => set((st) => ({ view: { ...st.view, ...patch } })),
});
