/** The app's one store, built from slices by concern. Big arrays are replaced, never mutated. */
import { create } from 'zustand';
import { createImagesSlice, type ImagesSlice } from './images';
import { createResultsSlice, type ResultsSlice } from './results';
import { createSettingsSlice, type SettingsSlice } from './settings';
import { createViewSlice, type ViewSlice } from './view';

export type AppState = ImagesSlice & SettingsSlice & ResultsSlice & ViewSlice;

export const useApp = create<AppState>()((...a) => ({
  ...createImagesSlice(...a),
  ...createSettingsSlice(...a),
  ...createResultsSlice(...a),
  ...createViewSlice(...a),
}));
