/**
 * `matchscope train --model ucn`: trains UCN's head (Choy et al., NIPS 2016) on synthetic warps of the
 * photos in data/photos and writes a model folder (model.json, weights.bin) with its training card.
 * The shared pairs (graffiti, motorcycle) are evaluation data and are never read here; coffee.png is
 * held out for validation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UCN_DIM, UCN_HIDDEN, UCN_BACKBONE, UCN_STRIDE, UCN_VARIANTS, serialiseUcn, prepareUcnBackbone, type UcnVariant } from '../engine/learned/ucn/model';
import { UCN_HARD_K, UCN_MARGIN } from '../engine/learned/ucn/loss';
import { DEFAULT_WARP_RANGES } from '../engine/learned/ucn/pairs';
import { trainUcn, type UcnTrainOptions, type UcnTrainResult } from '../engine/learned/ucn/train';
import { backendOption, intOption, parseOptions, required } from './args';
import { startBackend } from './backend';
import { UsageError } from './errors';
import { loadImage } from './loadImage';
import { stderrLog } from './log';
import { useModelDirectory } from './modelFiles';

const PHOTOS = fileURLToPath(new URL('../../data/photos/', import.meta.url));
export const UCN_TRAIN_PHOTOS = ['astronaut', 'chelsea', 'rocket', 'brick', 'grass'];
export const UCN_VALIDATION_PHOTOS = ['coffee'];

export const TRAIN_UCN_HELP = `Usage: matchscope train --model ucn --variant rn|hn|hn-st --out DIR [options]

Trains the UCN head (Choy et al., NIPS 2016) on frozen MobileNetV2 cells, with the correspondence
contrastive loss (m = ${UCN_MARGIN}) on synthetic warps of data/photos (${UCN_TRAIN_PHOTOS.join(', ')};
${UCN_VALIDATION_PHOTOS.join(', ')} held out for validation). rn: random negatives; hn: hard negatives
(${UCN_HARD_K} nearest in feature space); hn-st: hard negatives and the convolutional spatial transformer.
Writes DIR/model.json, DIR/weights.bin (copy DIR to public/models/ucn-VARIANT) and DIR/card.{json,md}.

      --variant V       rn | hn | hn-st
      --steps N         training steps (default 400)
      --seed S          seed of the weights, crops, warps and samples (default 1)
      --minutes M       stop after M minutes even if steps remain
      --size PX         crop side (default 128)
      --pairs P         warp pairs per step (default 2)
      --positives K     correspondences per pair (default 128)
      --rotation DEG    rotations drawn in [-DEG, DEG] (default ${DEFAULT_WARP_RANGES.rotationDeg})
      --backend NAME    wasm | cpu | auto (default auto)
  -q, --quiet           no progress on stderr
`;

const OPTIONS = {
  model: { type: 'string' }, variant: { type: 'string' }, out: { type: 'string', short: 'o' }, steps: { type: 'string' },
  seed: { type: 'string' }, minutes: { type: 'string' }, size: { type: 'string' }, pairs: { type: 'string' },
  positives: { type: 'string' }, rotation: { type: 'string' }, backend: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' },
} as const;

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function cardMarkdown(card: Record<string, unknown>, r: UcnTrainResult): string {
  const rows = r.curve.map((p) => `| ${p.step} | ${p.loss.toFixed(4)} | ${p.negativesPerPositive.toFixed(2)} | ${pct(p.validationPck[0])} | ${pct(p.validationPck[1])} | ${(p.elapsedMs / 1000).toFixed(0)} |`);
  return [
    `# UCN-${String(card.variant).toUpperCase()}: training card`, '',
    'C. B. Choy, J. Gwak, S. Savarese, M. Chandraker, "Universal Correspondence Network", NIPS 2016.', '',
    `- **Network**: frozen MobileNetV2 (ImageNet, nsfwjs 4.4.0) to ${UCN_BACKBONE} (stride ${UCN_STRIDE}, 24 channels); trainable conv 3×3 24→${UCN_HIDDEN} + ReLU, ${card.variant === 'hn-st' ? `θ head 3×3 ${UCN_HIDDEN}→2 (rotation, scale; zero-initialised = identity) and the convolutional spatial transformer 3×3 ${UCN_HIDDEN}→${UCN_DIM}` : `conv 3×3 ${UCN_HIDDEN}→${UCN_DIM}`}; channel-wise L2 normalisation.`,
    `- **Data**: ${card.data as string}. Validation: ${card.validation as string}. Never used: ${card.never_used as string}.`,
    `- **Loss**: correspondence contrastive loss, m = ${UCN_MARGIN}; negatives ${card.negatives as string}, farther than ${card.margin_px as number} px from the true match.`,
    `- **Optimiser**: Adam, learning rate ${card.learning_rate as number}; ${card.pairs_per_step as number} pairs × ${card.positives as number} positives per step; seed ${card.seed as number}.`,
    `- **Steps**: ${r.stepsDone} in ${(r.ms / 1000).toFixed(0)} s (${card.cpu_seconds as number} s of CPU) on tfjs ${card.backend as string}.`,
    '', '| step | train loss | negatives per positive | validation PCK@4 px | PCK@8 px | s |', '| --- | --- | --- | --- | --- | --- |', ...rows, '',
    'Validation PCK: nearest-neighbour cell matches on the held-out warps, error from the cell centre (cells are 4 px apart).', '',
    `Command: \`${card.command as string}\``, '',
  ].join('\n');
}

export async function runTrainUcn(args: string[]): Promise<void> {
  const v = parseOptions(args, OPTIONS);
  const variant = required(v.variant, 'variant') as UcnVariant;
  if (!UCN_VARIANTS.includes(variant)) throw new UsageError(`--variant must be one of ${UCN_VARIANTS.join(', ')}, got '${variant}'`);
  const out = resolve(required(v.out, 'out'));
  const minutes = v.minutes === undefined ? undefined : Number(v.minutes);
  if (minutes !== undefined && !(minutes > 0)) throw new UsageError(`--minutes must be a positive number, got '${v.minutes}'`);
  const log = stderrLog(v.quiet ?? false);
  const backend = await startBackend(backendOption(v.backend), log);
  useModelDirectory();
  const backboneModel = await prepareUcnBackbone();
  const quiet = stderrLog(true);
  const load = (n: string) => loadImage(join(PHOTOS, `${n}.png`), n, 1e12, quiet).working;
  const steps = intOption(v.steps, 'steps', 1, 1e6, 400);
  const o: UcnTrainOptions = {
    variant, steps, seed: intOption(v.seed, 'seed', 0, 2 ** 31, 1), size: intOption(v.size, 'size', 32, 256, 128),
    pairsPerStep: intOption(v.pairs, 'pairs', 1, 16, 2), positives: intOption(v.positives, 'positives', 4, 1024, 128),
    learningRate: 1e-3, marginPx: 8, ranges: { ...DEFAULT_WARP_RANGES, rotationDeg: intOption(v.rotation, 'rotation', 0, 180, DEFAULT_WARP_RANGES.rotationDeg) },
    validationPairs: 8, reportEvery: Math.max(1, Math.min(25, Math.floor(steps / 4))), maxMs: minutes === undefined ? undefined : minutes * 60_000,
    onProgress: (p) => log.progress(`step ${p.step}/${p.steps}  loss ${p.loss.toFixed(4)}  negatives/positive ${p.negativesPerPositive.toFixed(2)}  validation PCK@4 ${pct(p.validationPck[0])} @8 ${pct(p.validationPck[1])}  ${(p.elapsedMs / 1000).toFixed(0)} s`),
  };
  const cpu0 = process.cpuUsage();
  const result = await trainUcn(backboneModel, UCN_TRAIN_PHOTOS.map(load), UCN_VALIDATION_PHOTOS.map(load), o);
  const cpu = process.cpuUsage(cpu0);
  const last = result.curve[result.curve.length - 1];
  const card = {
    model: 'ucn', variant, paper: 'C. B. Choy, J. Gwak, S. Savarese, M. Chandraker, "Universal Correspondence Network", NIPS 2016',
    architecture: { backbone: `MobileNetV2 ${UCN_BACKBONE} (frozen)`, stride: UCN_STRIDE, hidden: UCN_HIDDEN, dim: UCN_DIM, cst: variant === 'hn-st' },
    data: `random ${o.size}×${o.size} crops of data/photos/{${UCN_TRAIN_PHOTOS.join(',')}}.png through random homographies (rotation ±${o.ranges.rotationDeg}°, scale ×${o.ranges.scale}^±1, shear ±${o.ranges.shear}, projective ±${o.ranges.projective}) and photometric changes (exposure, gamma, noise), exact correspondences`,
    validation: `${o.validationPairs} warps of data/photos/${UCN_VALIDATION_PHOTOS.join(', ')} (seed + 1)`,
    never_used: 'the shared pairs graffiti and motorcycle (they are the evaluation pairs)',
    negatives: variant === 'rn' ? `random cells (${UCN_HARD_K} per positive)` : `the ${UCN_HARD_K} nearest cells in feature space, mined each step`,
    margin: UCN_MARGIN, margin_px: o.marginPx, hard_k: UCN_HARD_K, learning_rate: o.learningRate, pairs_per_step: o.pairsPerStep, positives: o.positives,
    seed: o.seed, steps_requested: steps, steps: result.stepsDone, seconds: Math.round(result.ms / 1000), cpu_seconds: Math.round((cpu.user + cpu.system) / 1e6), backend: backend.id,
    validation_pck: { at4px: last.validationPck[0], at8px: last.validationPck[1] },
    loss_curve: result.curve.map((p) => ({ step: p.step, loss: p.loss, negatives_per_positive: p.negativesPerPositive, validation_pck4: p.validationPck[0], validation_pck8: p.validationPck[1], seconds: Math.round(p.elapsedMs / 1000) })),
    // A run cut short by --minutes is repeated exactly by asking for the steps it did (everything is seeded).
    command: `npx matchscope train ${args.filter((a, i) => !['--minutes', '--steps'].includes(a) && !['--minutes', '--steps'].includes(args[i - 1])).join(' ')} --steps ${result.stepsDone}`,
  };
  const { manifest, bytes } = serialiseUcn(result.weights);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'model.json'), `${JSON.stringify({ format: 'matchscope-weights', model: 'ucn', variant, produced_by: 'matchscope train', ...manifest }, null, 1)}\n`);
  writeFileSync(join(out, 'weights.bin'), bytes);
  writeFileSync(join(out, 'card.json'), `${JSON.stringify(card, null, 1)}\n`);
  writeFileSync(join(out, 'card.md'), cardMarkdown(card, result));
  log.progress(`${result.stepsDone} steps in ${(result.ms / 1000).toFixed(0)} s; held-out PCK@4 px ${pct(last.validationPck[0])}, @8 px ${pct(last.validationPck[1])} → ${out}`);
}
