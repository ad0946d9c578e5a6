/**
 * Where each source point looks for its match: the whole target grid, or, for rectified stereo pairs, its
 * own row within a disparity range (x_t = x_s − d, d in [dmin, dmax]), winner-takes-all as MC-CNN is used
 * (engine/match/scanline.ts). Any descriptor can be matched either way.
 */
import { useApp } from '../store';

export function SearchMode() {
  const settings = useApp((s) => s.settings);
  const setSettings = useApp((s) => s.setSettings);
  const scan = settings.search === 'scanline';
  const setD = (k: 'dmin' | 'dmax', text: string) => {
    const v = Number(text);
    if (!Number.isInteger(v) || Math.abs(v) > 1024) return;
    const next = { dmin: settings.dmin, dmax: settings.dmax, [k]: v };
    if (next.dmin <= next.dmax) setSettings(next);
  };
  return (
    <label title="Global: every target grid point. Scanline (rectified): only the same row, target x = source x − d for every disparity d in the range, every pixel; the best wins (Mutual = left-right consistency; Target and Refine do not apply). The click query then scores the same row and disparities only.">
      <span>Search</span>
      <select aria-label="Search mode" value={settings.search} onChange={(e) => setSettings({ search: e.target.value as 'global' | 'scanline' })}>
        <option value="global">global (whole target)</option>
        <option value="scanline">scanline (rectified)</option>
      </select>
      {scan && (
        <>
          <span>d =</span>
          <input aria-label="Minimum disparity" type="number" min={-1024} max={1024} value={settings.dmin} onChange={(e) => setD('dmin', e.target.value)} style={{ width: '4.5em' }} />
          <span>…</span>
          <input aria-label="Maximum disparity" type="number" min={-1024} max={1024} value={settings.dmax} onChange={(e) => setD('dmax', e.target.value)} style={{ width: '4.5em' }} />
        </>
      )}
    </label>
  );
}
