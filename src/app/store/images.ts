/** The two loaded images: the original for display and what the worker computes on. */
import type { StateCreator } from 'zustand';
import type { Side } from '../../worker/handlers';
import type { AppState } from './index';

export interface LoadedImage {
  side: Side;
  name: string;
  /** Original pixels composited on black, drawn at full fidelity. */
  display: HTMLCanvasElement;
  width: number;
  height: number;
  /** Size the descriptors are computed at (smaller when the original is over the working limit). */
  workingWidth: number;
  workingHeight: number;
  format: string;
  bytes: number;
}

export interface ImagesSlice {
  images: Record<Side, LoadedImage | null>;
  /** The built-in pair on screen, or null once the user loaded a file of their own. */
  sampleId: string | null;
  setImage(img: LoadedImage): void;
}

export const createImagesSlice: StateCreator<AppState, [], [], ImagesSlice> = (set) => ({
  images: { source: null, target: null },
  sampleId: null,
  setImage: (img) => set((st) => ({ images: { ...st.images, [img.side]: img } })),
});

/** Working-pixel scale per axis of an image (1 when it was not downscaled). */
export function workingScale(img: LoadedImage): { sx: number; sy: number } {
  return { sx: img.workingWidth / img.width, sy: img.workingHeight / img.height };
}
