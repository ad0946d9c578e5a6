import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { mccnn } from './mccnn';
import { setModelFileReader } from '../../learned/modelFiles';
import { MCCNN_MAPS } from '../../learned/mccnn/model';
import { describeDense, disposeMap } from '../../match/descriptorMap';
import { describeAllRows } from '../../testing/describe';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { grayImage, randomTexture } from '../../testing/images';
import type { RgbImage } from '../../core/image';

/** The shipped weights (public/models/mccnn, made by `matchscope train --model mccnn`). */
const MODELS = new URL('../../../../public/models/', import.meta.url);

/** A stereo-like pair: right (x, y) = left (x + d, y), so left (x, y) ↔ right (x − d, y). */
function shiftedPair(w: number, h: number, d: number): [RgbImage, RgbImage] {
  const tex = randomTexture(w + d, h, 21);
  const crop = (x0: number): RgbImage => {
    const data = new Float32Array(w * h * 3);
    for (let y = 0; y < h; y++) data.set(tex.data.subarray((y * (w + d) + x0) * 3, (y * (w + d) + x0 + w) * 3), y * w * 3);
    return { width: w, height: h, data };
  };
  return [crop(0), crop(d)];
}

beforeAll(async () => {
  setModelFileReader((p) => readFile(new URL(p, MODELS)));
  await mccnn.prepare!({});
});

describe('mccnn descriptor, backend-independent', () => {
  it('cpu and wasm give the same descriptors (within 1e-4)', async () => {
    const img = randomTexture(30, 20, 4);
    const rows: Float32Array[] = [];
    for (const b of NODE_BACKENDS) {
      await useBackend(b);
      rows.push((await describeAllRows(img, mccnn, {})).rows);
    }
    expect(rows[0].reduce((m, v, i) => Math.max(m, Math.abs(v - rows[1][i])), 0)).toBeLessThan(1e-4);
  });
});

describe.each(NODE_BACKENDS)('mccnn descriptor on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('unit vectors of the right length; finite on 1×1 and flat images', async () => {
    const { rows, dim } = await describeAllRows(randomTexture(23, 17, 2), mccnn, {});
    expect(dim).toBe(MCCNN_MAPS);
    for (let i = 0; i < 23 * 17; i++) expect(Math.hypot(...rows.subarray(i * dim, (i + 1) * dim))).toBeCloseTo(1, 4);
    for (const img of [grayImage(1, 1, () => 0.3), grayImage(6, 5, () => 0.7)]) {
      const r = await describeAllRows(img, mccnn, {});
      expect(r.rows.every(Number.isFinite)).toBe(true);
    }
  });

  it('along the scanline, the best right pixel of a left pixel is at x − d for nearly every pixel', async () => {
    const d = 6;
    const [left, right] = shiftedPair(60, 30, d);
    const l = await describeAllRows(left, mccnn, {});
    const r = await describeAllRows(right, mccnn, {});
    const dim = l.dim;
    let hits = 0, total = 0;
    for (let y = 5; y < 25; y += 2) {
      for (let x = 25; x < 55; x += 2) {
        let best = -Infinity, bestD = -1;
        for (let k = 0; k <= 20; k++) {
          let s = 0;
          for (let c = 0; c < dim; c++) s += l.rows[(y * 60 + x) * dim + c] * r.rows[(y * 60 + x - k) * dim + c];
          if (s > best) { best = s; bestD = k; }
        }
        total++;
        if (bestD === d) hits++;
      }
    }
    expect(hits / total).toBeGreaterThan(0.95);
  });

  it('leaves no tensor behind', async () => {
    const leaked = await leakedTensors(() => disposeMap(describeDense(randomTexture(40, 30, 5), mccnn, {})));
    expect(leaked).toBe(0);
  });
});
