/**
 * `matchscope train`: trains a learned descriptor in Node and writes a model folder the app and the CLI
 * load (model.json + weights.bin) with its training card (card.json, card.md).
 * Models: mccnn (Žbontar and LeCun, JMLR 2016, fast architecture), on a rectified pair with disparity.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf, type Tensor3D } from '../engine/tf';
import type { RgbImage } from '../engine/core/image';
import { parsePfm } from '../engine/eval/groundTruth';
import { denseMcCnn, MCCNN_LAYERS, MCCNN_MAPS, MCCNN_PATCH, serialiseMcCnn, standardisedGray, type McCnnWeights } from '../engine/learned/mccnn/model';
import type { StereoPair } from '../engine/learned/train/stereoPatches';
import { trainMcCnn, type TrainOptions, type TrainResult } from '../engine/learned/train/trainMcCnn';
import { wtaStereoAccuracy, type StereoAccuracy } from '../engine/learned/train/stereoAccuracy';
import { backendOption, intOption, parseOptions, reproducibleArgs, required } from './args';
import { startBackend } from './backend';
import { CliError, UsageError } from './errors';
import { loadImage } from './loadImage';
import { stderrLog } from './log';
import { runTrainUcn, TRAIN_UCN_HELP } from './trainUcn';
import { runTrainPatchNet, TRAIN_PATCHNET_HELP } from './trainPatchNet';

const DEFAULT_DATA = fileURLToPath(new URL('../../public/samples/motorcycle/', import.meta.url));

export const TRAIN_HELP = `Usage: matchscope train --model mccnn --out DIR [options]

Trains MC-CNN fast (Zbontar & LeCun, JMLR 2016) on a rectified stereo pair with ground-truth disparity
and writes DIR/model.json, DIR/weights.bin (load them by copying DIR to public/models/mccnn) and the
training card DIR/card.json, DIR/card.md. The last 20 % of the rows are held out for validation.

      --model NAME      mccnn
  -o, --out DIR         output folder (created)
      --steps N         training steps (default 2000)
      --seed S          seed of the initial weights and of every batch (default 1)
      --minutes M       stop after M minutes even if steps remain (default: no limit)
      --batch B         examples per step (default 128, as in the paper)
      --data DIR        folder with left.png, right.png, disp.pfm (default: the motorcycle sample)
      --crop X,Y,W,H    train on this crop of the pair only (smoke tests)
      --pos P           dataset_pos: positive offsets in [-P, P] (default 0)
      --neg-low L       dataset_neg_low: negatives at least L px off (default 2)
      --neg-high H      dataset_neg_high: and at most H px off (default 6)
                        (offsets are whole pixels; the paper's KITTI values are --pos 1 --neg-low 4 --neg-high 10)
      --backend NAME    wasm | cpu | auto (default auto)
  -q, --quiet           no progress on stderr

${TRAIN_UCN_HELP}
${TRAIN_PATCHNET_HELP}`;

const OPTIONS = {
  model: { type: 'string' }, out: { type: 'string', short: 'o' }, steps: { type: 'string' }, seed: { type: 'string' },
  minutes: { type: 'string' }, batch: { type: 'string' }, data: { type: 'string' }, crop: { type: 'string' },
  pos: { type: 'string' }, 'neg-low': { type: 'string' }, 'neg-high': { type: 'string' }, backend: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
} as const;

interface Crop { x: number; y: number; w: number; h: number }

function parseCrop(text: string | undefined): Crop | null {
  if (text === undefined) return null;
  const v = text.split(',').map(Number);
  if (v.length !== 4 || v.some((n) => !Number.isInteger(n) || n < 0) || v[2] < 1 || v[3] < 1) throw new UsageError(`--crop must be X,Y,W,H (whole pixels), got '${text}'`);
  return { x: v[0], y: v[1], w: v[2], h: v[3] };
}

function cropImage(img: RgbImage, c: Crop): RgbImage {
  if (c.x + c.w > img.width || c.y + c.h > img.height) throw new CliError(`--crop ${c.x},${c.y},${c.w},${c.h} leaves the ${img.width}×${img.height} image`);
  const data = new Float32Array(c.w * c.h * 3);
  for (let y = 0; y < c.h; y++) data.set(img.data.subarray(((c.y + y) * img.width + c.x) * 3, ((c.y + y) * img.width + c.x + c.w) * 3), y * c.w * 3);
  return { width: c.w, height: c.h, data };
}

async function gray(img: RgbImage): Promise<Float32Array> {
  const t = tf.tidy(() => standardisedGray(tf.tensor3d(img.data, [img.height, img.width, 3]) as Tensor3D));
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

interface Dataset { pair: StereoPair; left: RgbImage; right: RgbImage; source: string }

async function loadStereo(dir: string, crop: Crop | null): Promise<Dataset> {
  const quiet = stderrLog(true);
  let left = loadImage(join(dir, 'left.png'), 'left image', 1e12, quiet).working;
  let right = loadImage(join(dir, 'right.png'), 'right image', 1e12, quiet).working;
  let gt;
  try {
    gt = parsePfm(readFileSync(join(dir, 'disp.pfm')));
  } catch (e) {
    throw new CliError(`cannot read ${join(dir, 'disp.pfm')}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (gt.kind !== 'disparity' || gt.width !== left.width || gt.height !== left.height || right.width !== left.width || right.height !== left.height) {
    throw new CliError('left.png, right.png and disp.pfm must have the same size');
  }
  let disparity = gt.d;
  if (crop) {
    left = cropImage(left, crop);
    right = cropImage(right, crop);
    const d = new Float32Array(crop.w * crop.h);
    for (let y = 0; y < crop.h; y++) d.set(gt.d.subarray((crop.y + y) * gt.width + crop.x, (crop.y + y) * gt.width + crop.x + crop.w), y * crop.w);
    disparity = d;
  }
  const pair = { width: left.width, height: left.height, left: await gray(left), right: await gray(right), disparity };
  return { pair, left, right, source: crop ? `${dir} cropped to ${crop.x},${crop.y},${crop.w},${crop.h}` : dir };
}

async function denseRows(w: McCnnWeights, img: RgbImage): Promise<Float32Array> {
  const t = tf.tidy(() => denseMcCnn(w, tf.tensor3d(img.data, [img.height, img.width, 3]) as Tensor3D));
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

function cardMarkdown(card: Record<string, unknown>, r: TrainResult, acc: StereoAccuracy): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const curve = r.curve.map((p) => `| ${p.step} | ${p.loss.toFixed(4)} | ${p.validationLoss.toFixed(4)} | ${pct(p.validationAccuracy)} | ${(p.elapsedMs / 1000).toFixed(0)} |`);
  const last = r.curve[r.curve.length - 1];
  return [
    '# MC-CNN fast: training card', '',
    `J. Žbontar and Y. LeCun, "Stereo matching by training a convolutional neural network to compare image patches", JMLR 2016 (fast architecture).`, '',
    `- **Network**: ${MCCNN_LAYERS} conv layers 3×3, ${MCCNN_MAPS} maps, ReLU between, ${MCCNN_PATCH}×${MCCNN_PATCH} input patches, L2-normalised output, cosine similarity.`,
    `- **Data**: ${card.data as string}; training rows ${JSON.stringify(card.train_rows)}, validation rows ${JSON.stringify(card.validation_rows)} (held out, patches do not overlap); ${r.trainPixels} / ${r.validationPixels} usable pixels.`,
    `- **Sampling**: ${JSON.stringify(card.sampling)} (dataset_pos, dataset_neg_low, dataset_neg_high, in pixels).`,
    `- **Loss**: hinge max(0, 0.2 + s₋ − s₊); Adam, learning rate ${card.learning_rate as number}, batch ${card.batch as number}, seed ${card.seed as number}.`,
    `- **Steps**: ${r.stepsDone} in ${(r.ms / 1000).toFixed(0)} s (${card.cpu_seconds as number} s of CPU) on tfjs ${card.backend as string}.`,
    `- **Validation**: ${pct(last.validationAccuracy)} of ${card.validation_triples as number} held-out triples have s₊ > s₋; winner-takes-all disparity on ${acc.pixels} held-out pixels: ${pct(acc.within1)} within 1 px, ${pct(acc.within3)} within 3 px (no aggregation, no SGM).`,
    '', '| step | train loss | validation loss | validation s₊ > s₋ | s |', '| --- | --- | --- | --- | --- |', ...curve, '',
    `Command: \`${card.command as string}\`; the same weights again: \`${card.reproduce as string}\``, '',
  ].join('\n');
}

export async function runTrain(args: string[]): Promise<void> {
  const named = args.findIndex((a) => a === '--model' || a.startsWith('--model='));
  const asked = named < 0 ? undefined : args[named].startsWith('--model=') ? args[named].slice(8) : args[named + 1];
  // UCN and the patch networks have options of their own, which the strict parse below would refuse.
  if (asked === 'ucn') return runTrainUcn(args);
  if (asked === 'deepdesc' || asked === '2ch') return runTrainPatchNet(args);
  const v = parseOptions(args, OPTIONS);
  const model = required(v.model, 'model');
  if (model !== 'mccnn') throw new UsageError(`--model must be mccnn, ucn, deepdesc or 2ch, got '${model}'`);
  const out = resolve(required(v.out, 'out'));
  const minutes = v.minutes === undefined ? undefined : Number(v.minutes);
  if (minutes !== undefined && !(minutes > 0)) throw new UsageError(`--minutes must be a positive number, got '${v.minutes}'`);
  const sampling = { pos: intOption(v.pos, 'pos', 0, 20, 0), negLow: intOption(v['neg-low'], 'neg-low', 1, 50, 2), negHigh: intOption(v['neg-high'], 'neg-high', 1, 100, 6) };
  if (sampling.negLow > sampling.negHigh || sampling.negLow <= sampling.pos) throw new UsageError('need --pos < --neg-low ≤ --neg-high');
  const log = stderrLog(v.quiet ?? false);
  const backend = await startBackend(backendOption(v.backend), log);
  const data = await loadStereo(resolve(v.data ?? DEFAULT_DATA), parseCrop(v.crop));
  const h = data.pair.height;
  const cut = Math.round(h * 0.8);
  // The gap of one patch radius on each side keeps validation patches free of training pixels.
  const train = { from: 0, to: cut - MCCNN_PATCH / 2 };
  const validation = { from: Math.ceil(cut + MCCNN_PATCH / 2), to: h };
  const steps = intOption(v.steps, 'steps', 1, 1e7, 2000);
  const opts: TrainOptions = {
    steps, seed: intOption(v.seed, 'seed', 0, 2 ** 31, 1),
    batch: intOption(v.batch, 'batch', 1, 4096, 128), learningRate: 1e-3, margin: 0.2, sampling,
    train: { from: 0, to: Math.floor(train.to) }, validation, validationSize: 1024,
    reportEvery: Math.max(1, Math.min(25, Math.floor(steps / 4))), maxMs: minutes === undefined ? undefined : minutes * 60_000,
    onProgress: (p) => log.progress(`step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}  validation loss ${p.validationLoss.toFixed(4)}, s₊ > s₋ ${(p.validationAccuracy * 100).toFixed(1)} %  ${(p.elapsedMs / 1000).toFixed(0)} s`),
  };
  const cpu0 = process.cpuUsage();
  const result = await trainMcCnn(data.pair, opts);
  const cpu = process.cpuUsage(cpu0);
  const [l, r] = [await denseRows(result.weights, data.left), await denseRows(result.weights, data.right)];
  let maxD = 0;
  for (const d of data.pair.disparity) if (Number.isFinite(d)) maxD = Math.max(maxD, Math.ceil(d));
  const acc = wtaStereoAccuracy(l, r, MCCNN_MAPS, data.pair.width, data.pair.disparity, validation, maxD, 5000, opts.seed);
  const { manifest, bytes } = serialiseMcCnn(result.weights);
  const card = {
    model: 'mccnn', paper: 'J. Žbontar and Y. LeCun, JMLR 17 (2016), fast architecture',
    architecture: { layers: MCCNN_LAYERS, maps: MCCNN_MAPS, kernel: 3, patch: MCCNN_PATCH },
    data: data.source.replace(resolve('.') + '/', ''), width: data.pair.width, height: data.pair.height,
    train_rows: [opts.train.from, opts.train.to], validation_rows: [validation.from, validation.to],
    train_pixels: result.trainPixels, validation_pixels: result.validationPixels, sampling,
    batch: opts.batch, learning_rate: opts.learningRate, margin: opts.margin, seed: opts.seed,
    steps_requested: opts.steps, steps: result.stepsDone, seconds: Math.round(result.ms / 1000), cpu_seconds: Math.round((cpu.user + cpu.system) / 1e6), backend: backend.id,
    validation_triples: opts.validationSize, validation_wta: acc,
    loss_curve: result.curve.map((p) => ({ step: p.step, loss: p.loss, validation_loss: p.validationLoss, validation_accuracy: p.validationAccuracy, seconds: Math.round(p.elapsedMs / 1000) })),
    command: `npx matchscope train ${args.join(' ')}`,
    // A run cut short by --minutes is repeated exactly by asking for the steps it did (batches are seeded).
    reproduce: `npx matchscope train ${reproducibleArgs(args, result.stepsDone).join(' ')}`,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'model.json'), `${JSON.stringify({ format: 'matchscope-weights', model: 'mccnn', produced_by: 'matchscope train', ...manifest }, null, 1)}\n`);
  writeFileSync(join(out, 'weights.bin'), bytes);
  writeFileSync(join(out, 'card.json'), `${JSON.stringify(card, null, 1)}\n`);
  writeFileSync(join(out, 'card.md'), cardMarkdown(card, result, acc));
  log.progress(`${result.stepsDone} steps in ${(result.ms / 1000).toFixed(0)} s; held-out WTA within 1 px ${(acc.within1 * 100).toFixed(1)} %, within 3 px ${(acc.within3 * 100).toFixed(1)} % → ${out}`);
}
