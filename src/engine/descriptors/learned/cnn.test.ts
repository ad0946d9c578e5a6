import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnn } from './cnn';
import { setModelFileReader } from '../../learned/modelFiles';
import { MOBILENET_LAYERS, type MobileNetLayer } from '../../learned/mobilenetV2';
import { describeDense, disposeMap, readDescriptor } from '../../match/descriptorMap';
import { describeAllRows, imageFromRgb8 } from '../../testing/describe';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { grayImage, randomTexture } from '../../testing/images';
import type { RgbImage } from '../../core/image';

const fx = JSON.parse(readFileSync(new URL('../../learned/fixtures/mobilenet_numpy.json', import.meta.url), 'utf8')) as {
  width: number; height: number; rgb8: number[];
  block_5_add_pixels: { x: number; y: number; descriptor: number[] }[];
};
const MODELS = new URL('../../../../public/models/', import.meta.url);
const useDiskModels = () => setModelFileReader((p) => readFile(new URL(p, MODELS)));

/** `img` moved by (dx, dy): pixel (x, y) of the result is pixel (x − dx, y − dy) of `img` (edges clamped). */
function shifted(img: RgbImage, dx: number, dy: number): RgbImage {
  const data = new Float32Array(img.data.length);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const sx = Math.min(Math.max(x - dx, 0), img.width - 1);
      const sy = Math.min(Math.max(y - dy, 0), img.height - 1);
      data.set(img.data.subarray((sy * img.width + sx) * 3, (sy * img.width + sx) * 3 + 3), (y * img.width + x) * 3);
    }
  }
  return { width: img.width, height: img.height, data };
}

beforeAll(async () => {
  useDiskModels();
  await cnn.prepare!(cnn.defaultParams);
});

describe('cnn descriptor, backend-independent', () => {
  it('a model that cannot be read makes prepare reject with the path', async () => {
    setModelFileReader(() => Promise.reject(new Error('ENOENT')));
    await expect(cnn.prepare!(cnn.defaultParams)).rejects.toThrow(/mobilenet_v2\/model\.json.*ENOENT/);
    useDiskModels();
    await cnn.prepare!(cnn.defaultParams);
  });

  it('params: the layer fixes D and the receptive field; unknown layers are refused', () => {
    expect(cnn.dim(cnn.validateParams({ layer: 'block_2_add' }))).toBe(24);
    expect(cnn.dim(cnn.validateParams({ layer: 'block_10_project_BN' }))).toBe(96);
    expect(cnn.radius(cnn.validateParams({ layer: 'block_9_add' }))).toBe(85);
    expect(() => cnn.validateParams({ layer: 'block_16_add' })).toThrow(/layer must be one of/);
  });

  it('cpu and wasm give the same descriptors (within 1e-4)', async () => {
    const img = imageFromRgb8(fx);
    const rows: Float32Array[] = [];
    for (const b of NODE_BACKENDS) {
      await useBackend(b);
      rows.push((await describeAllRows(img, cnn, { layer: 'block_9_add' })).rows);
    }
    expect(rows[0].reduce((m, v, i) => Math.max(m, Math.abs(v - rows[1][i])), 0)).toBeLessThan(1e-4);
  });
});

describe.each(NODE_BACKENDS)('cnn descriptor on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('block_5_add at chosen pixels matches the NumPy reference (upsampled, normalised)', async () => {
    const map = describeDense(imageFromRgb8(fx), cnn, cnn.validateParams({ layer: 'block_5_add' }));
    for (const ref of fx.block_5_add_pixels) {
      const got = await readDescriptor(map, ref.x, ref.y);
      const worst = ref.descriptor.reduce((m, v, i) => Math.max(m, Math.abs(v - got[i])), 0);
      expect(worst, `pixel (${ref.x}, ${ref.y})`).toBeLessThan(1e-4);
    }
    disposeMap(map);
  });

  it.each(Object.keys(MOBILENET_LAYERS) as MobileNetLayer[])('%s: unit vectors of the right length, even on 1×1 and 5×3 images', async (layer) => {
    for (const img of [grayImage(1, 1, () => 0.5), randomTexture(5, 3, 2), randomTexture(37, 21, 3)]) {
      const { rows, dim } = await describeAllRows(img, cnn, { layer });
      expect(dim).toBe(MOBILENET_LAYERS[layer].channels);
      expect(rows.length).toBe(img.width * img.height * dim);
      for (let i = 0; i < img.width * img.height; i++) {
        const n = Math.hypot(...rows.subarray(i * dim, (i + 1) * dim));
        expect(n).toBeCloseTo(1, 4);
      }
    }
  });

  // A shift by whole cells (8, 4) at stride 4 moves the feature map by whole cells, so matches are exact.
  // Shifts by fractions of a cell are not: strided CNN features alias, and on noise textures fewer than a
  // third of the pixels match within 3 px (real photographs do better: see the README's table).
  it('finds a shift by whole cells: the true pixel is the best match over the interior', async () => {
    const a = randomTexture(64, 48, 7);
    const b = shifted(a, 8, 4);
    const p = cnn.validateParams({ layer: 'block_2_add' });
    const { rows: rb, dim } = await describeAllRows(b, cnn, p);
    const ma = describeDense(a, cnn, p);
    let hits = 0, total = 0;
    for (let y = 12; y < 36; y += 4) {
      for (let x = 12; x < 52; x += 4) {
        const q = await readDescriptor(ma, x, y);
        let best = -Infinity, bi = -1;
        for (let i = 0; i < b.width * b.height; i++) {
          let s = 0;
          for (let j = 0; j < dim; j++) s += rb[i * dim + j] * q[j];
          if (s > best) { best = s; bi = i; }
        }
        const [bx, by] = [bi % b.width, Math.floor(bi / b.width)];
        total++;
        if (Math.abs(bx - (x + 8)) <= 1 && Math.abs(by - (y + 4)) <= 1) hits++;
      }
    }
    disposeMap(ma);
    expect(hits / total).toBeGreaterThan(0.95);
  });

  it('leaves no tensor behind', async () => {
    const leaked = await leakedTensors(async () => {
      const map = describeDense(randomTexture(40, 30, 5), cnn, cnn.validateParams({ layer: 'block_10_project_BN' }));
      disposeMap(map);
    });
    expect(leaked).toBe(0);
  });
});
