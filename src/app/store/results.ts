/** What the engine said: backend, progress, matches, the current query, errors and notices. */
import type { StateCreator } from 'zustand';
import type { BackendInfo, ComputeResult, KeypointResult, QueryResponse, Side } from '../../worker/handlers';
import type { AppState } from './index';

export type JobStatus =
  | { kind: 'starting' }
  | { kind: 'idle'; message: string }
  | { kind: 'busy'; stage: string; fraction: number }
  | { kind: 'ready' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface QueryState {
  from: Side;
  /** Working pixels of the `from` image. */
  x: number;
  y: number;
  result: QueryResponse | null;
}

export interface ResultsSlice {
  backend: BackendInfo | null;
  status: JobStatus;
  compute: ComputeResult | null;
  /** Sparse SIFT keypoints and their matches, when shown. */
  sparse: KeypointResult | null;
  query: QueryState | null;
  /** The latest error in plain words, for the alert region. */
  error: string | null;
  /** Standing notices (e.g. an image was downscaled for computing). */
  notices: Partial<Record<string, string>>;
  decodeMs: Partial<Record<Side, number>>;
  set(patch: Partial<Omit<ResultsSlice, 'set' | 'setNotice'>>): void;
  setNotice(key: string, text: string | null): void;
}

export const createResultsSlice: StateCreator<AppState, [], [], ResultsSlice> = (set) => ({
  backend: null,
  status: { kind: 'starting' },
  compute: null,
  sparse: null,
  query: null,
  error: null,
  notices: {},
  decodeMs: {},
  set: (patch) => set(patch),
  setNotice: (key, text) =>
    set((st) => {
      const notices = { ...st.notices };
      if (text === null) delete notices[key];
      else notices[key] = text;
      return { notices };
    }),
});
