/** The Evaluation panel's own state (ground truth, results, colouring), apart from the main store's slices. */
import { create } from 'zustand';
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
  set: (p) => set(p),
}));
