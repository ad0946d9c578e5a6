/**
 * The BRISK scale space: n octaves c_i (half-sampling) and n intra-octaves d_i between them (d_0 is the
 * image downsampled by 1.5, then half-sampling), each with its FAST 9-16 score map.
 * Reference: S. Leutenegger, M. Chli and R. Y. Siegwart, "BRISK: Binary Robust Invariant Scalable Keypoints",
 * ICCV 2011, §2.1. Layer sizes, scales t and offsets as in the authors' code (OpenCV 4.6 brisk.cpp): layer k
 * maps to the input frame by x_in = t·x + (t − 1) / 2 (area resampling keeps pixel areas aligned).
 */
import type { Grey8 } from './grey';
import { fastScorer, type FastScorer } from './fast';

export interface BriskLayer {
  img: Grey8;
  /** t: 1, 1.5, 2, 3, 4, 6, … */
  scale: number;
  offset: number;
  scores: FastScorer;
}

/** Area-weighted resampling to (w2, h2), as OpenCV's INTER_AREA: each output pixel is the mean of the input area it covers. */
export function areaResize(g: Grey8, w2: number, h2: number): Grey8 {
  const tx = areaTable(g.width, w2);
  const ty = areaTable(g.height, h2);
  const out = new Uint8Array(w2 * h2);
  const row = new Float64Array(w2);
  for (let y = 0; y < h2; y++) {
    row.fill(0);
    const ry = ty[y];
    for (let a = 0; a < ry.index.length; a++) {
      const src = ry.index[a] * g.width;
      const wy = ry.weight[a];
      for (let x = 0; x < w2; x++) {
        const rx = tx[x];
        let s = 0;
        for (let b = 0; b < rx.index.length; b++) s += rx.weight[b] * g.data[src + rx.index[b]];
        row[x] += wy * s;
      }
    }
    for (let x = 0; x < w2; x++) out[y * w2 + x] = Math.min(255, Math.round(row[x]));
  }
  return { width: w2, height: h2, data: out };
}

function areaTable(n: number, n2: number): { index: number[]; weight: number[] }[] {
  const s = n / n2;
  return Array.from({ length: n2 }, (_, i) => {
    const a = i * s;
    const b = Math.min(n, a + s);
    const index: number[] = [];
    const weight: number[] = [];
    for (let k = Math.floor(a); k < Math.ceil(b); k++) {
      const w = Math.min(b, k + 1) - Math.max(a, k);
      if (w > 1e-3) { index.push(k); weight.push(w / (b - a)); }
    }
    return { index, weight };
  });
}

/** Octaves that fit: every layer keeps at least 8 × 8 pixels (the FAST circle and a 3 × 3 neighbourhood). */
export function octavesThatFit(width: number, height: number, octaves: number): number {
  let o = octaves;
  // The smallest layer is the last intra-octave: size · 2 / (3 · 2^(o − 1)).
  while (o > 0 && Math.min(width, height) * 2 / (3 * 2 ** (o - 1)) < 8) o--;
  return o;
}

/**
 * Layers c_0, d_0, c_1, d_1, … (2·octaves of them; octaves = 0 gives c_0 alone).
 * `g` is (H, W) uint8; octaves must already fit (octavesThatFit).
 */
export function buildBriskScaleSpace(g: Grey8, octaves: number): BriskLayer[] {
  const layer = (img: Grey8, scale: number): BriskLayer => ({ img, scale, offset: 0.5 * scale - 0.5, scores: fastScorer(img) });
  const layers: BriskLayer[] = [layer(g, 1)];
  if (octaves === 0) return layers;
  const twoThirds = (l: BriskLayer) => layer(areaResize(l.img, 2 * Math.floor(l.img.width / 3), 2 * Math.floor(l.img.height / 3)), l.scale * 1.5);
  const half = (l: BriskLayer) => layer(areaResize(l.img, l.img.width >> 1, l.img.height >> 1), l.scale * 2);
  layers.push(twoThirds(layers[0]));
  for (let i = 2; i < 2 * octaves; i += 2) {
    layers.push(half(layers[i - 2]));
    layers.push(half(layers[i - 1]));
  }
  return layers;
}
