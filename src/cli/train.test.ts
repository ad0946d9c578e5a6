import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, runCli, tempDir } from './testing/cli';
import { decodeWeights, type WeightsManifest } from '../engine/learned/modelFiles';
import { mcCnnFromNamed } from '../engine/learned/mccnn/model';
import { ucnFromNamed } from '../engine/learned/ucn/model';

const dir = tempDir('train');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Card {
  steps: number; seed: number; train_rows: number[]; validation_rows: number[];
  loss_curve: { step: number; loss: number; validation_accuracy: number }[];
  validation_wta: { pixels: number; within1: number; within3: number };
}

describe('matchscope train', () => {
  it('trains MC-CNN for a few steps on a crop of the motorcycle pair: loss falls, the weights load back, the card says what happened', async () => {
    const out = join(dir, 'mccnn');
    const r = await runCli(['train', '--model', 'mccnn', '--steps', '40', '--batch', '32', '--crop', '300,150,160,100', '--seed', '3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/step 10\/40 {2}loss \d\.\d{4}/);
    const card = readJson<Card>(join(out, 'card.json'));
    expect(card.steps).toBe(40);
    expect(card.loss_curve.map((p) => p.step)).toEqual([10, 20, 30, 40]);
    expect(card.loss_curve[3].loss).toBeLessThan(card.loss_curve[0].loss);
    // Held-out rows follow the training rows with a gap of at least one patch radius.
    expect(card.validation_rows[0] - card.train_rows[1]).toBeGreaterThanOrEqual(8);
    expect(card.validation_wta.pixels).toBeGreaterThan(100);
    const manifest = readJson<WeightsManifest>(join(out, 'model.json'));
    const weights = mcCnnFromNamed(decodeWeights(manifest, readFileSync(join(out, 'weights.bin'))));
    expect(weights.kernels[0].every(Number.isFinite)).toBe(true);
    expect(readFileSync(join(out, 'card.md'), 'utf8')).toMatch(/^# MC-CNN fast: training card/);
  }, 300_000);

  it('refuses an unknown model and a bad crop', async () => {
    expect((await runCli(['train', '--model', 'sift', '--out', dir])).stderr).toMatch(/--model must be mccnn, ucn, deepdesc or 2ch/);
    const r = await runCli(['train', '--model', 'mccnn', '--crop', '1,2,3', '--out', dir]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--crop must be X,Y,W,H/)]);
  });
});

describe('matchscope train --model ucn', () => {
  it('two steps of UCN-HN-ST on small crops write weights that load back and a card with the reproducing command', async () => {
    const out = join(dir, 'ucn');
    const r = await runCli(['train', '--model', 'ucn', '--variant', 'hn-st', '--steps', '2', '--size', '48', '--pairs', '1', '--positives', '16', '--seed', '4', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const card = readJson<{ steps: number; variant: string; margin: number; never_used: string; command: string; validation_pck: { at4px: number } }>(join(out, 'card.json'));
    expect([card.steps, card.variant, card.margin]).toEqual([2, 'hn-st', 1]);
    expect(card.never_used).toMatch(/graffiti and motorcycle/);
    expect(card.command).toMatch(/--variant hn-st .*--steps 2$/);
    expect(card.validation_pck.at4px).toBeGreaterThanOrEqual(0);
    const w = ucnFromNamed('hn-st', decodeWeights(readJson<WeightsManifest>(join(out, 'model.json')), readFileSync(join(out, 'weights.bin'))));
    expect(w.theta!.kernel.every(Number.isFinite)).toBe(true);
    expect(readFileSync(join(out, 'card.md'), 'utf8')).toMatch(/^# UCN-HN-ST: training card/);
  }, 120_000);

  it('refuses an unknown variant', async () => {
    const r = await runCli(['train', '--model', 'ucn', '--variant', 'st', '--out', dir]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/--variant must be one of rn, hn, hn-st/)]);
  });
});
