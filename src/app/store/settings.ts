/** Pipeline settings: what to compute. Changing any of these recomputes the matches. */
import type { StateCreator } from 'zustand';
import type { ParamsOf } from '../../engine/descriptors/contract';
import { DEFAULT_DESCRIPTOR_ID, getDescriptor } from '../../engine/descriptors/registry';
import type { BackendPreference } from '../../engine/tf/backends';
import type { AppState } from './index';

export interface Settings {
  descriptorId: string;
  /** Params per descriptor id, so switching back keeps what the user set. */
  params: Record<string, ParamsOf>;
  stride: number;
  /** Target grid spacing; null = the same as `stride`. */
  targetStride: number | null;
  mutual: boolean;
  /** Lowe's ratio, or null for off. */
  ratio: number | null;
  /** Refine grid matches to the best pixel within the grid cell. */
  refine: boolean;
  /** Whole target ('global') or the same row within a disparity range (rectified pairs: x_t = x_s − d). */
  search: 'global' | 'scanline';
  dmin: number;
  dmax: number;
  /** Dense global search in float32 (exact) or int16 (quantised, faster on wasm/cpu; nearestForMetric.ts). */
  precision: 'float32' | 'int16';
  backend: BackendPreference;
}

export const DEFAULT_SETTINGS: Settings = {
  descriptorId: DEFAULT_DESCRIPTOR_ID,
  params: {},
  stride: 8,
  targetStride: null,
  mutual: true,
  ratio: null,
  refine: true,
  search: 'global',
  dmin: 0,
  dmax: 64,
  precision: 'float32',
  backend: 'auto',
};

export interface SettingsSlice {
  settings: Settings;
  setSettings(patch: Partial<Omit<Settings, 'params'>>): void;
  setParam(name: string, value: ParamsOf[string]): void;
}

/** The params in force for the current descriptor: defaults filled in, validated. */
export function currentParams(s: Settings): ParamsOf {
  return paramsFor(s, s.descriptorId);
}

/** The params the user set for descriptor `id` (or its defaults), validated. */
export function paramsFor(s: Settings, id: string): ParamsOf {
  const d = getDescriptor(id);
  try {
    return d.validateParams(s.params[id] ?? {});
  } catch {
    return { ...d.defaultParams };
  }
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: DEFAULT_SETTINGS,
  setSettings: (patch) => set((st) => ({ settings: { ...st.settings, ...patch } })),
  setParam: (name, value) =>
    set((st) => {
      const id = st.settings.descriptorId;
      const params = { ...st.settings.params, [id]: { ...(st.settings.params[id] ?? {}), [name]: value } };
      return { settings: { ...st.settings, params } };
    }),
});
