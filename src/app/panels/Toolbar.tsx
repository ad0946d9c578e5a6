/** The top bar: images in, what to compute, and the backend. */
import { useRef } from 'react';
import { useApp } from '../store';
import { currentParams } from '../store/settings';
import { DESCRIPTORS, getDescriptor } from '../../engine/descriptors/registry';
import { BACKEND_IDS, type BackendPreference } from '../../engine/tf/backends';
import { BackendWhy } from './BackendWhy';
import { SAMPLES } from '../samples';
import { loadFile, loadSample, switchBackend } from '../engine/controller';
import type { Side } from '../../worker/handlers';
import { ParamForm } from './ParamForm';

export function Toolbar() {
  const settings = useApp((s) => s.settings);
  const setSettings = useApp((s) => s.setSettings);
  const setParam = useApp((s) => s.setParam);
  const backend = useApp((s) => s.backend);
  const sampleId = useApp((s) => s.sampleId);
  const d = getDescriptor(settings.descriptorId);
  const groups = ['hand-crafted', 'learned'] as const;
  return (
    <header className="toolbar">
      <h1>Matchscope</h1>
      <label>
        <span>Sample</span>
        <select aria-label="Sample pair" value={sampleId ?? ''} onChange={(e) => e.target.value && void loadSample(e.target.value)}>
          <option value="" disabled>{sampleId ? 'Choose a built-in pair…' : 'Your images'}</option>
          {SAMPLES.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
        </select>
      </label>
      <FilePick side="source" />
      <FilePick side="target" />
      <span className="sep" />
      <label>
        <span>Descriptor</span>
        <select aria-label="Descriptor" value={settings.descriptorId} onChange={(e) => setSettings({ descriptorId: e.target.value })}>
          {groups.map((g) => {
            const list = DESCRIPTORS.filter((x) => x.family === g);
            return list.length ? (
              <optgroup key={g} label={g === 'hand-crafted' ? 'Hand-crafted' : 'Learned'}>
                {list.map((x) => <option key={x.id} value={x.id}>{x.label}</option>)}
              </optgroup>
            ) : null;
          })}
        </select>
      </label>
      <ParamForm specs={d.params} values={currentParams(settings)} onChange={setParam} />
      <label title="Grid spacing in working pixels, on both images. Smaller = more matches, slower (cost grows with 1/stride⁴).">
        <span>Stride</span>
        <input aria-label="Stride" type="number" min={1} max={64} value={settings.stride}
          onChange={(e) => { const v = Number(e.target.value); if (Number.isInteger(v) && v >= 1 && v <= 64) setSettings({ stride: v }); }} />
      </label>
      <label title="Grid spacing on the target. Matches between target grid points must be found through a grid neighbour; 1 searches every target pixel (cost × stride²).">
        <span>Target</span>
        <select aria-label="Target stride" value={settings.targetStride ?? 'same'}
          onChange={(e) => setSettings({ targetStride: e.target.value === 'same' ? null : Number(e.target.value) })}>
          <option value="same">same grid</option>
          {[1, 2, 4].map((v) => <option key={v} value={v}>{v === 1 ? 'every pixel' : `stride ${v}`}</option>)}
        </select>
      </label>
      <label title="Keep only matches that are each other's nearest neighbour (left-right check).">
        <input type="checkbox" aria-label="Mutual check" checked={settings.mutual} onChange={(e) => setSettings({ mutual: e.target.checked })} />
        <span>Mutual</span>
      </label>
      <label title="Move each grid match to the best target pixel within ±stride/2 (coarse-to-fine), so matches are pixel-exact.">
        <input type="checkbox" aria-label="Refine to pixel" checked={settings.refine} onChange={(e) => setSettings({ refine: e.target.checked })} />
        <span>Refine</span>
      </label>
      <label title="Lowe's ratio test: keep a match when its distance is below ratio × the second-best distance.">
        <input type="checkbox" aria-label="Ratio test" checked={settings.ratio !== null} onChange={(e) => setSettings({ ratio: e.target.checked ? 0.8 : null })} />
        <span>Ratio</span>
        {settings.ratio !== null && (
          <input aria-label="Ratio" type="number" min={0.05} max={1} step={0.05} value={settings.ratio}
            onChange={(e) => { const v = Number(e.target.value); if (v > 0 && v <= 1) setSettings({ ratio: v }); }} />
        )}
      </label>
      <span className="sep" />
      <label title={backend ? `${backend.reason}. Tried: ${backend.attempts.map((a) => `${a.id} ${a.ok ? 'ok' : `failed (${a.error})`}`).join('; ')}` : 'starting…'}>
        <span>Backend</span>
        <output role="note" aria-live="off" aria-label="Backend" className={`backend backend-${backend?.id ?? 'none'}`}>{backend?.id ?? '…'}</output>
        <select aria-label="Backend preference" value={settings.backend}
          onChange={(e) => { setSettings({ backend: e.target.value as BackendPreference }); void switchBackend(); }}>
          <option value="auto">auto</option>
          {BACKEND_IDS.map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
      </label>
      <BackendWhy />
    </header>
  );
}

function FilePick({ side }: { side: Side }) {
  const input = useRef<HTMLInputElement>(null);
  const label = side === 'source' ? 'Source image' : 'Target image';
  return (
    <>
      <button type="button" onClick={() => input.current?.click()}>Open {side}…</button>
      {/* Out of the tab order: the visible button above opens it, and a hidden field cannot show focus. */}
      <input ref={input} type="file" aria-label={label} className="sr-only" tabIndex={-1} accept="image/png,image/jpeg,image/webp,image/bmp,image/gif"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void loadFile(side, f, f.name);
          e.target.value = '';
        }} />
    </>
  );
}
