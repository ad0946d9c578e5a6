/**
 * "Make target from source": the distortion generator (engine/distort) with sliders and a live preview.
 * Making the target loads it as the target image with its exact homography as ground truth.
 */
import { downloadBlob } from '../panels/download';
import { useEffect, useRef, useState } from 'react';
import { IDENTITY_DISTORTION, MODALITIES, type DistortionSpec, type Modality } from '../../engine/distort/index';
import { formatHomography } from '../../engine/distort/index';
import { isAbortError } from '../../engine/core/abort';
import { distortSource, loadFile } from '../engine/controller';
import { useApp } from '../store';
import { useEval } from './evalStore';

type NumKey = Exclude<keyof DistortionSpec, 'modality' | 'seed'>;
const SLIDERS: { key: NumKey; label: string; min: number; max: number; step: number }[] = [
  { key: 'rotationDeg', label: 'rotation (°)', min: -180, max: 180, step: 1 },
  { key: 'scale', label: 'scale', min: 0.3, max: 3, step: 0.05 },
  { key: 'shear', label: 'shear', min: -0.6, max: 0.6, step: 0.02 },
  { key: 'aspect', label: 'aspect', min: 0.5, max: 2, step: 0.05 },
  { key: 'px', label: 'perspective x', min: -0.5, max: 0.5, step: 0.01 },
  { key: 'py', label: 'perspective y', min: -0.5, max: 0.5, step: 0.01 },
  { key: 'tx', label: 'shift x (px)', min: -200, max: 200, step: 1 },
  { key: 'ty', label: 'shift y (px)', min: -200, max: 200, step: 1 },
  { key: 'gamma', label: 'gamma', min: 0.2, max: 5, step: 0.05 },
  { key: 'exposureEv', label: 'exposure (EV)', min: -3, max: 3, step: 0.1 },
  { key: 'noise', label: 'noise σ', min: 0, max: 0.3, step: 0.005 },
  { key: 'blur', label: 'blur σ (px)', min: 0, max: 8, step: 0.1 },
  { key: 'jpegQuality', label: 'JPEG quality (0 = off)', min: 0, max: 100, step: 1 },
];
const MODALITY_LABEL: Record<Modality, string> = { none: 'none', invert: 'contrast inversion', swap: 'channel swap (RGB → BGR)', gradient: 'gradient magnitude', infrared: 'infrared-like' };

const download = (name: string, data: BlobPart, type: string) => downloadBlob(new Blob([data], { type }), name);

export function DistortPanel() {
  const [spec, setSpec] = useState<DistortionSpec>(IDENTITY_DISTORTION);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<{ png: ArrayBuffer; H: Float64Array } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const source = useApp((s) => s.images.source);

  useEffect(() => {
    if (!open || !source) return;
    const job = new AbortController();
    const timer = setTimeout(() => {
      distortSource({ spec, maxSide: 240 }, job.signal).then((r) => {
        const c = canvas.current;
        if (!c) return;
        c.width = r.width;
        c.height = r.height;
        c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(r.rgba), r.width, r.height), 0, 0);
        setError(null);
      }).catch((e: unknown) => { if (!isAbortError(e)) setError(e instanceof Error ? e.message : String(e)); });
    }, 120);
    return () => { clearTimeout(timer); job.abort(); };
  }, [spec, open, source]);

  const make = async () => {
    try {
      const r = await distortSource({ spec });
      await loadFile('target', new Blob([r.png!], { type: 'image/png' }), 'distorted.png');
      useEval.getState().set({ gt: { name: 'H.txt', truth: { kind: 'homography', H: Float64Array.from(r.H) }, origin: 'generated' }, gtError: null, results: [] });
      setMade({ png: r.png!, H: Float64Array.from(r.H) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <details className="distort-panel" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Make target from source</summary>
      {SLIDERS.map(({ key, label, min, max, step }) => (
        <label key={key} className="row slider">
          <span>{label}</span>
          <input type="range" aria-label={label} min={min} max={max} step={step} value={spec[key]}
            onChange={(e) => setSpec({ ...spec, [key]: Number(e.target.value) })} />
          <span className="value">{spec[key]}</span>
        </label>
      ))}
      <label className="row">
        <span>modality</span>
        <select aria-label="modality" value={spec.modality} onChange={(e) => setSpec({ ...spec, modality: e.target.value as Modality })}>
          {MODALITIES.map((m) => <option key={m} value={m}>{MODALITY_LABEL[m]}</option>)}
        </select>
      </label>
      <canvas ref={canvas} className="distort-preview" aria-label="Distorted target preview" />
      {error && <p role="alert" className="error">{error}</p>}
      <div className="row">
        <button type="button" disabled={!source} onClick={() => void make()}>Make target</button>
        <button type="button" onClick={() => setSpec(IDENTITY_DISTORTION)}>Reset</button>
        {made && <button type="button" onClick={() => { download('target.png', made.png, 'image/png'); download('H.txt', formatHomography(made.H), 'text/plain'); }}>Download target + H.txt</button>}
      </div>
      <p className="hint">The target is the source warped through H (bilinear; outside = black), then changed in intensity only, so H
        (source → target, original source pixels) is its exact ground truth.</p>
    </details>
  );
}
