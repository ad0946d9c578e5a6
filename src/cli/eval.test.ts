import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gridPoints } from '../engine/core/grid';
import { FLO_MAGIC } from '../engine/eval/readers';
import { runCli, tempDir } from './testing/cli';
import { cropRgba, noiseRgba, writePng } from './testing/files';

const dir = tempDir('eval');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Source = noise[0.., 0..], target = noise[8.., 4..], both 96×72: source pixel (x, y) is target (x − 8, y − 4).
const W = 96;
const H = 72;
const noise = noiseRgba(W + 8, H + 4, 5);
const SOURCE = join(dir, 'source.png');
const TARGET = join(dir, 'target.png');
writePng(SOURCE, W, H, cropRgba(noise, W + 8, 0, 0, W, H));
writePng(TARGET, W, H, cropRgba(noise, W + 8, 8, 4, W, H));
const HOMOGRAPHY = join(dir, 'H.txt');
writeFileSync(HOMOGRAPHY, '1 0 -8\n0 1 -4\n0 0 1\n');
const FLOW = join(dir, 'flow.flo');
{
  const dv = new DataView(new ArrayBuffer(12 + W * H * 8));
  dv.setFloat32(0, FLO_MAGIC, true);
  dv.setInt32(4, W, true);
  dv.setInt32(8, H, true);
  for (let i = 0; i < W * H; i++) {
    dv.setFloat32(12 + i * 8, -8, true);
    dv.setFloat32(16 + i * 8, -4, true);
  }
  writeFileSync(FLOW, new Uint8Array(dv.buffer));
}
// The evaluated points: grid points whose true target (x − 8, y − 4) lies inside the target.
const STRIDE = 8;
const grid = gridPoints(W, H, STRIDE);
const EVALUATED = Array.from(grid.xs).filter((x, i) => x - 8 >= -0.5 && grid.ys[i] - 4 >= -0.5).length;
const POINTS = join(dir, 'points.csv');
writeFileSync(POINTS, `x0,y0,x1,y1\n${Array.from(grid.xs, (x, i) => `${x},${grid.ys[i]},${x - 8},${grid.ys[i] - 4}`).join('\n')}\n`);

const base = ['eval', '--source', SOURCE, '--target', TARGET, '--descriptor', 'patch,census', '--stride', String(STRIDE), '--target-stride', '1', '--json', '-q'];

describe('matchscope eval', { timeout: 180_000 }, () => {
  it('--json has exactly the issue\'s shape, and a known shift is recovered', async () => {
    const r = await runCli([...base, '--gt', HOMOGRAPHY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['pairs', 'summary']);
    expect(doc.pairs).toHaveLength(1);
    expect(Object.keys(doc.pairs[0])).toEqual(['name', 'results']);
    expect(doc.pairs[0].name).toBe('source.png → target.png');
    for (const id of ['patch', 'census']) {
      const res = doc.pairs[0].results[id];
      expect(Object.keys(res)).toEqual(['points', 'pck', 'pck_alpha', 'mutual', 'epe_median', 'seconds']);
      expect(Object.keys(res.pck)).toEqual(['1', '3', '5', '10']);
      expect(Object.keys(res.pck_alpha)).toEqual(['0.05', '0.1']);
      expect(Object.keys(res.mutual)).toEqual(['matches', 'precision']);
      expect(Object.keys(res.mutual.precision)).toEqual(['1', '3', '5', '10']);
      expect(res.points).toBe(EVALUATED);
      expect(res.seconds).toBeGreaterThan(0);
      expect(Object.keys(doc.summary[id])).toEqual(['pck', 'mutual', 'seconds']);
      // One pair: the summary is that pair.
      expect(doc.summary[id].pck).toEqual(res.pck);
      expect(doc.summary[id].mutual).toEqual(res.mutual);
    }
    // Raw 5×5 patches on i.i.d. noise find the exact shift wherever the patch is inside both images.
    const patch = doc.pairs[0].results.patch;
    expect(patch.pck['1']).toBeGreaterThan(0.9);
    expect(patch.epe_median).toBe(0);
    expect(patch.mutual.precision['1']).toBeGreaterThan(0.9);
  });

  it('--precision int16 gives float32\'s numbers where the shift is exact (dense and sparse truth), and refuses other precisions', async () => {
    const runs = await Promise.all([HOMOGRAPHY, POINTS].flatMap((gt) => ['float32', 'int16'].map((p) => runCli([...base, '--gt', gt, '--precision', p]))));
    for (const r of runs) expect([r.code, r.stderr]).toEqual([0, '']);
    const pck = runs.map((r) => JSON.parse(r.stdout).pairs[0].results.patch);
    expect(pck[1].pck).toEqual(pck[0].pck);
    expect(pck[1].mutual).toEqual(pck[0].mutual);
    expect(pck[3].pck).toEqual(pck[2].pck);
    expect(pck[1].pck['1']).toBeGreaterThan(0.9);
    const bad = await runCli([...base, '--gt', HOMOGRAPHY, '--precision', 'half']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--precision must be float32 or int16, got 'half'/);
  });

  it('homography, flow and points describe the same truth and give the same numbers', async () => {
    const [h, f, p] = await Promise.all([HOMOGRAPHY, FLOW, POINTS].map((gt) => runCli([...base, '--gt', gt])));
    const strip = (s: string) => {
      const d = JSON.parse(s);
      for (const r of Object.values(d.pairs[0].results) as { seconds: number; mutual: unknown }[]) r.seconds = 0;
      return d.pairs[0].results;
    };
    expect(strip(f.stdout)).toEqual(strip(h.stdout));
    // Sparse points are matched among themselves, so mutual flags can differ; PCK and EPE cannot.
    const hp = strip(h.stdout).patch;
    const pp = strip(p.stdout).patch;
    expect(pp.points).toBe(hp.points);
    expect(pp.pck).toEqual(hp.pck);
    expect(pp.epe_median).toBe(hp.epe_median);
  });

  it('a suite runs its pairs in worker threads, with a progress bar and CSV', async () => {
    const suite = join(dir, 'suite');
    for (const [name, gt, file] of [['a-homography', HOMOGRAPHY, 'H.txt'], ['b-flow', FLOW, 'flow.flo']]) {
      mkdirSync(join(suite, name), { recursive: true });
      writeFileSync(join(suite, name, 'source.png'), readFileSync(SOURCE));
      writeFileSync(join(suite, name, 'target.png'), readFileSync(TARGET));
      writeFileSync(join(suite, name, file), readFileSync(gt));
    }
    const csv = join(dir, 'suite.csv');
    const r = await runCli(['eval', '--suite', suite, '--descriptor', 'patch', '--stride', '8', '--target-stride', '1', '--jobs', '2', '--csv', csv, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[#+\] 2\/2 /);
    const doc = JSON.parse(r.stdout);
    expect(doc.pairs.map((p: { name: string }) => p.name)).toEqual(['a-homography', 'b-flow']);
    const [a, b] = doc.pairs.map((p: { results: { patch: { pck: Record<string, number> } } }) => p.results.patch);
    expect(b.pck).toEqual(a.pck);
    expect(doc.summary.patch.pck).toEqual(a.pck);
    expect(doc.summary.patch.mutual.matches).toBe(a.mutual.matches * 2);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('pair,descriptor,points,pck@1,pck@3,pck@5,pck@10,pck_alpha@0.05,pck_alpha@0.1,mutual_matches,mutual_precision@1,mutual_precision@3,mutual_precision@5,mutual_precision@10,mma,epe_median,corner_error,ransac_inliers,corner_note,seconds');
    expect(rows.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual([['a-homography', 'patch', String(EVALUATED), String(a.pck['1'])], ['b-flow', 'patch', String(EVALUATED), String(a.pck['1'])]]);
    // The corner error: a RANSAC fit to a pure shift lands the corners on the truth; a flow pair has none.
    const [cornerA, inliersA, noteA] = rows[1].split(',').slice(-4, -1);
    expect(Number(cornerA)).toBeLessThan(0.5);
    expect(Number(inliersA)).toBeGreaterThan(0.9 * a.mutual.matches);
    expect(noteA).toBe('');
    expect(rows[2].split(',').slice(-4, -1)).toEqual(['', '', 'no homography ground truth']);
  });

  it('the readable table names every metric', async () => {
    const r = await runCli(['eval', '--source', SOURCE, '--target', TARGET, '--gt', HOMOGRAPHY, '--descriptor', 'census', '--stride', '16', '-q', '--thresholds', '2,4']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const head = lines[0].split(/\s{2,}/);
    expect(head).toEqual(['pair', 'descriptor', 'points', 'PCK@2', 'PCK@4', 'PCK@0.05α', 'PCK@0.1α', 'mutual', 'prec@2', 'prec@4', 'MMA', 'EPE med', 'corner px', 'inliers', 's']);
    // Target grid at stride 16 cannot hold the (−8, −4) shift: two mutual matches, so no fit, and the reason is printed.
    expect(lines[1].split(/\s{2,}/).slice(-3, -1)).toEqual(['failed', '0']);
    expect(lines[2]).toBe('source.png → target.png census: no corner error: RANSAC needs at least 4 mutual matches, there are 2');
    expect(r.stdout).toMatch(/^mean\s+census\s+1\s.*\s–\s+0\/1\s/m);
    // On a target grid of every pixel census finds the shift: the fit's corners land on the true ones.
    const fine = await runCli(['eval', '--source', SOURCE, '--target', TARGET, '--gt', HOMOGRAPHY, '--descriptor', 'census', '--stride', '16', '--target-stride', '1', '-q']);
    const [fineHead, row] = fine.stdout.split('\n').slice(0, 2).map((l) => l.split(/\s{2,}/));
    expect(Number(row[fineHead.indexOf('corner px')])).toBeLessThan(0.5);
    expect(Number(row[fineHead.indexOf('inliers')])).toBeGreaterThanOrEqual(4);
    expect(fine.stdout).toMatch(/^mean\s+census\s+1\s.*\s1\/1\s/m);
    // Without a homography there is no corner error, and the table says so rather than showing NaN.
    const flow = await runCli(['eval', '--source', SOURCE, '--target', TARGET, '--gt', FLOW, '--descriptor', 'census', '--stride', '16', '-q']);
    expect(flow.stdout.split('\n')[1]).toMatch(/\sn\/a\s+n\/a\s/);
    expect(flow.stdout).not.toMatch(/NaN/);
  });

  it('bad ground truth fails with the reason; bad options are usage errors', async () => {
    const bad = join(dir, 'bad.flo');
    writeFileSync(bad, 'hello world, not a flow');
    const flo = await runCli(['eval', '-s', SOURCE, '-t', TARGET, '--gt', bad, '--descriptor', 'rgb', '-q']);
    expect(flo.code).toBe(1);
    expect(flo.stderr).toMatch(/^matchscope: eval: ground truth .*bad\.flo: not a \.flo file: the magic number is .*, expected 202021\.25/);
    const small = join(dir, 'small.flo');
    writeFileSync(small, readFileSync(FLOW).subarray(0, 12));
    const trunc = await runCli(['eval', '-s', SOURCE, '-t', TARGET, '--gt', small, '--descriptor', 'rgb', '-q']);
    expect(trunc.stderr).toMatch(/truncated: 12 bytes, 55308 needed for 96×72/);
    const usage = await Promise.all([
      runCli(['eval', '-s', SOURCE, '-t', TARGET, '--descriptor', 'rgb']),
      runCli(['eval', '-s', SOURCE, '-t', TARGET, '--gt', HOMOGRAPHY, '--descriptor', 'rgb,patch', '--params', '{}']),
      runCli(['eval', '--suite', dir, '-s', SOURCE, '--descriptor', 'rgb']),
      runCli(['eval', '-s', SOURCE, '-t', TARGET, '--gt', HOMOGRAPHY, '--descriptor', 'rgb', '--thresholds', '1,x']),
    ]);
    expect(usage.map((u) => u.code)).toEqual([2, 2, 2, 2]);
    expect(usage[0].stderr).toMatch(/--gt is required/);
    expect(usage[1].stderr).toMatch(/--params applies to a single descriptor/);
    expect(usage[2].stderr).toMatch(/either --suite or --source/);
    expect(usage[3].stderr).toMatch(/--thresholds must be a comma-separated list/);
  });
});
