import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson, runCli, tempDir } from './testing/cli';
import { pngBytes, rgbaFrom } from './testing/files';

const dir = tempDir('keypoints');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('matchscope keypoints', () => {
  it('finds a dark Gaussian blob where it is, at about its scale, with a unit SIFT descriptor', async () => {
    // A blob of σ = 4 px centred at (40, 30): the DoG extremum sits at its centre, scale ≈ σ (DoG reads ~12 % low).
    const g = (x: number, y: number) => 230 - 200 * Math.exp(-((x - 40) ** 2 + (y - 30) ** 2) / (2 * 16));
    const png = join(dir, 'blob.png');
    writeFileSync(png, pngBytes(80, 64, rgbaFrom(80, 64, (x, y) => [g(x, y), g(x, y), g(x, y), 255])));
    const out = join(dir, 'kp.json');
    const r = await runCli(['keypoints', '--image', png, '--out', out, '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const doc = readJson<{ width: number; keypoints: { x: number; y: number; scale: number }[]; descriptors: number[][] }>(out);
    expect(doc.width).toBe(80);
    expect(doc.keypoints.length).toBeGreaterThan(0);
    const k = doc.keypoints[0];
    expect(Math.hypot(k.x - 40, k.y - 30)).toBeLessThan(0.6);
    expect(k.scale).toBeGreaterThan(3.2);
    expect(k.scale).toBeLessThan(4.8);
    expect(Math.hypot(...doc.descriptors[0])).toBeCloseTo(1, 3);
  });

  it('needs an image', async () => {
    const r = await runCli(['keypoints']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--image/);
  });
});
