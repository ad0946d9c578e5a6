/** The playground's controls: mode, the affine sliders, grid size, and θ as a matrix. */
import type { AffineParts } from '../../../engine/stn/affine';
import type { Warp } from '../../../engine/stn/warp';
import { INITIAL_PLAYGROUND, warpMatrix, type PlaygroundMode, type PlaygroundState } from './playgroundModel';

const SLIDERS: { key: keyof AffineParts; label: string; min: number; max: number; step: number }[] = [
  { key: 'scale', label: 'Scale s', min: 0.1, max: 2, step: 0.01 },
  { key: 'rotation', label: 'Rotation (°)', min: -180, max: 180, step: 1 },
  { key: 'shear', label: 'Shear', min: -1, max: 1, step: 0.01 },
  { key: 'tx', label: 'tx', min: -1, max: 1, step: 0.01 },
  { key: 'ty', label: 'ty', min: -1, max: 1, step: 0.01 },
];

const MODES: { id: PlaygroundMode; label: string; help: string }[] = [
  { id: 'affine', label: 'Affine θ', help: '6 parameters, from the sliders.' },
  { id: 'projective', label: 'Projective', help: '8 parameters: drag the four corners of the grid.' },
  { id: 'tps', label: 'Thin-plate spline', help: 'Drag the 3×3 control points.' },
];

export function PlaygroundControls({ state, set, warp }: { state: PlaygroundState; set: (s: PlaygroundState) => void; warp: Warp | null }) {
  const m = warp ? warpMatrix(warp) : null;
  return (
    <div className="playground-controls">
      <fieldset className="modes">
        <legend>Transformation</legend>
        {MODES.map((md) => (
          <label key={md.id} title={md.help}>
            <input type="radio" name="stn-mode" checked={state.mode === md.id} onChange={() => set({ ...state, mode: md.id })} /> {md.label}
          </label>
        ))}
      </fieldset>
      {state.mode === 'affine' && SLIDERS.map((sl) => (
        <label key={sl.key} className="row">
          <span>{sl.label}</span>
          <input type="range" aria-label={sl.label} min={sl.min} max={sl.max} step={sl.step} value={state.affine[sl.key]}
            onChange={(e) => set({ ...state, affine: { ...state.affine, [sl.key]: Number(e.target.value) } })} />
          <span className="value">{state.affine[sl.key]}</span>
        </label>
      ))}
      {state.mode !== 'affine' && <p className="hint">{MODES.find((md) => md.id === state.mode)!.help}</p>}
      <label className="row">
        <span>Grid k</span>
        <input type="range" aria-label="Grid k" min={2} max={20} step={1} value={state.k} onChange={(e) => set({ ...state, k: Number(e.target.value) })} />
        <span className="value">{state.k}×{state.k}</span>
      </label>
      <button type="button" onClick={() => set({ ...INITIAL_PLAYGROUND, mode: state.mode, k: state.k })}>Reset to identity</button>
      {m && (
        <figure className="theta" data-testid="theta" data-theta={JSON.stringify(m.flat().map((v) => Math.round(v * 1e6) / 1e6))}>
          <figcaption>{warp!.kind === 'affine' ? 'θ (2×3), source = θ · (x_t, y_t, 1)ᵀ' : warp!.kind === 'projective' ? 'H (3×3), h₃₃ = 1' : 'TPS affine part (a₀ a₁ a₂ per coordinate) + 9 bending weights'}</figcaption>
          <table><tbody>
            {m.map((row, i) => <tr key={i}>{row.map((v, j) => <td key={j}>{(Math.abs(v) < 5e-4 ? 0 : v).toFixed(3)}</td>)}</tr>)}
          </tbody></table>
        </figure>
      )}
    </div>
  );
}
