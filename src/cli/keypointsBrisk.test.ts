import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, runCli, tempDir } from './testing/cli';
import { pngBytes, rgbaFrom } from './testing/files';

const dir = tempDir('keypoints-brisk');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('matchscope keypoints --method brisk', () => {
  it('finds the corners of a bright square, with 512-bit descriptors as hex', async () => {
    const v = (x: number, y: number) => (x >= 40 && x < 90 && y >= 35 && y < 75 ? 220 : 40);
    const png = join(dir, 'square.png');
    writeFileSync(png, pngBytes(130, 110, rgbaFrom(130, 110, (x, y) => [v(x, y), v(x, y), v(x, y), 255])));
    const out = join(dir, 'kp.json');
    const r = await runCli(['keypoints', '--image', png, '--method', 'brisk', '--octaves', '0', '--out', out, '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const doc = readJson<{ method: string; keypoints: { x: number; y: number; size: number }[]; descriptors: string[] }>(out);
    expect(doc.method).toBe('brisk');
    for (const [cx, cy] of [[40, 35], [89, 35], [40, 74], [89, 74]]) expect(doc.keypoints.some((k) => Math.hypot(k.x - cx, k.y - cy) < 2)).toBe(true);
    expect(doc.keypoints.every((k) => k.size === 12)).toBe(true);
    expect(doc.descriptors.length).toBe(doc.keypoints.length);
    for (const d of doc.descriptors) expect(d).toMatch(/^[0-9a-f]{128}$/);
  });

  it('rejects an unknown method and an out-of-range threshold', async () => {
    const png = join(dir, 'flat.png');
    writeFileSync(png, pngBytes(20, 20, rgbaFrom(20, 20, () => [9, 9, 9, 255])));
    const a = await runCli(['keypoints', '--image', png, '--method', 'orb']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--method must be sift or brisk/);
    const b = await runCli(['keypoints', '--image', png, '--method', 'brisk', '--threshold', '0']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--threshold/);
  });
});
