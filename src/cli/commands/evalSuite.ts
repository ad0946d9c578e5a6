/** A suite folder for `matchscope eval --suite`: one pair per subfolder, found by file names. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors';
import { fileErrorText } from '../loadImage';

export const GT_NAMES = ['H.txt', 'disp.pfm', 'flow.flo', 'points.csv'] as const;
const IMAGE = /\.(png|jpe?g)$/i;

export interface SuitePair {
  name: string;
  source: string;
  target: string;
  gt: string;
}

/** Every subfolder with source.*, target.* and exactly one ground-truth file, sorted by name. */
export function findSuitePairs(dir: string): SuitePair[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    throw new CliError(`cannot read suite ${dir}: ${fileErrorText(e)}`);
  }
  const pairs: SuitePair[] = [];
  for (const name of names) {
    const folder = join(dir, name);
    if (!statSync(folder).isDirectory()) continue;
    const files = readdirSync(folder);
    const pick = (stem: string) => files.filter((f) => f.startsWith(`${stem}.`) && IMAGE.test(f));
    const [src, tgt] = [pick('source'), pick('target')];
    const gts = GT_NAMES.filter((g) => files.includes(g));
    if (src.length !== 1 || tgt.length !== 1) throw new CliError(`suite pair ${folder} needs exactly one source.(png|jpg) and one target.(png|jpg)`);
    if (gts.length !== 1) throw new CliError(`suite pair ${folder} needs exactly one of ${GT_NAMES.join(', ')}; it has ${gts.length}`);
    pairs.push({ name, source: join(folder, src[0]), target: join(folder, tgt[0]), gt: join(folder, gts[0]) });
  }
  if (pairs.length === 0) throw new CliError(`suite ${dir} has no pair folders`);
  return pairs;
}
