/** BRISK's detector parameters (FAST threshold, octaves) and what the method is, for the Matches panel. */
import { useState } from 'react';
import { useApp } from '../store';
import { runKeypoints } from '../engine/controller';
import { BRISK_CITATION, BRISK_DEVIATIONS } from '../../engine/keypoints/brisk/brisk';

export function BriskOptions() {
  const threshold = useApp((s) => s.view.briskThreshold);
  const octaves = useApp((s) => s.view.briskOctaves);
  const sparse = useApp((s) => s.sparse);
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: { briskThreshold?: number; briskOctaves?: number }) => {
    setProblem(null);
    useApp.getState().setView(patch);
    void runKeypoints();
  };
  return (
    <div className="brisk-options">
      <label className="row" title="FAST 9-16 threshold on 0…255 grey levels: a corner needs 9 contiguous circle pixels all brighter or all darker than the centre by more than this (OpenCV's default 30).">
        <span>FAST threshold</span>
        <input type="number" aria-label="BRISK threshold" min={1} max={254} step={1} value={threshold}
          onChange={(e) => { const v = Number(e.target.value); if (e.target.value !== '' && Number.isInteger(v) && v >= 1 && v <= 254) set({ briskThreshold: v }); else setProblem(`FAST threshold must be an integer in 1…254; keeping ${threshold}.`); }} />
      </label>
      <label className="row" title="Octaves n: the scale space has n octaves c_i and n intra-octaves d_i (the paper uses 4; OpenCV's default is 3).">
        <span>Octaves</span>
        <input type="number" aria-label="BRISK octaves" min={0} max={8} step={1} value={octaves}
          onChange={(e) => { const v = Number(e.target.value); if (e.target.value !== '' && Number.isInteger(v) && v >= 0 && v <= 8) set({ briskOctaves: v }); else setProblem(`Octaves must be an integer in 0…8; keeping ${octaves}.`); }} />
      </label>
      {problem && <p className="field-problem" role="alert">{problem}</p>}
      {sparse?.method === 'brisk' && sparse.octavesUsed < octaves && (
        <p className="hint">The images are too small for {octaves} octaves: {sparse.octavesUsed} used.</p>
      )}
      <details>
        <summary>BRISK: reference and deviations</summary>
        <p className="citation">{BRISK_CITATION}</p>
        <ul>{BRISK_DEVIATIONS.map((x) => <li key={x}>{x}</li>)}</ul>
      </details>
    </div>
  );
}
