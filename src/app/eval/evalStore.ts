/** The Evaluation panel's own state (ground truth, results, colouring), apart from the main store's slices. */
import { create } from 'zustand';
import type { ColorMapName } from '../../engine/core/colormaps';
import type { GroundTruth } from '../../engine/eval/groundTruth';
import type { EvaluateResult } from '../../worker/handlers';

export interface LoadedGroundTruth {
  name: string;
  truth: GroundTruth;
  /** Where it came from: a file, a built-in sample, or the distortion generator. */
  origin: 'file' | 'sample' | 'generated';
}

export interface EvalState {
  gt: LoadedGroundTruth | null;
  gtError: string | null;
  /** Descriptors evaluated besides the current one. */
  others: string[];
  results: EvaluateResult[];
  running: { id: string; done: number; total: number } | null;
  runError: string | null;
  /** Colour the match lines correct / wrong at `threshold` px. */
  colourCorrect: boolean;
  threshold: number;
  /** The error map over the source pane: which evaluated descriptor, clipped at `max` px, drawn how. */
  errorMap: { show: boolean; descriptorId: string | null; max: number; colorMap: ColorMapName; opacity: number };
  set: (p: Partial<EvalState>) => void;
}

export const useEval = create<EvalState>()((set) => ({
  gt: null,
  gtError: null,
  others: [],
  results: [],
  running: null,
  runError: null,
  colourCorrect: false,
  threshold: 3,
  errorMap: { show: false, descriptorId: null, max: 10, colorMap: 'viridis', opacity: 0.85 },
  set: (p) => set(p),
}));
