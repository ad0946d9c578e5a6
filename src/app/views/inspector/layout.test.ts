import { beforeAll, describe, expect, it } from 'vitest';
import { censusOffset, descriptorLayout, logPolarBin, siftCellBin, siftIndex, windowIndex, type DescriptorLayout } from './layout';
import { pairScore } from './distance';
import { getDescriptor } from '../../../engine/descriptors/registry';
import { lssBinOffsets } from '../../../engine/descriptors/lss';
import { describeDense, disposeMap, readDescriptor } from '../../../engine/match/descriptorMap';
import { grayImage, randomTexture } from '../../../engine/testing/images';
import { NODE_BACKENDS, useBackend } from '../../../engine/testing/backends';
import type { RgbImage } from '../../../engine/core/image';
import type { ParamsOf } from '../../../engine/descriptors/contract';

/** The descriptor of pixel (x, y), from the descriptor's real dense code. */
async function vectorAt(id: string, raw: ParamsOf, img: RgbImage, x: number, y: number) {
  const d = getDescriptor(id);
  const p = d.validateParams(raw);
  const map = describeDense(img, d, p);
  const v = await readDescriptor(map, x, y);
  disposeMap(map);
  return { v, layout: descriptorLayout(id, p, v.length) };
}

type Histograms = Extract<DescriptorLayout, { kind: 'histograms' }>;
/** Per histogram site: its energy Σ v² and its strongest bin. */
function sites(v: Float32Array, l: DescriptorLayout) {
  expect(l.kind).toBe('histograms');
  const h = l as Histograms;
  return h.sites.map((s, k) => {
    const bins = Array.from({ length: h.bins }, (_, b) => v[k * h.bins + b]);
    const top = bins.indexOf(Math.max(...bins));
    return { ...s, energy: bins.reduce((a, b) => a + b * b, 0), angle: h.binAngles[top] };
  });
}

describe('index helpers', () => {
  it('SIFT index ↔ (row, column, orientation), census and window positions', () => {
    expect(siftIndex(2, 1, 5)).toBe(77);
    expect(siftCellBin(77)).toEqual({ row: 2, col: 1, bin: 5 });
    for (let i = 0; i < 128; i++) {
      const c = siftCellBin(i);
      expect(siftIndex(c.row, c.col, c.bin)).toBe(i);
    }
    expect(censusOffset(0, 3)).toEqual({ dx: -1, dy: -1 });
    expect(censusOffset(4, 3)).toEqual({ dx: 1, dy: 0 });
    expect(censusOffset(7, 3)).toEqual({ dx: 1, dy: 1 });
    expect(windowIndex(1, 2, 2, 5, 3)).toBe((2 * 5 + 1) * 3 + 2);
    expect(logPolarBin(45, 20)).toEqual({ ring: 2, sector: 5 });
  });

  it('falls back to bars for a length the layout does not expect, or an unknown descriptor', () => {
    expect(descriptorLayout('sift', { binSize: 4, sigma: -1, oriented: false }, 128).kind).toBe('histograms');
    expect(descriptorLayout('sift', { binSize: 4, sigma: -1, oriented: false }, 100).kind).toBe('bars');
    expect(descriptorLayout('learned-thing', {}, 64)).toMatchObject({ kind: 'bars', dim: 64 });
  });

  it('LSS: every bin\'s sampled offsets lie in the ring and sector the layout gives it', () => {
    const p = getDescriptor('lss').validateParams({});
    const l = descriptorLayout('lss', p, 80);
    if (l.kind !== 'log-polar') throw new Error(l.kind);
    const sector = 360 / l.angles;
    lssBinOffsets(p as never).forEach((offs, index) => {
      const { ring, sector: a } = logPolarBin(index, l.angles);
      for (const o of offs) {
        const r = Math.hypot(o.dx, o.dy);
        expect(r).toBeGreaterThanOrEqual(l.edges[ring] - 0.75);
        expect(r).toBeLessThanOrEqual(l.edges[ring + 1] + 0.75);
        if (ring < 2) continue; // inner offsets are rounded to whole pixels: their angle is coarse
        const deg = ((Math.atan2(o.dy, o.dx) * 180) / Math.PI + 360) % 360;
        const mid = (a + 0.5) * sector;
        expect(Math.abs(((deg - mid + 540) % 360) - 180)).toBeLessThanOrEqual(sector / 2 + 10);
      }
    });
  });

  it('pairScore uses the metric\'s units', () => {
    expect(pairScore('hamming', [1, 0, 1, 1], [0, 0, 1, 0])).toBe(2);
    expect(pairScore('l2', [3, 0], [0, 4])).toBe(5);
    expect(pairScore('cosine', [1, 0], [Math.SQRT1_2, Math.SQRT1_2])).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe.each(NODE_BACKENDS)('layouts against the descriptors\' own output on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const [cx, cy] = [24, 24];

  it('SIFT: a gradient right of the pixel fills the right cells in bin 0; below it, the lower cells in the "down" bin', async () => {
    const right = grayImage(48, 48, (x) => 0.5 + 0.02 * Math.max(0, x - (cx + 4)));
    const a = sites((await vectorAt('sift', { binSize: 4, sigma: 0 }, right, cx, cy)).v, descriptorLayout('sift', { binSize: 4, sigma: 0, oriented: false }, 128));
    for (const s of a) {
      if (s.x < 0) expect(s.energy, `cell (${s.x}, ${s.y})`).toBeLessThan(1e-8);
      if (s.x === 6) {
        expect(s.energy).toBeGreaterThan(0.01);
        expect(s.angle).toBe(0);
      }
    }
    const below = grayImage(48, 48, (_, y) => 0.5 + 0.02 * Math.max(0, y - (cy + 4)));
    const b = sites((await vectorAt('sift', { binSize: 4, sigma: 0 }, below, cx, cy)).v, descriptorLayout('sift', { binSize: 4, sigma: 0, oriented: false }, 128));
    for (const s of b) {
      if (s.y < 0) expect(s.energy).toBeLessThan(1e-8);
      if (s.y === 6) expect(s.angle).toBeCloseTo(Math.PI / 2, 12);
    }
  });

  it('HOG: a vertical gradient in the lower half fills the lower cells in the 80–100° bin', async () => {
    const img = grayImage(48, 48, (_, y) => 0.5 + 0.02 * Math.max(0, y - cy));
    const { v, layout } = await vectorAt('hog', {}, img, cx, cy);
    for (const s of sites(v, layout)) {
      if (s.y < 0) expect(s.energy).toBeLessThan(1e-8);
      else {
        expect(s.energy).toBeGreaterThan(0.01);
        expect(s.angle).toBeCloseTo(Math.PI / 2, 12);
      }
    }
  });

  it('DAISY: the petal on the side of the gradient holds it, in the bin of its direction', async () => {
    const raw = { radius: 6, rings: 2, petals: 4, orientations: 8, normalization: 'none' };
    for (const [axis, angle] of [['x', 0], ['y', Math.PI / 2]] as const) {
      const img = grayImage(60, 60, (x, y) => 0.5 + 0.02 * Math.max(0, (axis === 'x' ? x - cx : y - cy) - 3));
      const s = sites(...(Object.values(await vectorAt('daisy', raw, img, cx, cy)) as [Float32Array, DescriptorLayout]));
      const near = s.find((q) => (axis === 'x' ? q.x === 6 && q.y === 0 : q.x === 0 && q.y === 6))!;
      const far = s.find((q) => (axis === 'x' ? q.x === -6 && q.y === 0 : q.x === 0 && q.y === -6))!;
      expect(near.energy).toBeGreaterThan(100 * far.energy);
      expect(near.angle).toBeCloseTo(angle, 12);
    }
  });

  it('census: one darker neighbour sets exactly the bit the layout puts at its offset', async () => {
    const img = grayImage(15, 15, (x, y) => (x === 7 + 1 && y === 7 - 2 ? 0.1 : 0.5));
    const { v, layout } = await vectorAt('census', { size: 7 }, img, 7, 7);
    if (layout.kind !== 'bit-grid') throw new Error(layout.kind);
    const set = Array.from(v).flatMap((b, j) => (b === 1 ? [j] : []));
    expect(set).toHaveLength(1);
    expect(layout.cells[set[0]]).toEqual({ col: 3 + 1, row: 3 - 2 });
    expect(censusOffset(set[0], 7)).toEqual({ dx: 1, dy: -2 });
  });

  it('patch, ZNCC and rank read their windows row-major at the layout\'s index', async () => {
    const tex = randomTexture(13, 11, 3, false);
    const { v } = await vectorAt('patch', { size: 5 }, tex, 6, 5);
    for (const [dx, dy, c] of [[0, 0, 0], [4, 1, 2], [2, 3, 1]]) {
      expect(v[windowIndex(dx, dy, c, 5, 3)]).toBeCloseTo(tex.data[((5 + dy - 2) * 13 + 6 + dx - 2) * 3 + c], 6);
    }
    const spot = grayImage(15, 15, (x, y) => (x === 7 + 2 && y === 7 - 1 ? 0.9 : 0.4));
    const z = (await vectorAt('zncc', { size: 7 }, spot, 7, 7)).v;
    expect(Array.from(z).indexOf(Math.max(...z))).toBe(windowIndex(3 + 2, 3 - 1, 0, 7, 1));
    const r = (await vectorAt('rank', { size: 7, window: 5 }, spot, 7, 7)).v;
    expect(Array.from(r).flatMap((x, i) => (x ? [[i, x]] : []))).toEqual([[windowIndex(2 + 2, 2 - 1, 0, 5, 1), 48]]);
  });

  it('LARK: beside a vertical edge the kernel reaches further along the edge (up/down) than across it', async () => {
    const step = grayImage(17, 17, (x) => (x < 8 ? 0.2 : 0.8));
    const { v, layout } = await vectorAt('lark', { window: 5 }, step, 8, 8);
    expect(layout.kind).toBe('window');
    expect(v[windowIndex(2, 0, 0, 5, 1)]).toBeGreaterThan(v[windowIndex(0, 2, 0, 5, 1)]);
    expect(v[windowIndex(2, 4, 0, 5, 1)]).toBeGreaterThan(v[windowIndex(4, 2, 0, 5, 1)]);
  });
});
