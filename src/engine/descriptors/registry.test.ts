/**
 * Every registered descriptor keeps the contract: unique id, reference and deviations stated, defaults
 * valid, unknown params rejected, output shape (H, W, dim) and finite even on a uniform image and on an
 * image smaller than its window, and no tensor left behind.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESCRIPTORS, getDescriptor } from './registry';
import { paramApplies } from './contract';
import { describeDense, disposeMap, ensureFinite } from '../match/descriptorMap';
import { grayImage, randomTexture } from '../testing/images';
import { leakedTensors, useBackend } from '../testing/backends';
import { tf } from '../tf';
import { setModelFileReader } from '../learned/modelFiles';

describe('conditional parameters', () => {
  it('each shownWhen names a choice parameter of the same descriptor and only values it can take', () => {
    for (const d of DESCRIPTORS) {
      for (const spec of d.params.filter((s) => s.shownWhen)) {
        const on = d.params.find((s) => s.name === spec.shownWhen!.param);
        expect(on?.kind, `${d.id}.${spec.name}`).toBe('choice');
        for (const v of spec.shownWhen!.oneOf) expect(on?.kind === 'choice' && on.options).toContain(v);
      }
    }
  });

  it("DAISY's offset applies in orientation 'fixed' only", () => {
    const offset = getDescriptor('daisy').params.find((s) => s.name === 'offset')!;
    expect(['none', 'fixed', 'dominant'].map((orientation) => paramApplies(offset, { orientation }))).toEqual([false, true, false]);
  });
});

describe('descriptor registry', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    // Learned descriptors read their weights from the app's public/models, as the CLI does.
    setModelFileReader((path) => readFile(new URL(`../../../public/models/${path}`, import.meta.url)));
  });

  it('has unique ids and documented references', () => {
    const ids = DESCRIPTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of DESCRIPTORS) {
      expect(d.citation.length, d.id).toBeGreaterThan(20);
      expect(d.deviations.length, d.id).toBeGreaterThan(0);
      expect(['l2', 'hamming', 'cosine']).toContain(d.metric);
      expect(() => d.validateParams({ notAParam: 1 }), d.id).toThrow(/unknown parameter/);
    }
    expect(() => getDescriptor('nope')).toThrow(/unknown descriptor "nope"/);
  });

  it.each(DESCRIPTORS.map((d) => d.id))('%s: (H, W, dim), finite on texture, flat and tiny images, no leaks', async (id) => {
    const d = getDescriptor(id);
    const p = d.validateParams({});
    await d.prepare?.(p);
    const images = [randomTexture(24, 18, 5), grayImage(20, 16, () => 0.5), grayImage(3, 2, (x, y) => (x + y) / 4)];
    const leaked = await leakedTensors(async () => {
      for (const img of images) {
        const raw = describeDense(img, d, p);
        expect(raw.rows.shape).toEqual([img.width * img.height, d.dim(p)]);
        const finite = tf.tidy(() => tf.all(tf.isFinite(raw.rows)));
        expect((await finite.data())[0], `${id} on ${img.width}×${img.height} has non-finite values`).toBe(1);
        finite.dispose();
        disposeMap(await ensureFinite(raw));
      }
    });
    expect(leaked).toBe(0);
  });
});
