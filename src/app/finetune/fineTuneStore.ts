/** The Fine-tune panel's own state (settings of the next run, the reports of the current or last one). */
import { create } from 'zustand';
import type { UcnVariant } from '../../engine/learned/ucn/model';
import type { UcnProgress } from '../../engine/learned/ucn/train';
import { FINE_TUNE_DEFAULTS } from '../../engine/learned/ucn/fineTune';
import type { FineTuneResult } from '../../worker/handlers';

export type FineTuneOutcome =
  | { kind: 'done'; result: FineTuneResult; settings: { steps: number; size: number; seed: number }; groundTruth: string | null; trainedOnGroundTruth: boolean; backend: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface FineTuneState {
  base: UcnVariant;
  steps: number;
  size: number;
  seed: number;
  useGroundTruth: boolean;
  /** The run in progress: when it started and the worker's last stage line. */
  running: { startedAt: number; stage: string; groundTruth: string | null; trainedOnGroundTruth: boolean } | null;
  /** Every report of the current (or last) run, step 0 first. */
  reports: UcnProgress[];
  outcome: FineTuneOutcome | null;
  set: (p: Partial<FineTuneState>) => void;
}

export const useFineTune = create<FineTuneState>()((set) => ({
  base: 'hn',
  steps: FINE_TUNE_DEFAULTS.steps,
  size: FINE_TUNE_DEFAULTS.size,
  seed: FINE_TUNE_DEFAULTS.seed,
  useGroundTruth: true,
  running: null,
  reports: [],
  outcome: null,
  set: (p) => set(p),
}));
