import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { deepdesc } from './deepdesc';
import { setModelFileReader } from '../../learned/modelFiles';
import { DEEPDESC_DIM } from '../../learned/patchnet/deepdesc';
import { describeDense, disposeMap } from '../../match/descriptorMap';
import { describeAllRows } from '../../testing/describe';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../../testing/backends';
import { grayImage, randomTexture } from '../../testing/images';

/** The shipped weights (public/models/deepdesc, made by `matchscope train --model deepdesc`). */
const MODELS = new URL('../../../../public/models/', import.meta.url);

beforeAll(async () => {
  setModelFileReader((p) => readFile(new URL(p, MODELS)));
  await deepdesc.prepare!({});
});

describe('deepdesc descriptor, backend-independent', () => {
  it('cpu and wasm give the same descriptors (within 1e-4)', async () => {
    const img = randomTexture(30, 20, 4);
    const rows: Float32Array[] = [];
    for (const b of NODE_BACKENDS) {
      await useBackend(b);
      rows.push((await describeAllRows(img, deepdesc, {})).rows);
    }
    expect(rows[0].reduce((m, v, i) => Math.max(m, Math.abs(v - rows[1][i])), 0)).toBeLessThan(1e-4);
  });

  it('refuses parameters it does not have', () => {
    expect(() => deepdesc.validateParams({ size: 3 })).toThrow(/unknown parameter/);
  });
});

describe.each(NODE_BACKENDS)('deepdesc descriptor on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('128-D, entries in [−1, 1] (tanh, then bilinear); finite on 1×1 and flat images', async () => {
    const { rows, dim } = await describeAllRows(randomTexture(23, 17, 2), deepdesc, {});
    expect(dim).toBe(DEEPDESC_DIM);
    expect(rows.length).toBe(23 * 17 * DEEPDESC_DIM);
    expect(rows.every((v) => v >= -1 && v <= 1)).toBe(true);
    for (const img of [grayImage(1, 1, () => 0.3), grayImage(6, 5, () => 0.7)]) {
      expect((await describeAllRows(img, deepdesc, {})).rows.every(Number.isFinite)).toBe(true);
    }
  });

  it('leaves no tensor behind', async () => {
    expect(await leakedTensors(() => disposeMap(describeDense(randomTexture(40, 30, 5), deepdesc, {})))).toBe(0);
  });
});
