/**
 * The awkward-but-valid files of e2e/fixtures (made by e2e/fixtures/make_fixtures.py from one 96×72 crop of
 * graf1) through the real `matchscope describe`: each decodes to the crop's size and, where the format keeps
 * the pixels, to the crop's own descriptors; the unreadable ones exit 1 with the same words as the app.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lines, readJson, runCli, tempDir } from './testing/cli';

const FIXTURES = fileURLToPath(new URL('../../e2e/fixtures/', import.meta.url));
const dir = tempDir('robust');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;
interface Described { width: number; height: number; descriptors: number[][] }

async function describeFile(name: string, descriptor = 'patch'): Promise<Described> {
  const out = join(dir, `${name}-${descriptor}-${++runs}.json`);
  const r = await runCli(['describe', '--image', join(FIXTURES, name), '--descriptor', descriptor, '--stride', '8', '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return readJson<Described>(out);
}

/** Largest absolute difference between two descriptor sets of the same grid (colour values in [0, 1]). */
function maxDiff(a: Described, b: Described): number {
  expect(a.descriptors.length).toBe(b.descriptors.length);
  let worst = 0;
  a.descriptors.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b.descriptors[i][j])))));
  return worst;
}

describe('valid but awkward images decode to the pixels they hold', { timeout: 300_000 }, () => {
  it.each([
    // [file, largest difference from the 8-bit original allowed, why]
    ['rgb16.png', 0, '16-bit RGB (v·257) rounds back to the 8-bit values exactly'],
    ['cmyk.jpg', 0.1, 'CMYK JPEG (Adobe, inverted) converted to RGB; JPEG quality 95 and the CMYK round trip'],
    ['exif-rot6.jpg', 0.12, 'EXIF orientation 6 applied: the stored 72×96 is shown 96×72; JPEG quality 95'],
  ] as const)('%s: within %s: %s', async (name, tolerance, _why) => {
    const [base, other] = await Promise.all([describeFile('base.png'), describeFile(name)]);
    expect([other.width, other.height]).toEqual([96, 72]);
    expect(maxDiff(base, other)).toBeLessThanOrEqual(tolerance);
  });

  it('a 16-bit grey PNG is the 8-bit grey one', async () => {
    const [g8, g16] = await Promise.all([describeFile('gray8.png'), describeFile('gray16.png')]);
    expect(maxDiff(g8, g16)).toBe(0);
  });

  it('a transparent PNG is composited on black (the transparent half holds magenta that must not show)', async () => {
    const t = await describeFile('transparent.png', 'rgb');
    // Grid points at x = 0, 8, …, 40 lie in the transparent half.
    const perRow = Math.ceil(96 / 8);
    const left = t.descriptors.filter((_, i) => i % perRow < 6);
    expect(left.flat().every((v) => v === 0)).toBe(true);
    const right = t.descriptors.filter((_, i) => i % perRow >= 6);
    expect(right.flat().some((v) => v > 0)).toBe(true);
  });

  it.each(['zncc', 'ncc', 'sift', 'dasc', 'census'])('a uniform image with %s gives finite descriptors', async (id) => {
    const u = await describeFile('uniform.png', id);
    expect(u.descriptors.flat().every(Number.isFinite)).toBe(true);
  });

  it.each([['one-pixel.png', 1, 1], ['tiny-12x10.png', 12, 10]] as const)('%s (smaller than the DAISY window) is described', async (name, w, h) => {
    const d = await describeFile(name, 'daisy');
    expect([d.width, d.height]).toEqual([w, h]);
    expect(d.descriptors.length).toBeGreaterThan(0);
    expect(d.descriptors.flat().every(Number.isFinite)).toBe(true);
  });
});

describe('unreadable files exit 1 with one line in plain words', { timeout: 300_000 }, () => {
  it.each([
    ['bomb-30000.png', 'the PNG declares 30000×30000 pixels (900 MP), over the 100 MP limit'],
    ['drawing.svg.png', 'it looks like SVG, a vector format; export it as PNG first'],
    ['photo.heic', 'it looks like HEIC/HEIF, which browsers cannot decode; convert it to JPEG or PNG'],
    ['animated.gif', 'GIF is not read by the command line (PNG and JPEG are; the app reads it)'],
  ])('%s', async (name, words) => {
    const r = await runCli(['describe', '--image', join(FIXTURES, name), '--descriptor', 'rgb', '--out', join(dir, 'never.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(words);
  });
});
