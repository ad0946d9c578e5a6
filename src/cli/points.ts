/**
 * `--points FILE.csv`: where to sample descriptors, in original-image pixels (0-based, pixel centres at
 * integers). One `x,y` pair per line; an `x,y` header, blank lines and `#` comments are allowed.
 */
import { readFileSync } from 'node:fs';
import type { PointSet } from '../engine/core/grid';
import { CliError } from './errors';
import { fileErrorText, originalToWorkingPixel, type LoadedImage } from './loadImage';

export interface CsvPoint {
  readonly x: number;
  readonly y: number;
  /** 1-based line in the file, for messages. */
  readonly line: number;
}

const NUMBER = String.raw`\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*`;
const ROW = new RegExp(`^${NUMBER},${NUMBER}$`);
const HEADER = /^\s*x\s*,\s*y\s*$/i;

/** Parses the CSV text. `name` is the file's name in messages. Throws CliError naming the line. */
export function parsePointsCsv(text: string, name: string): CsvPoint[] {
  const points: CsvPoint[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (points.length === 0 && HEADER.test(line)) return;
    const m = ROW.exec(line);
    if (!m) throw new CliError(`points file ${name}, line ${i + 1}: expected "x,y" (two numbers), got "${clip(line)}"`);
    points.push({ x: Number(m[1]), y: Number(m[2]), line: i + 1 });
  });
  if (points.length === 0) throw new CliError(`points file ${name} has no points (expected one "x,y" per line)`);
  return points;
}

/**
 * Checks every point lies on the image (a point belongs to the pixel it rounds to, so x ∈ [−½, W − ½)),
 * then rounds each to the nearest working pixel. Order is kept: row i of the output is line i's point.
 */
export function pointsToWorking(points: readonly CsvPoint[], img: LoadedImage, name: string): PointSet {
  const xs = new Int32Array(points.length);
  const ys = new Int32Array(points.length);
  points.forEach((p, i) => {
    if (!(p.x >= -0.5 && p.x < img.width - 0.5 && p.y >= -0.5 && p.y < img.height - 0.5)) {
      throw new CliError(
        `points file ${name}, line ${p.line}: (${p.x}, ${p.y}) is outside the ${img.width}×${img.height} image ` +
          `(pixel centres run from (0, 0) to (${img.width - 1}, ${img.height - 1}))`,
      );
    }
    [xs[i], ys[i]] = originalToWorkingPixel(img, p.x, p.y);
  });
  return { xs, ys };
}

export function readPointsFile(path: string): CsvPoint[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read points file ${path}: ${fileErrorText(e)}`);
  }
  return parsePointsCsv(text, path);
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
