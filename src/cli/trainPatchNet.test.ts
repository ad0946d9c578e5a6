import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, runCli, tempDir } from './testing/cli';
import { decodeWeights, type WeightsManifest } from '../engine/learned/modelFiles';
import { convNetFromNamed } from '../engine/learned/patchnet/convNet';
import { DEEPDESC_SPEC } from '../engine/learned/patchnet/deepdesc';
import { TWO_CHANNEL_SPEC } from '../engine/learned/patchnet/twoChannel';

const dir = tempDir('train-patchnet');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Card {
  model: string; steps: number; mining: number; train_photos: string[]; validation_photo: string;
  loss_curve: { step: number; loss: number; validation_loss: number }[];
}

describe.each([['2ch', TWO_CHANNEL_SPEC], ['deepdesc', DEEPDESC_SPEC]] as const)('matchscope train --model %s (smoke)', (model, spec) => {
  it('a few steps: validation loss falls, the weights load back, the card says what happened', async () => {
    const out = join(dir, model);
    const r = await runCli(['train', '--model', model, '--steps', '8', '--batch', '16', '--mining', '2', '--val-size', '64', '--seed', '2', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/step 2\/8 {2}loss \d\.\d{4}/);
    const card = readJson<Card>(join(out, 'card.json'));
    expect(card.model).toBe(model);
    expect(card.steps).toBe(8);
    expect(card.validation_photo).toBe('chelsea.png');
    expect(card.train_photos).not.toContain('chelsea.png');
    expect(card.loss_curve.map((p) => p.step)).toEqual([2, 4, 6, 8]);
    expect(card.loss_curve[3].validation_loss).toBeLessThan(card.loss_curve[0].validation_loss);
    const manifest = readJson<WeightsManifest>(join(out, 'model.json'));
    const w = convNetFromNamed(spec, decodeWeights(manifest, readFileSync(join(out, 'weights.bin'))));
    expect(w.kernels[0].every(Number.isFinite)).toBe(true);
    expect(readFileSync(join(out, 'card.md'), 'utf8')).toMatch(/training card/);
  }, 300_000);
});

describe('matchscope train, patch networks: bad input', () => {
  it('refuses a validation photo that is not there', async () => {
    const r = await runCli(['train', '--model', '2ch', '--validation', 'nope.png', '--out', dir]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--validation nope.png is not a photo/)]);
  });
});
