/**
 * The Compare view's own state: which descriptors are compared and what each answered for the current
 * query. Kept apart from the app store because nothing else reads it.
 */
import { create } from 'zustand';
import type { DescriptorQueryResponse as QueryResponse } from '../../../worker/handlers';

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

export type CompareEntry =
  | { status: 'pending' }
  | { status: 'done'; result: QueryResponse }
  | { status: 'failed'; error: string };

interface CompareState {
  ids: string[];
  entries: Record<string, CompareEntry>;
  setIds(ids: string[]): void;
  setEntry(id: string, e: CompareEntry): void;
  reset(ids: string[]): void;
}

export const useCompare = create<CompareState>()((set) => ({
  ids: [],
  entries: {},
  setIds: (ids) => set({ ids }),
  setEntry: (id, e) => set((s) => ({ entries: { ...s.entries, [id]: e } })),
  reset: (ids) => set({ entries: Object.fromEntries(ids.map((id) => [id, { status: 'pending' } as CompareEntry])) }),
}));

/** Toggles `id` in the selection, keeping between COMPARE_MIN and COMPARE_MAX descriptors. Pure. */
export function toggleId(ids: readonly string[], id: string): string[] {
  if (ids.includes(id)) return ids.length > COMPARE_MIN ? ids.filter((x) => x !== id) : [...ids];
  return ids.length < COMPARE_MAX ? [...ids, id] : [...ids];
}

/** The first selection: the current descriptor, then SIFT and DAISY (the lecture's two classics). */
export function initialIds(current: string): string[] {
  return [...new Set([current, 'sift', 'daisy', 'census'])].slice(0, 3);
}
