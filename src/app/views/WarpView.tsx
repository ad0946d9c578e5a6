/**
 * The Warp view: the source warped into the target's frame, (a) through the dense nearest-neighbour field
 * of the current grid matches, (b) through a homography fitted to them by RANSAC, (c) through the pair's
 * ground truth, shown as a blend, a swipe, a checkerboard or a difference; and the field itself as a flow
 * image. This is how the lecture's "source warped to the target using correspondences" figures are made.
 * Everything is computed on the page from the store's compute result, in original pixels.
 */
import { canvasBlob, downloadBlob } from '../panels/download';
import { useMemo, useState } from 'react';
import { useApp } from '../store';
import { workingScale, type LoadedImage } from '../store/images';
import type { ComputeResult } from '../../worker/handlers';
import type { RgbaImage } from '../../engine/geometry/warp';
import { useImagePixels, useSampleHomography, type TruthState } from './warp/hooks';
import { DEFAULT_WARP_SETTINGS, WarpControls, type WarpSettings } from './warp/WarpControls';
import { WarpCanvas } from './warp/WarpCanvas';
import { WarpInfo } from './warp/WarpInfo';
import { useWarp } from './warp/useWarp';
import './warp/warp.css';

/** Kept across tab switches (the view unmounts while hidden). */
let lastSettings = DEFAULT_WARP_SETTINGS;

export function WarpView() {
  const images = useApp((s) => s.images);
  const compute = useApp((s) => s.compute);
  const sampleId = useApp((s) => s.sampleId);
  const src = useImagePixels(images.source);
  const tgt = useImagePixels(images.target);
  const truth = useSampleHomography(sampleId);
  if (!images.source || !images.target || !src || !tgt) return <p className="warp-empty" data-testid="warp-view">Load a source and a target image to warp one onto the other.</p>;
  if (!compute) return <p className="warp-empty" data-testid="warp-view">Waiting for the matches…</p>;
  return <WarpBody compute={compute} source={images.source} target={images.target} src={src} tgt={tgt} truth={truth} />;
}

function frameOf(img: LoadedImage) {
  const s = workingScale(img);
  return { width: img.width, height: img.height, sx: s.sx, sy: s.sy };
}

function WarpBody(props: { compute: ComputeResult; source: LoadedImage; target: LoadedImage; src: RgbaImage; tgt: RgbaImage; truth: TruthState }) {
  const [s, setS] = useState(lastSettings);
  const set = (p: Partial<WarpSettings>) => setS((prev) => (lastSettings = { ...prev, ...p }));
  const sf = useMemo(() => frameOf(props.source), [props.source]);
  const tf = useMemo(() => frameOf(props.target), [props.target]);
  const truthWhy = props.truth.kind === 'homography' ? null : props.truth.kind === 'loading' ? 'Loading the ground truth…' : props.truth.why;
  // Ground truth chosen earlier but not available for this pair: fall back to the field.
  const settings = s.through === 'truth' && truthWhy ? { ...s, through: 'field' as const } : s;
  const w = useWarp({ compute: props.compute, src: props.src, tgt: props.tgt, sf, tf, truth: props.truth }, settings);

  const exportPng = () => {
    const img = settings.display === 'flow' ? w.flow && { width: w.flow.width, height: w.flow.height, data: w.flow.data } : w.warped?.image;
    if (!img) return;
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
    const name = settings.display === 'flow' ? 'flow-nn-field.png' : `warp-${settings.through}.png`;
    void canvasBlob(c).then((blob) => downloadBlob(blob, name));
  };

  const what = settings.display === 'flow' ? 'Flow of the nearest-neighbour field over the source' : `Source warped into the target frame through the ${settings.through === 'field' ? 'NN field' : settings.through === 'ransac' ? 'RANSAC homography' : 'ground truth'}, ${settings.display}`;
  return (
    <div className="warp-view" data-testid="warp-view">
      <WarpControls s={settings} set={set} truthWhy={truthWhy} scoreText={w.scoreText} onExport={exportPng}
        exportDisabled={settings.display === 'flow' ? !w.flow : !w.warped} />
      <div className="warp-body">
        {w.view ? (
          <WarpCanvas width={w.view.width} height={w.view.height} rgba={w.view.rgba} overlay={w.overlay}
            swipe={settings.display === 'swipe' ? settings.swipe : null} label={what} />
        ) : (
          <div className="warp-canvas" />
        )}
        <WarpInfo s={settings} w={w} compute={props.compute} truth={props.truth} tgtPixels={props.tgt.width * props.tgt.height} source={props.src} />
      </div>
    </div>
  );
}
