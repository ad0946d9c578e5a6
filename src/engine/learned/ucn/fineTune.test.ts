import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor3D } from '../../tf';
import { leakedTensors, maxAbsDiff, useBackend } from '../../testing/backends';
import { randomTexture } from '../../testing/images';
import { mulberry32 } from '../../core/random';
import { isAbortError } from '../../core/abort';
import type { RgbImage } from '../../core/image';
import { distortImage } from '../../distort';
import { applyH } from '../../distort/geometric';
import { loadModelWeights, setModelFileReader } from '../modelFiles';
import type { MobileNetV2 } from '../mobilenetV2';
import { denseUcn, prepareUcnBackbone, ucnDir, ucnFromNamed, ucnTensors, type UcnWeights } from './model';
import { cellCorrespondences, type PointMap } from './pairs';
import { groundTruthCropPair } from './groundTruthPairs';
import { fineTuneUcn, type UcnFineTuneOptions } from './fineTune';
import type { UcnProgress } from './train';

const MODELS = new URL('../../../../public/models/', import.meta.url);

let backbone: MobileNetV2;
let base: UcnWeights;
let source: RgbImage;
let target: RgbImage;
let truth: PointMap;

beforeAll(async () => {
  await useBackend('wasm');
  setModelFileReader((p) => readFile(new URL(p, MODELS)));
  backbone = await prepareUcnBackbone();
  base = ucnFromNamed('hn', await loadModelWeights(ucnDir('hn')));
  source = randomTexture(96, 80, 11);
  const d = distortImage(source, { rotationDeg: 8, scale: 1.05 });
  target = d.image;
  const H = d.H;
  truth = (x, y) => applyH(H, x, y);
});

const opts = (o: Partial<UcnFineTuneOptions> = {}): UcnFineTuneOptions => ({ steps: 3, seed: 4, size: 48, useGroundTruth: true, ...o });

async function dense(w: UcnWeights, img: RgbImage): Promise<Float32Array> {
  const net = ucnTensors(w);
  const t = tf.tidy(() => denseUcn(backbone, net, tf.tensor3d(img.data, [img.height, img.width, 3]) as Tensor3D));
  const v = (await t.data()) as Float32Array;
  t.dispose();
  [net.conv1, net.conv2].forEach((l) => { l.kernel.dispose(); l.bias.dispose(); });
  return v;
}

describe('fine-tuning UCN on a pair (wasm)', () => {
  it('zero steps give back the starting weights and their descriptors; the step-0 report has no loss', async () => {
    const seen: UcnProgress[] = [];
    const r = await fineTuneUcn(backbone, base, source, target, truth, opts({ steps: 0, onProgress: (p) => seen.push(p) }));
    expect(Array.from(r.weights.conv1.kernel)).toEqual(Array.from(base.conv1.kernel));
    expect(Array.from(r.weights.conv2.bias)).toEqual(Array.from(base.conv2.bias));
    expect(maxAbsDiff(await dense(r.weights, source), await dense(base, source))).toBe(0);
    expect(seen.map((p) => p.step)).toEqual([0]);
    expect(Number.isNaN(seen[0].loss)).toBe(true);
    expect(seen[0].pairPck![1]).toBeGreaterThanOrEqual(seen[0].pairPck![0]);
    expect(r.pairPoints).toBeGreaterThan(100);
  }, 60_000);

  it('three steps move the weights, report every step, repeat exactly for a seed and leave no tensor', async () => {
    let a: Awaited<ReturnType<typeof fineTuneUcn>> | undefined;
    const leaked = await leakedTensors(async () => { a = await fineTuneUcn(backbone, base, source, target, truth, opts()); });
    expect(leaked).toBe(0);
    expect(a!.curve.map((p) => p.step)).toEqual([0, 1, 2, 3]);
    expect(a!.curve.slice(1).every((p) => Number.isFinite(p.loss) && p.loss > 0)).toBe(true);
    expect(maxAbsDiff(a!.weights.conv2.kernel, base.conv2.kernel)).toBeGreaterThan(1e-4);
    const b = await fineTuneUcn(backbone, base, source, target, truth, opts());
    expect(Array.from(b.weights.conv2.kernel)).toEqual(Array.from(a!.weights.conv2.kernel));
    expect(b.curve.map((p) => [p.loss, ...p.validationPck, ...p.pairPck!])).toEqual(a!.curve.map((p) => [p.loss, ...p.validationPck, ...p.pairPck!]));
    const c = await fineTuneUcn(backbone, base, source, target, truth, opts({ seed: 5 }));
    expect(maxAbsDiff(c.weights.conv2.kernel, a!.weights.conv2.kernel)).toBeGreaterThan(0);
  }, 120_000);

  it('without ground truth: warps only, no pair PCK; asking for ground truth then is refused', async () => {
    const r = await fineTuneUcn(backbone, base, source, target, null, opts({ steps: 1, useGroundTruth: false }));
    expect(r.curve.every((p) => p.pairPck === undefined)).toBe(true);
    expect(r.pairPoints).toBe(0);
    await expect(fineTuneUcn(backbone, base, source, target, null, opts())).rejects.toThrow(/no ground truth/);
  }, 60_000);

  it('cancel: an abort after the first step rejects, keeps nothing and leaks nothing', async () => {
    const ctl = new AbortController();
    let err: unknown;
    const leaked = await leakedTensors(async () => {
      try {
        await fineTuneUcn(backbone, base, source, target, truth, opts({ steps: 5, signal: ctl.signal, onProgress: (p) => { if (p.step === 1) ctl.abort(); } }));
      } catch (e) {
        err = e;
      }
    });
    expect(isAbortError(err)).toBe(true);
    expect(leaked).toBe(0);
  }, 60_000);

  it('a cancel from another task (a worker message) is seen within a step, not at the end of the run', async () => {
    const ctl = new AbortController();
    let reports = 0;
    const run = fineTuneUcn(backbone, base, source, target, truth, opts({ steps: 40, signal: ctl.signal, onProgress: () => { reports++; } }));
    setTimeout(() => ctl.abort(), 0);
    await expect(run).rejects.toThrow(/abort|cancel/i);
    expect(reports).toBeLessThan(5);
  }, 60_000);

  it('an image smaller than the crop is refused in words', async () => {
    await expect(fineTuneUcn(backbone, base, source, randomTexture(40, 40, 2), null, opts({ useGroundTruth: false }))).rejects.toThrow(/target image \(40×40\) is smaller than the 48×48 crop/);
  });
});

describe('ground-truth crop pairs', () => {
  it('each correspondence is the homography between the crops, and the pixels there agree', () => {
    const rnd = mulberry32(3);
    for (let n = 0; n < 5; n++) {
      const p = groundTruthCropPair(source, target, truth, 40, rnd);
      const [ax, ay] = p.offsetA;
      const [bx, by] = p.offsetB;
      expect(p.a.width).toBe(40);
      const c = cellCorrespondences(p, 4, 2);
      expect(c.cells.length).toBeGreaterThan(20);
      let diff = 0;
      c.cells.forEach((cell, k) => {
        const x = 4 * (cell % 10) + 3;
        const y = 4 * Math.floor(cell / 10) + 3;
        const [tu, tv] = truth(x + ax, y + ay)!;
        expect(c.xs[k] + bx).toBeCloseTo(tu, 9);
        expect(c.ys[k] + by).toBeCloseTo(tv, 9);
        // The crops' own pixels: a at (x, y) against b at the nearest pixel of its true match.
        const b = (Math.round(c.ys[k]) * 40 + Math.round(c.xs[k])) * 3;
        diff += Math.abs(p.a.data[(y * 40 + x) * 3] - p.b.data[b]);
      });
      // Blurred noise: a pixel against its true match differs far less than against a random pixel (~0.15).
      expect(diff / c.cells.length).toBeLessThan(0.08);
    }
  });

  it('a disparity truth (x − d) keeps the row; unknown centres are skipped', () => {
    const img = randomTexture(64, 48, 7);
    const shifted: RgbImage = { width: 64, height: 48, data: new Float32Array(img.data.length) };
    for (let y = 0; y < 48; y++) for (let x = 0; x < 64; x++) for (let ch = 0; ch < 3; ch++) shifted.data[(y * 64 + x) * 3 + ch] = img.data[(y * 64 + Math.min(63, x + 5)) * 3 + ch];
    const disp: PointMap = (x, y) => (x < 20 ? null : [x - 5, y]);
    const p = groundTruthCropPair(img, shifted, disp, 32, mulberry32(1));
    expect(p.offsetA[0] + 15.5).toBeGreaterThanOrEqual(20);
    expect(p.truth(10, 7)).toEqual([10 + p.offsetA[0] - 5 - p.offsetB[0], 7 + p.offsetA[1] - p.offsetB[1]]);
    expect(() => groundTruthCropPair(img, shifted, () => null, 32, mulberry32(1))).toThrow(/no match/);
  });
});
