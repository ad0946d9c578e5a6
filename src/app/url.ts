/**
 * Settings ↔ the address bar, so a link reproduces a view (images aside):
 * ?view=TAB&descriptor=ID&stride=N&tstride=N|same&mutual=0|1&refine=0|1&ratio=R&precision=int16&backend=ID&p.NAME=VALUE (params of the current descriptor).
 * Pure: parse returns only valid values and ignores the rest.
 */
import { getDescriptor, isDescriptorId } from '../engine/descriptors/registry';
import { isBackendId } from '../engine/tf/backends';
import type { ParamsOf } from '../engine/descriptors/contract';
import type { Settings } from './store/settings';

export function settingsFromQuery(search: string, base: Settings): Settings {
  const q = new URLSearchParams(search);
  const out: Settings = { ...base, params: { ...base.params } };
  const id = q.get('descriptor');
  if (id && isDescriptorId(id)) out.descriptorId = id;
  const stride = Number(q.get('stride'));
  if (Number.isInteger(stride) && stride >= 1 && stride <= 64) out.stride = stride;
  const ts = q.get('tstride');
  if (ts === 'same') out.targetStride = null;
  else if (Number.isInteger(Number(ts)) && Number(ts) >= 1 && Number(ts) <= 64) out.targetStride = Number(ts);
  if (q.has('mutual')) out.mutual = q.get('mutual') === '1';
  if (q.has('refine')) out.refine = q.get('refine') === '1';
  const ratio = q.get('ratio');
  if (ratio === 'off') out.ratio = null;
  else if (ratio !== null && Number(ratio) > 0 && Number(ratio) <= 1) out.ratio = Number(ratio);
  const precision = q.get('precision');
  if (precision === 'float32' || precision === 'int16') out.precision = precision;
  const backend = q.get('backend');
  if (backend === 'auto' || isBackendId(backend)) out.backend = backend;
  const raw: ParamsOf = {};
  for (const spec of getDescriptor(out.descriptorId).params) {
    const v = q.get(`p.${spec.name}`);
    if (v === null) continue;
    raw[spec.name] = spec.kind === 'bool' ? v === '1' : spec.kind === 'choice' ? v : Number(v);
  }
  try {
    out.params[out.descriptorId] = getDescriptor(out.descriptorId).validateParams(raw);
  } catch {
    // A hand-edited link with a bad value keeps the defaults rather than failing.
  }
  return out;
}

export function settingsToQuery(s: Settings, params: ParamsOf, view?: string): string {
  const q = new URLSearchParams();
  if (view && view !== 'matches') q.set('view', view);
  q.set('descriptor', s.descriptorId);
  q.set('stride', String(s.stride));
  q.set('tstride', s.targetStride === null ? 'same' : String(s.targetStride));
  q.set('mutual', s.mutual ? '1' : '0');
  q.set('refine', s.refine ? '1' : '0');
  q.set('ratio', s.ratio === null ? 'off' : String(s.ratio));
  if (s.precision !== 'float32') q.set('precision', s.precision);
  if (s.backend !== 'auto') q.set('backend', s.backend);
  for (const [k, v] of Object.entries(params)) q.set(`p.${k}`, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  return `?${q.toString()}`;
}
