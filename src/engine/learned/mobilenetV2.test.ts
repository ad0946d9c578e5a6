import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor4D } from '../tf';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { loadModelWeights, ModelFileError, setModelFileReader, decodeWeights } from './modelFiles';
import { foldMobileNetV2, MOBILENET_LAYERS, MOBILENET_V2_DIR, mobileNetFeatures, receptiveRadius, type MobileNetLayer, type MobileNetV2 } from './mobilenetV2';

/** Made by scripts/oracles/mobilenet.py: an unfolded NumPy forward pass over the same weight files. */
const fx = JSON.parse(readFileSync(new URL('./fixtures/mobilenet_numpy.json', import.meta.url), 'utf8')) as {
  width: number; height: number; rgb8: number[];
  layers: Record<MobileNetLayer, { shape: [number, number, number]; values: number[] }>;
};
const MODELS = new URL('../../../public/models/', import.meta.url);

let model: MobileNetV2;
beforeAll(async () => {
  setModelFileReader((p) => readFile(new URL(p, MODELS)));
  model = foldMobileNetV2(await loadModelWeights(MOBILENET_V2_DIR));
});

describe('model files', () => {
  it('decodes uint8-quantised and float32 weights and rejects a short file', () => {
    const manifest = { weightsManifest: [{ paths: ['w.bin'], weights: [
      { name: 'q', shape: [2], dtype: 'float32' as const, quantization: { dtype: 'uint8' as const, min: -1, scale: 0.5 } },
      { name: 'f', shape: [1], dtype: 'float32' as const },
    ] }] };
    const bytes = new Uint8Array(6);
    bytes.set([0, 4]);
    new DataView(bytes.buffer).setFloat32(2, 2.5, true);
    const w = decodeWeights(manifest, bytes);
    expect([...w.get('q')!.values]).toEqual([-1, 1]);
    expect([...w.get('f')!.values]).toEqual([2.5]);
    expect(() => decodeWeights(manifest, bytes.subarray(0, 5))).toThrow(ModelFileError);
  });

  it('a missing model reads as a clear error', async () => {
    await expect(loadModelWeights('no_such_model')).rejects.toThrow(/no_such_model\/model.json/);
  });

  it('receptive fields grow as the architecture says', () => {
    expect(receptiveRadius('block_2_add')).toBe(9);
    expect(receptiveRadius('block_5_add')).toBe(29);
    expect(receptiveRadius('block_9_add')).toBe(85);
  });
});

describe.each(NODE_BACKENDS)('MobileNetV2 blocks 0–10 on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each(Object.keys(MOBILENET_LAYERS) as MobileNetLayer[])('%s matches the NumPy reference', async (layer) => {
    const ref = fx.layers[layer];
    const input = tf.tensor4d(Float32Array.from(fx.rgb8, (v) => v / 255), [1, fx.height, fx.width, 3]);
    const out = mobileNetFeatures(model, input as Tensor4D, layer);
    expect(out.shape).toEqual([1, ...ref.shape]);
    const got = (await out.data()) as Float32Array;
    input.dispose();
    out.dispose();
    const scale = Math.max(...ref.values.map(Math.abs));
    const worst = ref.values.reduce((m, v, i) => Math.max(m, Math.abs(v - got[i])), 0);
    // float32 against float64 through up to 33 layers: within 1e-4 of the map's largest value.
    expect(worst / scale).toBeLessThan(1e-4);
  });

  it('leaves no tensor behind', async () => {
    const leaked = await leakedTensors(() => {
      const x = tf.zeros([1, 32, 32, 3]) as Tensor4D;
      mobileNetFeatures(model, x, 'block_9_add').dispose();
      x.dispose();
    });
    expect(leaked).toBe(0);
  });
});
