/**
 * Backend equivalence of the learned models (issue 4): the same network on cpu and wasm gives the same
 * descriptors, and the 2-channel pair scorer the same window scores, on a small crop of a real photo
 * (graffiti, Mikolajczyk et al. 2005). The cpu backend is tfjs's plain-JS reference; wasm is XNNPACK.
 *
 * Tolerance 1e-4: float32 sums of a few hundred to a few thousand products each, reordered between the
 * backends, differ by ~1e-6 per layer. Measured on this crop (PRINT_DIFFS=1 prints them): cnn 3.8e-6
 * (block_2_add), 2.1e-6 (block_5_add), 8.7e-7 (block_10_project_BN); mccnn 1.4e-5; deepdesc 5.6e-6;
 * ucn rn 7.8e-7, hn 1.5e-6, hn-st 8.5e-7; 2-channel scores 3.8e-6 (on outputs spanning −15…8). So 1e-4
 * leaves a factor 7 or more and still fails on any real difference (a wrong padding or kernel moves
 * values by ~1e-1).
 * cnn block_9_add is compared on its NumPy fixture in descriptors/learned/cnn.test.ts.
 */
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnn } from '../descriptors/learned/cnn';
import { deepdesc } from '../descriptors/learned/deepdesc';
import { mccnn } from '../descriptors/learned/mccnn';
import { ucn } from '../descriptors/learned/ucn';
import type { Descriptor, ParamsOf } from '../descriptors/contract';
import { setModelFileReader } from './modelFiles';
import { UCN_VARIANTS } from './ucn/model';
import { loadPatchNet, twoChannelWindowQuery } from './patchnet/pairQuery';
import { describeAllRows } from '../testing/describe';
import { maxAbsDiff, onEachNodeBackend } from '../testing/backends';
import type { RgbImage } from '../core/image';

const TOLERANCE = 1e-4;
const SAMPLES = path.resolve(import.meta.dirname, '../../../public/samples');
const MODELS = new URL('../../../public/models/', import.meta.url);

/** The w×h crop at (x0, y0) of a sample PNG, RGB in [0, 1]. */
function sampleCrop(rel: string, x0: number, y0: number, w: number, h: number): RgbImage {
  const png = PNG.sync.read(fs.readFileSync(path.join(SAMPLES, rel)));
  const data = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = png.data[((y + y0) * png.width + x + x0) * 4 + c] / 255;
    }
  }
  return { width: w, height: h, data };
}

// Textured part of graf1 (the same place as e2e/learnedBackends.spec.ts), small enough for the cpu backend.
const crop = sampleCrop('graffiti/graf1.png', 300, 200, 48, 36);

const CASES: [string, Descriptor<ParamsOf>, Record<string, unknown>][] = [
  ['cnn block_2_add (stride 4)', cnn as unknown as Descriptor<ParamsOf>, { layer: 'block_2_add' }],
  ['cnn block_5_add (stride 8)', cnn as unknown as Descriptor<ParamsOf>, { layer: 'block_5_add' }],
  ['cnn block_10_project_BN (stride 16)', cnn as unknown as Descriptor<ParamsOf>, { layer: 'block_10_project_BN' }],
  ['mccnn', mccnn as unknown as Descriptor<ParamsOf>, {}],
  ['deepdesc', deepdesc as unknown as Descriptor<ParamsOf>, {}],
  ...UCN_VARIANTS.map((variant): [string, Descriptor<ParamsOf>, Record<string, unknown>] => [`ucn ${variant}`, ucn as unknown as Descriptor<ParamsOf>, { variant }]),
];

beforeAll(async () => {
  setModelFileReader((p) => readFile(new URL(p, MODELS)));
  for (const [, d, raw] of CASES) await d.prepare!(d.validateParams(raw));
});

describe('learned models: cpu and wasm agree on a 48×36 crop of graf1', () => {
  it.each(CASES)('%s: every descriptor within 1e-4', async (label, d, raw) => {
    const [cpu, wasm] = await onEachNodeBackend(() => describeAllRows(crop, d, raw));
    expect(cpu.rows.length).toBe(48 * 36 * cpu.dim);
    // Real values, not zeros on both sides.
    expect(cpu.rows.some((v) => Math.abs(v) > 1e-2)).toBe(true);
    const diff = maxAbsDiff(cpu.rows, wasm.rows);
    if (process.env.PRINT_DIFFS) console.log(`cpu vs wasm ${label}: ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(TOLERANCE);
  });

  it('2-channel pair scorer (shipped weights): the same window scores and the same best pixel', async () => {
    const net = await loadPatchNet('2ch');
    const target = sampleCrop('graffiti/graf1.png', 306, 203, 48, 36);
    const [cpu, wasm] = await onEachNodeBackend(() => twoChannelWindowQuery(net, crop, 24, 18, target, 6));
    expect(cpu.passes).toBe(13 * 13);
    const diff = maxAbsDiff(cpu.scores, wasm.scores);
    if (process.env.PRINT_DIFFS) console.log(`cpu vs wasm 2ch window: ${diff.toExponential(2)}; score range ${cpu.min}…${cpu.max}`);
    expect(diff).toBeLessThan(TOLERANCE);
    expect([wasm.bestX, wasm.bestY]).toEqual([cpu.bestX, cpu.bestY]);
  });
});
