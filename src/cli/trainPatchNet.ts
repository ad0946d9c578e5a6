/**
 * `matchscope train --model deepdesc|2ch`: trains a patch network (DeepDesc, Simo-Serra et al. ICCV 2015;
 * 2-channel, Zagoruyko & Komodakis CVPR 2015) on synthetic warps of photographs and writes the model folder
 * (model.json + weights.bin) with its training card (card.json, card.md), in the format of `--model mccnn`.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialiseConvNet } from '../engine/learned/patchnet/convNet';
import { DEEPDESC_MARGIN, DEEPDESC_PATCH, DEEPDESC_SPEC } from '../engine/learned/patchnet/deepdesc';
import { TWO_CHANNEL_PATCH, TWO_CHANNEL_SPEC } from '../engine/learned/patchnet/twoChannel';
import { DEFAULT_SAMPLING, greyPhoto } from '../engine/learned/patchnet/patchPairs';
import { trainPatchNet, type PatchNetModel, type PatchTrainOptions, type PatchTrainResult } from '../engine/learned/patchnet/train';
import { backendOption, intOption, parseOptions, reproducibleArgs, required } from './args';
import { startBackend } from './backend';
import { CliError, UsageError } from './errors';
import { loadImage } from './loadImage';
import { stderrLog } from './log';

export const DEFAULT_PHOTOS = fileURLToPath(new URL('../../scripts/patchnet/photos/', import.meta.url));

export const TRAIN_PATCHNET_HELP = `Usage: matchscope train --model deepdesc|2ch --out DIR [options]

Trains a patch network on patches of synthetic warps of photographs (exact correspondences) and writes
DIR/model.json, DIR/weights.bin (copy DIR to public/models/<model> to use it) and DIR/card.json, card.md.
  deepdesc  siamese tower compared by L2, hinge embedding loss, hard mining (Simo-Serra et al., ICCV 2015)
  2ch       2-channel pair scorer, hinge loss and weight decay (Zagoruyko & Komodakis, CVPR 2015)

      --steps N         training steps (default 300)
      --seed S          seed of the initial weights and of every batch (default 1)
      --minutes M       stop after M minutes even if steps remain
      --batch B         positives and negatives learnt from per step, each (default 32)
      --mining R        deepdesc: forward R× the batch, keep the hardest (default 4; 1 = no mining)
      --photos DIR      training photographs (default scripts/patchnet/photos)
      --validation F    the photo in DIR held out for validation (default chelsea.png)
      --val-size N      validation triples (default 512)
      --backend NAME    wasm | cpu | auto (default auto)
  -q, --quiet           no progress on stderr
`;

const OPTIONS = {
  model: { type: 'string' }, out: { type: 'string', short: 'o' }, steps: { type: 'string' }, seed: { type: 'string' },
  minutes: { type: 'string' }, batch: { type: 'string' }, mining: { type: 'string' }, photos: { type: 'string' },
  validation: { type: 'string' }, 'val-size': { type: 'string' }, backend: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
} as const;

const PAPERS: Record<PatchNetModel, { title: string; paper: string; loss: string }> = {
  deepdesc: {
    title: 'DeepDesc (siamese, L2)',
    paper: 'E. Simo-Serra, E. Trulls, L. Ferraz, I. Kokkinos, P. Fua, F. Moreno-Noguer, "Discriminative learning of deep convolutional feature point descriptors", ICCV 2015',
    loss: `‖D(x₁) − D(x₂)‖ for matching pairs, max(0, ${DEEPDESC_MARGIN} − ‖D(x₁) − D(x₂)‖) for non-matching pairs`,
  },
  '2ch': {
    title: '2-channel pair network',
    paper: 'S. Zagoruyko and N. Komodakis, "Learning to compare image patches via convolutional neural networks", CVPR 2015',
    loss: 'max(0, 1 − y·o), y = ±1, plus λ/2‖w‖²',
  },
};

function loadPhotos(dir: string, names: string[]) {
  const quiet = stderrLog(true);
  return names.map((n) => greyPhoto(loadImage(join(dir, n), n, 1e12, quiet).working));
}

function cardMarkdown(card: Record<string, unknown>, model: PatchNetModel, r: PatchTrainResult): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const rank = model === 'deepdesc' ? 'd₊ < d₋' : 'o₊ > o₋';
  const curve = r.curve.map((p) => `| ${p.step} | ${p.loss.toFixed(4)} | ${p.validationLoss.toFixed(4)} | ${pct(p.validationAccuracy)} | ${(p.elapsedMs / 1000).toFixed(0)} |`);
  const last = r.curve[r.curve.length - 1];
  return [
    `# ${PAPERS[model].title}: training card`, '', `${PAPERS[model].paper}.`, '',
    `- **Network**: ${JSON.stringify(card.architecture)}; input ${card.patch as number}×${card.patch as number} standardised grey${model === '2ch' ? ', two patches stacked as channels' : ''}.`,
    `- **Data**: ${(card.train_photos as string[]).join(', ')} from ${card.photos as string}, each example an anchor patch, its exact match in a random warp of the photo (homography and photometric change: ${JSON.stringify(card.view_ranges)}) and a non-match from the same warp ≥ ${DEFAULT_SAMPLING.minNegativeOffset} px away; validation on ${card.validation_photo as string} only (held out).`,
    `- **Loss**: ${PAPERS[model].loss}; ${model === 'deepdesc' ? `mining ratio ${card.mining as number} (forward ${card.mining as number}× the batch of positives and of negatives, backpropagate the hardest of each)` : `λ = ${card.weight_decay as number}`}; Adam, learning rate ${card.learning_rate as number}, batch ${card.batch as number} + ${card.batch as number}, seed ${card.seed as number}.`,
    `- **Steps**: ${r.stepsDone} in ${(r.ms / 1000).toFixed(0)} s (${card.cpu_seconds as number} s of CPU) on tfjs ${card.backend as string}.`,
    `- **Validation**: ${pct(last.validationAccuracy)} of ${card.validation_triples as number} held-out triples ranked right (${rank}).`,
    '', `| step | train loss | validation loss | validation ${rank} | s |`, '| --- | --- | --- | --- | --- |', ...curve, '',
    `Command: \`${card.command as string}\`; the same weights again: \`${card.reproduce as string}\``, '',
  ].join('\n');
}

export async function runTrainPatchNet(args: string[]): Promise<void> {
  const v = parseOptions(args, OPTIONS);
  const model = required(v.model, 'model') as PatchNetModel;
  const out = resolve(required(v.out, 'out'));
  const minutes = v.minutes === undefined ? undefined : Number(v.minutes);
  if (minutes !== undefined && !(minutes > 0)) throw new UsageError(`--minutes must be a positive number, got '${v.minutes}'`);
  const dir = resolve(v.photos ?? DEFAULT_PHOTOS);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.(png|jpe?g)$/i.test(n)).sort();
  } catch (e) {
    throw new CliError(`cannot read the photos folder ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const held = v.validation ?? 'chelsea.png';
  if (!names.includes(held)) throw new UsageError(`--validation ${held} is not a photo in ${dir}`);
  const trainNames = names.filter((n) => n !== held);
  if (trainNames.length === 0) throw new UsageError(`${dir} has no training photo besides the validation photo ${held}`);
  const log = stderrLog(v.quiet ?? false);
  const backend = await startBackend(backendOption(v.backend), log);
  const steps = intOption(v.steps, 'steps', 1, 1e7, 300);
  const opts: PatchTrainOptions = {
    model, steps, seed: intOption(v.seed, 'seed', 0, 2 ** 31, 1), batch: intOption(v.batch, 'batch', 1, 1024, 32),
    mining: intOption(v.mining, 'mining', 1, 16, 4), learningRate: 1e-3, weightDecay: 5e-4,
    train: loadPhotos(dir, trainNames), validation: loadPhotos(dir, [held]), validationSize: intOption(v['val-size'], 'val-size', 8, 100_000, 512),
    reportEvery: Math.max(1, Math.min(25, Math.floor(steps / 4))), maxMs: minutes === undefined ? undefined : minutes * 60_000,
    onProgress: (p) => log.progress(`step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}  validation loss ${p.validationLoss.toFixed(4)}, ranked right ${(p.validationAccuracy * 100).toFixed(1)} %  ${(p.elapsedMs / 1000).toFixed(0)} s`),
  };
  const cpu0 = process.cpuUsage();
  const result = await trainPatchNet(opts);
  const cpu = process.cpuUsage(cpu0);
  const spec = model === 'deepdesc' ? DEEPDESC_SPEC : TWO_CHANNEL_SPEC;
  const { manifest, bytes } = serialiseConvNet(spec, result.weights);
  const card = {
    model, paper: PAPERS[model].paper, architecture: spec, patch: model === 'deepdesc' ? DEEPDESC_PATCH : TWO_CHANNEL_PATCH,
    photos: dir.replace(resolve('.') + '/', ''), train_photos: trainNames, validation_photo: basename(held), view_ranges: DEFAULT_SAMPLING.ranges,
    batch: opts.batch, mining: model === 'deepdesc' ? opts.mining : 1, learning_rate: opts.learningRate, weight_decay: model === '2ch' ? opts.weightDecay : 0,
    margin: model === 'deepdesc' ? DEEPDESC_MARGIN : 1, seed: opts.seed, steps_requested: opts.steps, steps: result.stepsDone,
    seconds: Math.round(result.ms / 1000), cpu_seconds: Math.round((cpu.user + cpu.system) / 1e6), backend: backend.id,
    validation_triples: opts.validationSize,
    loss_curve: result.curve.map((p) => ({ step: p.step, loss: p.loss, validation_loss: p.validationLoss, validation_accuracy: p.validationAccuracy, seconds: Math.round(p.elapsedMs / 1000) })),
    command: `npx matchscope train ${args.join(' ')}`,
    reproduce: `npx matchscope train ${reproducibleArgs(args, result.stepsDone).join(' ')}`,
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'model.json'), `${JSON.stringify({ format: 'matchscope-weights', model, produced_by: 'matchscope train', ...manifest }, null, 1)}\n`);
  writeFileSync(join(out, 'weights.bin'), bytes);
  writeFileSync(join(out, 'card.json'), `${JSON.stringify(card, null, 1)}\n`);
  writeFileSync(join(out, 'card.md'), cardMarkdown(card, model, result));
  const last = result.curve[result.curve.length - 1];
  log.progress(`${result.stepsDone} steps in ${(result.ms / 1000).toFixed(0)} s; held-out triples ranked right ${(last.validationAccuracy * 100).toFixed(1)} % → ${out}`);
}
