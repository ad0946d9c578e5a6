/**
 * Where each element of a descriptor's vector comes from, read off each descriptor's own code (its
 * "Layout" header and the constants it computes with), so the inspector draws a vector in the geometry
 * the descriptor used. Pure. Every layout states the dimension it expects; if the vector has another
 * length the inspector falls back to bars rather than draw a wrong picture.
 */
import type { ParamsOf } from '../../../engine/descriptors/contract';
import { binOffset, ORIENTATION_BINS, SPATIAL_BINS } from '../../../engine/descriptors/sift/geometry';
import { daisyGrid, ringSigmas } from '../../../engine/descriptors/daisy/grid';
import { geometryOf, type DaisyParams } from '../../../engine/descriptors/daisy';
import { dascSamplingPattern } from '../../../engine/descriptors/dasc';

/** One orientation histogram: its centre relative to the described pixel (x right, y down) and extent. */
export interface HistogramSite {
  x: number;
  y: number;
  /** Half side of a square cell, or the radius (σ) of a round petal, in pixels. */
  extent: number;
  shape: 'square' | 'circle';
}

export type DescriptorLayout =
  | {
      kind: 'histograms';
      /** Element h·bins + b is bin b of histogram h. */
      sites: HistogramSite[];
      bins: number;
      /** Direction of each bin's centre, radians from +x towards +y (y down). */
      binAngles: number[];
      /** Unsigned orientations (HOG): a bin stands for both θ and θ + π. */
      undirected: boolean;
      dim: number;
      caption: string;
    }
  | { kind: 'log-polar'; rings: number; angles: number; /** Ring i spans radii edges[i]…edges[i + 1]. */ edges: number[]; dim: number; caption: string }
  | { kind: 'pairs'; pairs: { x1: number; y1: number; x2: number; y2: number }[]; dim: number; caption: string }
  | { kind: 'bit-grid'; cols: number; rows: number; /** Grid cell of element i. */ cells: { col: number; row: number }[]; centre: { col: number; row: number } | null; dim: number; caption: string }
  | { kind: 'window'; k: number; channels: 1 | 3; /** Values may be negative (zero-mean windows). */ signed: boolean; /** Fixed top of the value range, or null to scale by the data. */ max: number | null; dim: number; caption: string }
  | { kind: 'bars'; dim: number; caption: string };

const num = (p: ParamsOf, k: string) => Number(p[k]);

/** SIFT element (j·4 + i)·8 + t: spatial row j, column i, orientation t (sift.ts "Layout"). */
export function siftIndex(row: number, col: number, bin: number): number {
  return (row * SPATIAL_BINS + col) * ORIENTATION_BINS + bin;
}

/** The inverse of siftIndex. */
export function siftCellBin(index: number): { row: number; col: number; bin: number } {
  const cell = Math.floor(index / ORIENTATION_BINS);
  return { row: Math.floor(cell / SPATIAL_BINS), col: cell % SPATIAL_BINS, bin: index % ORIENTATION_BINS };
}

/** Census element j: the neighbour at window position j (row-major), skipping the centre (census.ts). */
export function censusOffset(j: number, k: number): { dx: number; dy: number } {
  const centre = (k * k - 1) / 2;
  const pos = j < centre ? j : j + 1;
  const r = (k - 1) / 2;
  return { dx: (pos % k) - r, dy: Math.floor(pos / k) - r };
}

/** Window element (dy·k + dx)·C + c (patch.ts, zncc.ts, rank.ts). */
export function windowIndex(dx: number, dy: number, c: number, k: number, channels: number): number {
  return (dy * k + dx) * channels + c;
}

function siftLayout(p: ParamsOf): DescriptorLayout {
  const b = num(p, 'binSize');
  const sites = Array.from({ length: SPATIAL_BINS * SPATIAL_BINS }, (_, k): HistogramSite => ({
    x: binOffset(k % SPATIAL_BINS, b), y: binOffset(Math.floor(k / SPATIAL_BINS), b), extent: b / 2, shape: 'square',
  }));
  const binAngles = Array.from({ length: ORIENTATION_BINS }, (_, t) => (2 * Math.PI * t) / ORIENTATION_BINS);
  const frame = p.oriented ? ' in the pixel\'s own frame (turned by its dominant orientation θ₀)' : ', upright';
  return { kind: 'histograms', sites, bins: ORIENTATION_BINS, binAngles, undirected: false, dim: sites.length * ORIENTATION_BINS, caption: `4×4 cells of ${b} px, 8 gradient orientations each${frame}.` };
}

function hogLayout(p: ParamsOf): DescriptorLayout {
  const s = num(p, 'cellSize');
  const c = num(p, 'cellsPerBlock');
  const n = num(p, 'orientations');
  // hog.ts: cell (i, j) covers rows y − ⌊B/2⌋ + i·s … + s − 1, likewise columns; element (i·c + j)·n + o.
  const at = (i: number) => -Math.floor((c * s) / 2) + i * s + (s - 1) / 2;
  const sites = Array.from({ length: c * c }, (_, k): HistogramSite => ({ x: at(k % c), y: at(Math.floor(k / c)), extent: s / 2, shape: 'square' }));
  // Bin o holds unsigned orientations [180°·o/n, 180°·(o + 1)/n): drawn at its centre, both ways.
  const binAngles = Array.from({ length: n }, (_, o) => (Math.PI * (o + 0.5)) / n);
  return { kind: 'histograms', sites, bins: n, binAngles, undirected: true, dim: c * c * n, caption: `${c}×${c} cells of ${s} px, ${n} unsigned orientations (0–180°) each, L2-Hys over the block.` };
}

function daisyLayout(p: ParamsOf): DescriptorLayout {
  const dp = p as DaisyParams;
  const geom = geometryOf(dp);
  const h = num(p, 'orientations');
  const sigmas = ringSigmas(geom.radius, geom.rings);
  const sites = daisyGrid(geom).map((g): HistogramSite => ({ x: g.dx, y: g.dy, extent: sigmas[g.level], shape: 'circle' }));
  const offset = (geom.orientation * Math.PI) / 180;
  const binAngles = Array.from({ length: h }, (_, k) => (2 * Math.PI * k) / h + offset);
  const frame = dp.orientation === 'dominant' ? ' in the pixel\'s own frame (turned by its dominant orientation θ₀)' : dp.orientation === 'fixed' ? `, turned by ${dp.offset}°` : ', upright';
  return { kind: 'histograms', sites, bins: h, binAngles, undirected: false, dim: sites.length * h, caption: `${sites.length} histograms (centre + ${geom.rings} rings of ${geom.petals} petals) of ${h} orientations${frame}; circles: each ring's Gaussian Σ.` };
}

function lssLayout(p: ParamsOf): DescriptorLayout {
  const rings = num(p, 'rings');
  const angles = num(p, 'angles');
  const r = num(p, 'radius');
  // lss.ts: ring i covers radii (R^{i/n}, R^{(i+1)/n}], sector a angles [a, a + 1)·360°/angles; element ring·angles + a.
  const edges = Array.from({ length: rings + 1 }, (_, i) => Math.pow(r, i / rings));
  return { kind: 'log-polar', rings, angles, edges, dim: rings * angles, caption: `${angles} angles × ${rings} log-polar rings up to ${r} px; each bin the best self-similarity of the ${num(p, 'patch')}×${num(p, 'patch')} patch in it.` };
}

/**
 * The layout of a descriptor's vector, from its id and validated params. `dim` is the length of the
 * vector actually received: when it disagrees with the layout, the answer is bars.
 */
export function descriptorLayout(id: string, p: ParamsOf, dim: number): DescriptorLayout {
  const layout = knownLayout(id, p);
  if (!layout || layout.dim !== dim) return { kind: 'bars', dim, caption: layout ? `Expected ${layout.dim} values for ${id}, got ${dim}: shown as bars.` : `${dim} values, in the order of the vector.` };
  return layout;
}

function knownLayout(id: string, p: ParamsOf): DescriptorLayout | null {
  switch (id) {
    case 'sift':
      return siftLayout(p);
    case 'hog':
      return hogLayout(p);
    case 'daisy':
      return daisyLayout(p);
    case 'lss':
      return lssLayout(p);
    case 'dasc': {
      const pairs = dascSamplingPattern(num(p, 'pairs'), num(p, 'radius')).map(({ p: a, q: b }) => ({ x1: a.dx, y1: a.dy, x2: b.dx, y2: b.dy }));
      return { kind: 'pairs', pairs, dim: pairs.length, caption: `${pairs.length} patch pairs (random, fixed seed — DASC here has no log-polar bins); each line's colour is exp(−(1 − |C|)/σ) of that pair.` };
    }
    case 'brief': {
      const bits = num(p, 'bits');
      const cols = 16;
      const cells = Array.from({ length: bits }, (_, i) => ({ col: i % cols, row: Math.floor(i / cols) }));
      return { kind: 'bit-grid', cols, rows: bits / cols, cells, centre: null, dim: bits, caption: `${bits} test bits in test order, 16 per row (bit i = [J(p + x_i) < J(p + y_i)]); the tests have no grid geometry of their own.` };
    }
    case 'census': {
      const k = num(p, 'size');
      const r = (k - 1) / 2;
      const cells = Array.from({ length: k * k - 1 }, (_, j) => {
        const o = censusOffset(j, k);
        return { col: o.dx + r, row: o.dy + r };
      });
      return { kind: 'bit-grid', cols: k, rows: k, cells, centre: { col: r, row: r }, dim: cells.length, caption: `${k}×${k} window: bit = neighbour darker than the centre (filled), centre marked.` };
    }
    case 'patch':
      return { kind: 'window', k: num(p, 'size'), channels: 3, signed: false, max: 1, dim: 3 * num(p, 'size') ** 2, caption: `The ${num(p, 'size')}×${num(p, 'size')} colour window itself.` };
    case 'rgb':
      return { kind: 'window', k: 1, channels: 3, signed: false, max: 1, dim: 3, caption: 'The pixel\'s colour.' };
    case 'ncc':
    case 'zncc': {
      const k = num(p, 'size');
      return { kind: 'window', k, channels: 1, signed: id === 'zncc', max: null, dim: k * k, caption: `The ${k}×${k} grey window${id === 'zncc' ? ' minus its mean' : ''}, divided by its norm${id === 'zncc' ? ' (blue below the mean, orange above)' : ''}.` };
    }
    case 'lark': {
      // lark.ts: element dy·P + dx is the kernel weight at neighbour (dx − r, dy − r); the vector has unit norm.
      const k = num(p, 'window');
      return { kind: 'window', k, channels: 1, signed: false, max: null, dim: k * k, caption: `${k}×${k} steering-kernel weights (unit norm): bright where the local gradient covariance lets the kernel reach.` };
    }
    case 'rank': {
      const m = num(p, 'window');
      const k = num(p, 'size');
      return { kind: 'window', k: m, channels: 1, signed: false, max: k * k - 1, dim: m * m, caption: `${m}×${m} ranks, each 0…${k * k - 1} (darker pixels in its ${k}×${k} window).` };
    }
    default:
      return null;
  }
}

/** Ring and sector of log-polar element `index` (LSS: ring·angles + a). */
export function logPolarBin(index: number, angles: number): { ring: number; sector: number } {
  return { ring: Math.floor(index / angles), sector: index % angles };
}

