/** Writing results: to a file, or to stdout for `--out -`. Errors become one-line CliErrors. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { CliError } from './errors';
import { fileErrorText } from './loadImage';

export const STDOUT = '-';

/**
 * The shortest decimal text that reads back as the same float32 (as numpy prints float32), so
 * 0.2f is written "0.2", not "0.20000000298023224". `v` must be a float32 value.
 */
export function float32Text(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  if (Number.isInteger(v) && Math.abs(v) <= 2 ** 24) return String(v); // exact and short already
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(v.toPrecision(digits));
    if (Math.fround(shorter) === v) return String(shorter);
  }
  return String(Number(v.toPrecision(9))); // 9 significant digits always round-trip a float32
}

/** Writes `chunks` (text or bytes) to `path`, or to stdout when `path` is "-". */
export async function writeChunks(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  if (path === STDOUT) {
    for (const c of chunks) {
      if (!process.stdout.write(c)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
    return;
  }
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeBatched(fd, chunks);
  } catch (e) {
    const missingFolder = (e as { code?: string } | null)?.code === 'ENOENT';
    throw new CliError(`cannot write ${path}: ${missingFolder ? 'its folder does not exist' : fileErrorText(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Joins small text chunks into ~1 MB writes; bytes go straight through. */
function writeBatched(fd: number, chunks: Iterable<string | Uint8Array>): void {
  let batch: string[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length > 0) writeSync(fd, batch.join(''));
    batch = [];
    size = 0;
  };
  for (const c of chunks) {
    if (typeof c !== 'string') {
      flush();
      writeSync(fd, c);
      continue;
    }
    batch.push(c);
    size += c.length;
    if (size > 1 << 20) flush();
  }
  flush();
}

/** A whole JSON document, indented, with a newline at the end. */
export function writeJson(path: string, doc: unknown): Promise<void> {
  return writeChunks(path, [`${JSON.stringify(doc, null, 2)}\n`]);
}
