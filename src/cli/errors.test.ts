import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lines, runCli, tempDir } from './testing/cli';
import { pngBytes, rgbaFrom } from './testing/files';
import { DESCRIPTORS } from '../engine/descriptors/registry';

const dir = tempDir('errors');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GOOD = join(dir, 'good.png');
writeFileSync(GOOD, pngBytes(8, 8, rgbaFrom(8, 8, (x, y) => [x * 30, y * 30, 0])));
const OUT = join(dir, 'never.json');

/** A failed run: no stdout, exactly one line on stderr, equal to or matching `message`. */
function expectOneLineError(r: { code: number | null; stdout: string; stderr: string }, code: number, message: string | RegExp) {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(lines(r.stderr)).toHaveLength(1);
  if (typeof message === 'string') expect(r.stderr).toBe(`${message}\n`);
  else expect(r.stderr).toMatch(message);
}

describe.concurrent('bad command lines exit 2 with one line', () => {
  const describeGood = ['describe', '--image', GOOD, '--out', OUT];

  it.each([
    [[...describeGood, '--descriptor', 'surf'], `matchscope: describe: unknown descriptor "surf" (known: ${DESCRIPTORS.map((d) => d.id).join(', ')}) (see 'matchscope describe --help')`],
    [['match', '--source', GOOD, '--target', GOOD, '--descriptor', 'census', '--stride', '0'], `matchscope: match: --stride must be an integer in [1, 256], got '0' (see 'matchscope match --help')`],
    [[...describeGood, '--descriptor', 'rgb', '--bogus'], `matchscope: describe: Unknown option '--bogus' (see 'matchscope describe --help')`],
    [['frobnicate'], `matchscope: unknown command 'frobnicate' (commands: describe, match, keypoints, eval, train; see 'matchscope --help')`],
  ] as const)('%j', async (args, message) => {
    expectOneLineError(await runCli([...args]), 2, message);
  });
});

describe.concurrent('unreadable images exit 1 with one line naming the file', () => {
  const match = (source: string) => runCli(['match', '--source', source, '--target', GOOD, '--descriptor', 'census', '--out', OUT]);

  it('a text file named .png', async () => {
    const path = join(dir, 'hello.png');
    writeFileSync(path, 'hello world\n');
    expectOneLineError(await match(path), 1, `matchscope: match: cannot read source image ${path}: it is not a PNG, JPEG, GIF, WebP or BMP image (it starts with text "hello world")`);
  });

  it('an empty file', async () => {
    const path = join(dir, 'empty.png');
    writeFileSync(path, '');
    expectOneLineError(await match(path), 1, `matchscope: match: cannot read source image ${path}: the file is empty (0 bytes)`);
  });

  it('a truncated PNG', async () => {
    const path = join(dir, 'cut.png');
    const whole = pngBytes(32, 32, rgbaFrom(32, 32, (x, y) => [(x * 7) % 256, (y * 13) % 256, (x * y) % 256]));
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expectOneLineError(await match(path), 1, /^matchscope: match: cannot read source image .*cut\.png: truncated PNG \(the file ends after \d+ bytes, inside the image data\)\n$/);
  });
});

describe.concurrent('help', () => {
  it('matchscope --help lists the commands on stdout and exits 0', async () => {
    const r = await runCli(['--help']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^Usage: matchscope <command>/);
    expect(r.stdout).toMatch(/describe .*\n.*match /);
  });

  it('matchscope match --help documents every option and the default output', async () => {
    const r = await runCli(['match', '--help', '--stride', 'not-checked']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    for (const option of ['--source', '--target', '--descriptor', '--params', '--stride', '--mutual', '--ratio', '--out', '--backend', '--max-pixels', '--quiet']) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain('default "-": stdout');
  });
});
