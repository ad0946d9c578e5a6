/**
 * Affine-SIFT (ASIFT).
 * Reference: J.-M. Morel and G. Yu, "ASIFT: A new framework for fully affine invariant image comparison",
 * SIAM Journal on Imaging Sciences 2(2), 2009; G. Yu and J.-M. Morel, "ASIFT: an algorithm for fully
 * affine invariant comparison", Image Processing On Line 2011.
 *
 * SIFT is invariant to zoom, rotation and translation but not to the two camera-axis angles (latitude θ and
 * longitude φ) that make an affine map. ASIFT simulates them: each view of an image is the image rotated by
 * φ and then compressed along x by the tilt t = 1/cos θ (after an anti-aliasing Gaussian of σ = c·√(t² − 1)
 * along x, c = 0.8). Tilts follow a geometric series t = √2^k (k = 0 … maxTiltIndex) and, for each t > 1, the
 * longitudes φ = 0, b/t, 2b/t, … < 180° with b = 72°. SIFT keypoints of every view are mapped back to the
 * original image; every view of one image is matched against every view of the other (Lowe's ratio test),
 * and the union of the matches, without duplicates, is the result.
 */
import { tf } from '../tf';
import type { RgbImage } from '../core/image';
import { throwIfAborted, yieldToEvents, type AbortSignalLike } from '../core/abort';
import { detectAndDescribe } from './dog';
import type { Keypoint } from './keypoint';
import { matchKeypoints, type KeypointSet } from './matchKeypoints';
import type { MatchSet } from '../match/matchPair';

export const ASIFT_DEVIATIONS: readonly string[] = [
  'The matches of all view pairs are merged and deduplicated (within 1.5 px at both ends) without the paper\'s ORSA (a-contrario RANSAC) filter, so wrong matches that pass the ratio test remain visible.',
  'Views are simulated on the BT.601 grey image with bilinear rotation; the reference code uses its own interpolation and the colour-free SIFT of Lowe.',
  'Keypoints closer than 4σ·t (back-projected) to the original image border are dropped, so the rotated image\'s fake edges do not produce matches; the reference code tests the view\'s valid region instead.',
];

/** One simulated view: tilt t along x after rotation by φ (degrees). */
export interface AsiftView {
  tilt: number;
  phi: number;
}

/** The views of Morel & Yu: t = √2^k for k = 0 … maxTiltIndex, φ = 0, 72°/t, … < 180° for t > 1. */
export function asiftViews(maxTiltIndex: number): AsiftView[] {
  const views: AsiftView[] = [{ tilt: 1, phi: 0 }];
  for (let k = 1; k <= maxTiltIndex; k++) {
    const t = Math.SQRT2 ** k;
    const step = 72 / t;
    for (let phi = 0; phi < 180 - 1e-9; phi += step) views.push({ tilt: t, phi });
  }
  return views;
}

/** Affine view ← original: (u, v) = (x′/t, y′), (x′, y′) = R(φ)·(x, y) + offset. */
interface ViewGeometry {
  width: number;
  height: number;
  cos: number;
  sin: number;
  ox: number;
  oy: number;
  tilt: number;
}

function geometry(w: number, h: number, v: AsiftView): ViewGeometry {
  const a = (v.phi * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  // Rotated corners → bounding box; the view keeps all of the rotated image.
  const xs = [0, w - 1, 0, w - 1].map((x, i) => cos * x - sin * [0, 0, h - 1, h - 1][i]);
  const ys = [0, w - 1, 0, w - 1].map((x, i) => sin * x + cos * [0, 0, h - 1, h - 1][i]);
  const ox = -Math.min(...xs);
  const oy = -Math.min(...ys);
  return { width: Math.max(1, Math.floor((Math.max(...xs) + ox) / v.tilt) + 1), height: Math.floor(Math.max(...ys) + oy) + 1, cos, sin, ox, oy, tilt: v.tilt };
}

/** View coordinates → original image coordinates. */
export function viewToImage(g: { cos: number; sin: number; ox: number; oy: number; tilt: number }, u: number, v: number): { x: number; y: number } {
  const xr = u * g.tilt - g.ox;
  const yr = v - g.oy;
  return { x: g.cos * xr + g.sin * yr, y: -g.sin * xr + g.cos * yr };
}

/** Grey image of the simulated view (rotation, x-blur σ = 0.8√(t² − 1), x-subsampling by t). */
function simulate(grey: Float32Array, w: number, h: number, g: ViewGeometry): Float32Array {
  const rw = Math.floor((g.width - 1) * g.tilt) + 1;
  const rot = new Float32Array(rw * g.height);
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < rw; x++) {
      const xr = x - g.ox;
      const yr = y - g.oy;
      const sx = g.cos * xr + g.sin * yr;
      const sy = -g.sin * xr + g.cos * yr;
      // Outside the image: mid-grey, so the border step is half as strong as against black.
      let v = 0.5;
      if (sx >= 0 && sy >= 0 && sx <= w - 1 && sy <= h - 1) {
        const x0 = Math.min(w - 2, Math.floor(sx));
        const y0 = Math.min(h - 2, Math.floor(sy));
        const fx = sx - x0;
        const fy = sy - y0;
        const i = y0 * w + x0;
        v = w === 1 || h === 1 ? grey[Math.round(sy) * w + Math.round(sx)]
          : (1 - fy) * ((1 - fx) * grey[i] + fx * grey[i + 1]) + fy * ((1 - fx) * grey[i + w] + fx * grey[i + w + 1]);
      }
      rot[y * rw + x] = v;
    }
  }
  if (g.tilt === 1) return rot;
  const sigma = 0.8 * Math.sqrt(g.tilt * g.tilt - 1);
  const r = Math.ceil(4 * sigma);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const ks = k.reduce((a, b) => a + b);
  const out = new Float32Array(g.width * g.height);
  for (let y = 0; y < g.height; y++) {
    for (let u = 0; u < g.width; u++) {
      const cx = u * g.tilt;
      const c0 = Math.round(cx);
      let s = 0;
      for (let t = -r; t <= r; t++) s += k[t + r] * rot[y * rw + Math.min(rw - 1, Math.max(0, c0 + t))];
      out[y * g.width + u] = s / ks;
    }
  }
  return out;
}

export interface AsiftViewSet {
  view: AsiftView;
  set: KeypointSet;
}

/** SIFT keypoints of every simulated view, in original image coordinates. */
export async function asiftDetect(img: RgbImage, maxTiltIndex: number, opts: { signal?: AbortSignalLike; onProgress?: (f: number) => void } = {}): Promise<AsiftViewSet[]> {
  const { width: w, height: h, data } = img;
  const grey = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) grey[i] = 0.299 * data[i * 3] + 0.587 * data[i * 3 + 1] + 0.114 * data[i * 3 + 2];
  const views = asiftViews(maxTiltIndex);
  const out: AsiftViewSet[] = [];
  for (const [n, view] of views.entries()) {
    throwIfAborted(opts.signal);
    const g = geometry(w, h, view);
    const sim = simulate(grey, w, h, g);
    const rgb = new Float32Array(sim.length * 3);
    for (let i = 0; i < sim.length; i++) rgb.fill(sim[i], i * 3, i * 3 + 3);
    const input = tf.tensor3d(rgb, [g.height, g.width, 3]);
    let found;
    try {
      found = await detectAndDescribe(input);
    } finally {
      input.dispose();
    }
    const keep: number[] = [];
    const keypoints: Keypoint[] = [];
    found.keypoints.forEach((kp, i) => {
      const p = viewToImage(g, kp.x, kp.y);
      const margin = 4 * kp.scale * view.tilt;
      if (p.x < margin || p.y < margin || p.x > w - 1 - margin || p.y > h - 1 - margin) return;
      // The orientation vector (cos, sin) in the view is (t·cos, sin) before compression, then un-rotated.
      const d = viewToImage({ ...g, ox: 0, oy: 0 }, Math.cos(kp.angle), Math.sin(kp.angle));
      keep.push(i);
      keypoints.push({ ...kp, x: p.x, y: p.y, scale: kp.scale * Math.sqrt(view.tilt), angle: (Math.atan2(d.y, d.x) + 2 * Math.PI) % (2 * Math.PI) });
    });
    const descriptors = new Float32Array(keep.length * 128);
    keep.forEach((i, j) => descriptors.set(found.descriptors.subarray(i * 128, (i + 1) * 128), j * 128));
    out.push({ view, set: { keypoints, descriptors } });
    opts.onProgress?.((n + 1) / views.length);
    await yieldToEvents();
  }
  return out;
}

/** Every view of a against every view of b with the ratio test; duplicates (both ends within 1.5 px) merged. */
export async function asiftMatch(a: AsiftViewSet[], b: AsiftViewSet[], ratio: number, opts: { signal?: AbortSignalLike; onProgress?: (f: number) => void } = {}): Promise<MatchSet & { viewPairs: number }> {
  const x0: number[] = [];
  const y0: number[] = [];
  const x1: number[] = [];
  const y1: number[] = [];
  const score: number[] = [];
  const seen = new Map<string, number>();
  let pairs = 0;
  for (const va of a) {
    for (const vb of b) {
      throwIfAborted(opts.signal);
      const m = await matchKeypoints(va.set, vb.set, { ratio, mutual: false });
      pairs++;
      for (let i = 0; i < m.x0.length; i++) {
        // A 1.5 px cell hash catches most duplicates; neighbours of the cell catch the rest.
        const key = (x: number, y: number) => `${Math.round(x / 1.5)},${Math.round(y / 1.5)}`;
        const k = `${key(m.x0[i], m.y0[i])}|${key(m.x1[i], m.y1[i])}`;
        const prev = seen.get(k);
        if (prev !== undefined) {
          if (m.score[i] > score[prev]) score[prev] = m.score[i];
          continue;
        }
        seen.set(k, x0.length);
        x0.push(m.x0[i]); y0.push(m.y0[i]); x1.push(m.x1[i]); y1.push(m.y1[i]); score.push(m.score[i]);
      }
      opts.onProgress?.(pairs / (a.length * b.length));
    }
    await yieldToEvents();
  }
  const f = (v: number[]) => Float32Array.from(v);
  return { x0: f(x0), y0: f(y0), x1: f(x1), y1: f(y1), score: f(score), mutual: new Uint8Array(x0.length), candidates: a.reduce((s, v) => s + v.set.keypoints.length, 0), viewPairs: pairs };
}
