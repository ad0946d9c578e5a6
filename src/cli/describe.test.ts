import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { toOriginal, workingSize } from '../engine/core/workingSize';
import { lines, readJson, runCli, tempDir } from './testing/cli';
import { parseNpy, rgbaFrom, writePng } from './testing/files';

interface DescribeDoc {
  descriptor: { id: string; params: Record<string, number>; dim: number };
  width: number;
  height: number;
  working: { width: number; height: number };
  stride: number | null;
  points: [number, number][];
  descriptors: number[][];
}

const dir = tempDir('describe');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 12×9 gradient whose pixel (x, y) is (20x, 25y, 100 + x + y): every value is known.
const W = 12;
const H = 9;
const colour = (x: number, y: number) => [20 * x, 25 * y, 100 + x + y];
const IMG = join(dir, 'gradient.png');
writePng(IMG, W, H, rgbaFrom(W, H, colour));
/** The rgb descriptor of a pixel: its colour / 255 as float32. */
const rgbOf = (x: number, y: number) => colour(x, y).map((c) => Math.fround(c / 255));
const f32 = (row: number[]) => row.map(Math.fround);
const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
// gridPoints(12, 9, 3): margins split, x = 1 + 3i, y = 1 + 3j.
const GRID3 = [1, 4, 7].flatMap((y) => [1, 4, 7, 10].map((x) => [x, y]));

const describeTo = (out: string, ...extra: string[]) => runCli(['describe', '--image', IMG, '--out', out, '--quiet', ...extra]);

describe.concurrent('matchscope describe', () => {
  it('rgb → JSON: the grid and each pixel colour / 255', async () => {
    const out = join(dir, 'rgb.json');
    expect(await describeTo(out, '--descriptor', 'rgb', '--stride', '3')).toEqual({ code: 0, stdout: '', stderr: '' });
    const doc = readJson<DescribeDoc>(out);
    expect(doc.descriptor).toEqual({ id: 'rgb', params: {}, dim: 3 });
    expect([doc.width, doc.height, doc.working, doc.stride]).toEqual([W, H, { width: W, height: H }, 3]);
    expect(doc.points).toEqual(GRID3);
    doc.points.forEach(([x, y], i) => expect(f32(doc.descriptors[i])).toEqual(rgbOf(x, y)));
  });

  it('patch k = 3 → JSON: 27-D, the window row-major as (dy, dx, c)', async () => {
    const out = join(dir, 'patch.json');
    expect((await describeTo(out, '--descriptor', 'patch', '--params', '{"size":3}', '--stride', '3')).code).toBe(0);
    const doc = readJson<DescribeDoc>(out);
    expect(doc.descriptor).toEqual({ id: 'patch', params: { size: 3 }, dim: 27 });
    doc.points.forEach(([x, y], i) => {
      const expected = [-1, 0, 1].flatMap((dy) => [-1, 0, 1].flatMap((dx) => rgbOf(clamp(x + dx, W), clamp(y + dy, H))));
      expect(f32(doc.descriptors[i])).toEqual(expected);
    });
  });

  it('census (default 7×7) → JSON: 48 bits, 1 where the neighbour is darker', async () => {
    const out = join(dir, 'census.json');
    expect((await describeTo(out, '--descriptor', 'census', '--stride', '3')).code).toBe(0);
    const doc = readJson<DescribeDoc>(out);
    expect(doc.descriptor).toEqual({ id: 'census', params: { size: 7 }, dim: 48 });
    // Grey (BT.601, in 0..255 units) rises by 0.299·20 + 0.114 = 6.094 per x and 0.587·25 + 0.114 = 14.789
    // per y, so a neighbour is darker iff 6.094·dx + 14.789·dy < 0; the smallest non-zero |difference| is
    // 2.6 levels, more than 8-bit rounding can change. Borders repeat the edge pixel (difference 0: bit 0).
    doc.points.forEach(([x, y], i) => {
      const bits: number[] = [];
      for (let dy = -3; dy <= 3; dy++) {
        for (let dx = -3; dx <= 3; dx++) {
          if (dx === 0 && dy === 0) continue;
          const ex = clamp(x + dx, W) - x, ey = clamp(y + dy, H) - y;
          bits.push(6.094 * ex + 14.789 * ey < 0 ? 1 : 0);
        }
      }
      expect(doc.descriptors[i]).toEqual(bits);
    });
  });

  it('rgb → .npy (N, D) with the points beside it', async () => {
    const out = join(dir, 'rgb.npy');
    expect((await describeTo(out, '--descriptor', 'rgb', '--stride', '3')).code).toBe(0);
    const npy = parseNpy(readFileSync(out));
    expect(npy.shape).toEqual([12, 3]);
    const side = readJson<DescribeDoc & { layout: string }>(join(dir, 'rgb.points.json'));
    expect([side.layout, side.width, side.height, side.descriptor.dim]).toEqual(['(N, D)', W, H, 3]);
    expect(side.points).toEqual(GRID3);
    GRID3.forEach(([x, y], i) => expect(Array.from(npy.data.subarray(i * 3, i * 3 + 3))).toEqual(rgbOf(x, y)));
  });

  it('stride 1 → .npy (H, W, D), and the points file gives the layout instead of listing points', async () => {
    const out = join(dir, 'dense.npy');
    expect((await describeTo(out, '--descriptor', 'rgb', '--stride', '1')).code).toBe(0);
    const npy = parseNpy(readFileSync(out));
    expect(npy.shape).toEqual([H, W, 3]);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(Array.from(npy.data.subarray((y * W + x) * 3, (y * W + x) * 3 + 3))).toEqual(rgbOf(x, y));
    const side = readJson<Record<string, unknown>>(join(dir, 'dense.points.json'));
    expect(side).toMatchObject({ layout: '(H, W, D)', width: W, height: H, working: { width: W, height: H }, stride: 1 });
    expect(side.points).toBeUndefined();
  });

  it('--points: rounds to the nearest pixel and keeps the file order', async () => {
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, 'x,y\n3.4,2.6\n\n# corner\n11,8\n-0.4,8.4\n');
    const out = join(dir, 'points.json');
    expect((await describeTo(out, '--descriptor', 'rgb', '--points', csv)).code).toBe(0);
    const doc = readJson<DescribeDoc>(out);
    expect(doc.points).toEqual([[3, 3], [11, 8], [0, 8]]);
    expect(doc.stride).toBeNull();
    doc.points.forEach(([x, y], i) => expect(f32(doc.descriptors[i])).toEqual(rgbOf(x, y)));
  });

  it('--points: a point off the image fails, naming the line', async () => {
    const csv = join(dir, 'outside.csv');
    writeFileSync(csv, 'x,y\n1,1\n12,3\n');
    const r = await describeTo(join(dir, 'never.json'), '--descriptor', 'rgb', '--points', csv);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([
      `matchscope: describe: points file ${csv}, line 3: (12, 3) is outside the 12×9 image (pixel centres run from (0, 0) to (11, 8))`,
    ]);
  });

  it('--max-pixels: computes on the area-downscaled image and reports original pixels, with a notice', async () => {
    const out = join(dir, 'small.json');
    const r = await describeTo(out, '--descriptor', 'rgb', '--stride', '1', '--max-pixels', '27');
    const size = workingSize(W, H, 27); // 6×4
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      `matchscope: image ${IMG} is 12×9 (0.00 MP), over --max-pixels 27: computing at 6×4; coordinates are still reported in original pixels`,
    ]);
    const doc = readJson<DescribeDoc>(out);
    expect([doc.width, doc.height, doc.working]).toEqual([W, H, { width: size.width, height: size.height }]);
    const sx = 6 / 12, sy = 4 / 9;
    expect(doc.points[0]).toEqual([toOriginal(0, sx), Math.round(toOriginal(0, sy) * 1000) / 1000]); // [0.5, 0.625]
    // Working pixel (0, 0) averages original x ∈ [0, 2), y ∈ [0, 2.25): rows 0 and 1 whole, row 2 a quarter.
    const meanY = (0 + 1 + 0.25 * 2) / 2.25;
    const expected = [20 * 0.5, 25 * meanY, 100 + 0.5 + meanY].map((c) => c / 255);
    doc.descriptors[0].forEach((v, c) => expect(v).toBeCloseTo(expected[c], 6));
  });
});
