/** The Warp view's inputs from the page: the images' pixels and the sample's ground-truth homography. */
import { useEffect, useMemo, useState } from 'react';
import type { LoadedImage } from '../../store/images';
import { SAMPLES } from '../../samples';
import { parseHomography } from '../../../engine/eval/groundTruth';
import type { RgbaImage } from '../../../engine/geometry/warp';

/** The original pixels of a loaded image (its display canvas), read once per image. */
export function useImagePixels(img: LoadedImage | null): RgbaImage | null {
  return useMemo(() => {
    if (!img) return null;
    const ctx = img.display.getContext('2d');
    if (!ctx) return null;
    const d = ctx.getImageData(0, 0, img.width, img.height);
    return { width: d.width, height: d.height, data: d.data };
  }, [img]);
}

export type TruthState =
  | { kind: 'none'; why: string }
  | { kind: 'loading' }
  | { kind: 'error'; why: string }
  | { kind: 'homography'; H: Float64Array; file: string };

/**
 * The ground-truth homography of the built-in pair on screen (original pixels, source → target), if it has
 * one. A user's own pair has none: nothing says how its images relate.
 */
export function useSampleHomography(sampleId: string | null): TruthState {
  const sample = SAMPLES.find((s) => s.id === sampleId);
  const url = sample?.homography ?? null;
  const [state, setState] = useState<{ url: string; value: TruthState } | null>(null);
  useEffect(() => {
    if (!url) return;
    let live = true;
    fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return r.text();
      })
      .then((text) => {
        const gt = parseHomography(text);
        if (gt.kind !== 'homography') throw new Error('not a homography');
        if (live) setState({ url, value: { kind: 'homography', H: gt.H, file: url.split('/').pop()! } });
      })
      .catch((e: unknown) => live && setState({ url, value: { kind: 'error', why: `The ground truth could not be read: ${e instanceof Error ? e.message : String(e)}` } }));
    return () => {
      live = false;
    };
  }, [url]);
  if (!sample) return { kind: 'none', why: 'Your own pair has no ground truth; the built-in Graffiti pair has a homography.' };
  if (!url) return { kind: 'none', why: `The ${sample.label} pair has no ground-truth homography.` };
  return state?.url === url ? state.value : { kind: 'loading' };
}
