import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { gridPoints } from '../engine/core/grid';
import type { MatchesDocument } from '../engine/io/matchesDocument';
import { readJson, runCli, tempDir } from './testing/cli';
import { cropRgba, noiseRgba, writePng } from './testing/files';

const dir = tempDir('match');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Source = noise[0.., 0..], target = noise[8.., 4..], both 96×72: source pixel (x, y) is target (x − 8, y − 4).
const W = 96;
const H = 72;
const SHIFT = [8, 4] as const;
const noise = noiseRgba(W + SHIFT[0], H + SHIFT[1], 11);
const SOURCE = join(dir, 'source.png');
const TARGET = join(dir, 'target.png');
writePng(SOURCE, W, H, cropRgba(noise, W + SHIFT[0], 0, 0, W, H));
writePng(TARGET, W, H, cropRgba(noise, W + SHIFT[0], SHIFT[0], SHIFT[1], W, H));
const STRIDE = 4;
// A rectified pair for scanline search: the target is the noise 8 px to the right, same rows (disparity 8).
const RECTIFIED = join(dir, 'rectified.png');
writePng(RECTIFIED, W, H, cropRgba(noise, W + SHIFT[0], SHIFT[0], 0, W, H));

/** Source grid points whose window (radius r) lies inside both images at the true match. */
function interiorPoints(r: number): [number, number][] {
  const g = gridPoints(W, H, STRIDE);
  const inside = (x: number, y: number) => x >= r && y >= r && x < W - r && y < H - r;
  return Array.from(g.xs, (x, i) => [x, g.ys[i]] as [number, number]).filter(([x, y]) => inside(x, y) && inside(x - SHIFT[0], y - SHIFT[1]));
}

describe.concurrent('matchscope match', () => {
  it('census recovers a known shift at stride 4; the file has every field of the app export', async () => {
    const out = join(dir, 'census.json');
    const r = await runCli(['match', '--source', SOURCE, '--target', TARGET, '--descriptor', 'census', '--stride', String(STRIDE), '--no-refine', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/backend wasm/);
    const doc = readJson<MatchesDocument>(out);
    expect(doc.source).toEqual({ path: SOURCE, width: W, height: H });
    expect(doc.target).toEqual({ path: TARGET, width: W, height: H });
    expect(doc.descriptor).toEqual({ id: 'census', params: { size: 7 }, dim: 48 });
    expect(doc.settings).toEqual({ stride: STRIDE, targetStride: STRIDE, mutual: false, ratio: null, refine: false, metric: 'hamming', search: 'global', dmin: 0, dmax: 64, precision: 'float32', nnKernel: 'popcount-wasm' });
    expect(doc.backend).toBe('wasm');
    const t = doc.timings_ms;
    expect(Object.keys(t).sort()).toEqual(['decode', 'describe_source', 'describe_target', 'match', 'total']);
    expect(Object.values(t).every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(t.total).toBeGreaterThanOrEqual(t.decode + t.describe_source + t.describe_target + t.match - 0.5);
    expect(doc.matches).toHaveLength(24 * 18); // no filter: one match per source grid point

    const byPoint = new Map(doc.matches.map((m) => [`${m.x0},${m.y0}`, m]));
    const interior = interiorPoints(3);
    let exact = 0;
    for (const [x, y] of interior) {
      const m = byPoint.get(`${x},${y}`)!;
      if (m.x1 === x - SHIFT[0] && m.y1 === y - SHIFT[1]) exact++;
      // A miss must tie with the true match (Hamming 0): census codes of local extrema are all 0s or all 1s.
      else expect(m.score).toBe(0);
    }
    expect(interior.length).toBe(300);
    expect(exact / interior.length).toBeGreaterThanOrEqual(0.9);
  });

  it('patch with --mutual --ratio to stdout: every interior point matched exactly, all mutual, nothing on stderr', async () => {
    const r = await runCli(['match', '-s', SOURCE, '-t', TARGET, '--descriptor', 'patch', '--stride', String(STRIDE), '--mutual', '--ratio', '0.8', '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const doc = JSON.parse(r.stdout) as MatchesDocument;
    expect(doc.settings).toEqual({ stride: STRIDE, targetStride: STRIDE, mutual: true, ratio: 0.8, refine: true, metric: 'l2', search: 'global', dmin: 0, dmax: 64, precision: 'float32', nnKernel: 'matmul' });
    expect(doc.matches.every((m) => m.mutual)).toBe(true);
    const byPoint = new Map(doc.matches.map((m) => [`${m.x0},${m.y0}`, m]));
    for (const [x, y] of interiorPoints(2)) {
      const m = byPoint.get(`${x},${y}`);
      expect(m).toMatchObject({ x0: x, y0: y, x1: x - SHIFT[0], y1: y - SHIFT[1], mutual: true });
      // Identical windows: distance 0 up to float32 round-off in ‖a‖² + ‖b‖² − 2a·b (then a square root).
      expect(m!.score).toBeLessThan(0.01);
    }
  });

  it('patch with --precision int16: the int16 kernel ran (recorded in the file), every interior point still exact', async () => {
    const r = await runCli(['match', '-s', SOURCE, '-t', TARGET, '--descriptor', 'patch', '--stride', String(STRIDE), '--mutual', '--precision', 'int16', '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const doc = JSON.parse(r.stdout) as MatchesDocument;
    expect(doc.settings).toMatchObject({ precision: 'int16', nnKernel: 'int16-wasm' });
    const byPoint = new Map(doc.matches.map((m) => [`${m.x0},${m.y0}`, m]));
    for (const [x, y] of interiorPoints(2)) expect(byPoint.get(`${x},${y}`)).toMatchObject({ x0: x, y0: y, x1: x - SHIFT[0], y1: y - SHIFT[1], mutual: true });
    const bad = await runCli(['match', '-s', SOURCE, '-t', TARGET, '--descriptor', 'patch', '--precision', 'int8']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--precision must be float32 or int16, got 'int8'/);
  });

  it('--search scanline on a rectified pair: every match on its own row, at disparity 8 inside the range', async () => {
    const r = await runCli(['match', '-s', SOURCE, '-t', RECTIFIED, '--descriptor', 'patch', '--stride', String(STRIDE), '--search', 'scanline', '--dmin', '0', '--dmax', '16', '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const doc = JSON.parse(r.stdout) as MatchesDocument;
    expect(doc.settings).toMatchObject({ search: 'scanline', dmin: 0, dmax: 16 });
    expect(doc.matches.length).toBeGreaterThan(0);
    for (const m of doc.matches) {
      expect(m.y1).toBe(m.y0);
      expect(m.x0 - m.x1).toBeGreaterThanOrEqual(0);
      expect(m.x0 - m.x1).toBeLessThanOrEqual(16);
    }
    const interior = doc.matches.filter((m) => m.x0 >= 8 + 2 && m.x0 < W - 2 && m.y0 >= 2 && m.y0 < H - 2);
    const exact = interior.filter((m) => m.x0 - m.x1 === 8).length;
    expect(exact / interior.length).toBeGreaterThanOrEqual(0.95);
  });

  it('refuses --dmin without --search scanline, and an unknown search mode', async () => {
    const a = await runCli(['match', '-s', SOURCE, '-t', RECTIFIED, '--descriptor', 'patch', '--dmin', '2', '--quiet']);
    expect([a.code, a.stderr]).toEqual([2, expect.stringMatching(/--dmin and --dmax apply to --search scanline only/)]);
    const b = await runCli(['match', '-s', SOURCE, '-t', RECTIFIED, '--descriptor', 'patch', '--search', 'epipolar', '--quiet']);
    expect([b.code, b.stderr]).toEqual([2, expect.stringMatching(/--search must be global or scanline, got 'epipolar'/)]);
  });
});
