import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, runCli, tempDir } from './testing/cli';
import { rgbaFrom, writePng } from './testing/files';
import { DEFAULT_MODELS_DIR } from './modelFiles';

const dir = tempDir('modeldir');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IMG = join(dir, 'img.png');
writePng(IMG, 40, 32, rgbaFrom(40, 32, (x, y) => [(x * 37 + y * 11) % 256, (x * x + 3 * y * y) % 256, (x * y * 7) % 256]));

/** A copy of ucn-hn's folder, its weights optionally changed by `edit`. */
function modelFolder(name: string, edit?: (w: Float32Array) => void): string {
  const out = join(dir, name);
  mkdirSync(out);
  copyFileSync(join(DEFAULT_MODELS_DIR, 'ucn-hn', 'model.json'), join(out, 'model.json'));
  const bytes = new Uint8Array(readFileSync(join(DEFAULT_MODELS_DIR, 'ucn-hn', 'weights.bin')));
  edit?.(new Float32Array(bytes.buffer));
  writeFileSync(join(out, 'weights.bin'), bytes);
  return out;
}

const describeWith = async (out: string, ...extra: string[]) => {
  const r = await runCli(['describe', '--image', IMG, '--descriptor', 'ucn', '--stride', '8', '--out', out, '--quiet', '--backend', 'wasm', ...extra]);
  expect(r.stderr).toBe('');
  return readJson<{ descriptor: { params: { variant: string } }; descriptors: number[][] }>(out);
};

describe('matchscope describe --model-dir (a downloaded UCN model as variant "tuned")', () => {
  it('a copy of ucn-hn gives hn\'s descriptors; changed weights give others', async () => {
    const same = await describeWith(join(dir, 'same.json'), '--model-dir', modelFolder('copy'));
    const hn = await describeWith(join(dir, 'hn.json'), '--params', '{"variant":"hn"}');
    expect(same.descriptor.params.variant).toBe('tuned');
    expect(same.descriptors).toEqual(hn.descriptors);
    const other = await describeWith(join(dir, 'other.json'), '--model-dir', modelFolder('changed', (w) => { for (let i = 0; i < 2000; i++) w[i] *= -1; }));
    expect(other.descriptors).not.toEqual(hn.descriptors);
  }, 60_000);

  it('is refused in words for another descriptor, a missing folder, or a conflicting variant', async () => {
    const rgb = await runCli(['describe', '--image', IMG, '--descriptor', 'rgb', '--model-dir', dir, '--out', join(dir, 'x.json')]);
    expect(rgb.code).toBe(2);
    expect(rgb.stderr).toMatch(/--model-dir applies to --descriptor ucn only/);
    const missing = await runCli(['describe', '--image', IMG, '--descriptor', 'ucn', '--model-dir', join(dir, 'nope'), '--out', join(dir, 'x.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--model-dir .*nope.*no such file/i);
    const both = await runCli(['describe', '--image', IMG, '--descriptor', 'ucn', '--params', '{"variant":"rn"}', '--model-dir', dir, '--out', join(dir, 'x.json')]);
    expect(both.stderr).toMatch(/loads variant "tuned"/);
  }, 30_000);
});
