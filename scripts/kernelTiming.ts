/**
 * What the kernel timing scripts (popcount-timing.ts, int16-timing.ts) share: the benchmark's 640×480 crops of
 * the motorcycle pair, and a timer that reports wall and CPU time (on a shared machine the CPU time is the
 * steadier figure).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_CROP } from '../src/engine/bench/suite';
import { cropImage, type RgbImage } from '../src/engine/core/image';
import { decodeImage } from '../src/cli/decodeImage';

/** The bench's crops of public/samples/motorcycle/{left,right}.png. */
export function benchCrops(): [RgbImage, RgbImage] {
  const samples = path.resolve(import.meta.dirname, '../public/samples/motorcycle');
  const [l, r] = ['left.png', 'right.png'].map((f) => cropImage(decodeImage(readFileSync(path.join(samples, f))).image, BENCH_CROP.x, BENCH_CROP.y, BENCH_CROP.width, BENCH_CROP.height));
  return [l, r];
}

/** Median wall and CPU (user + system of this process) milliseconds over `runs` runs, after a warm-up run unless told not to. */
export async function timeWallAndCpu(f: () => Promise<unknown> | unknown, runs: number, warmUp = true): Promise<{ wall: number; cpu: number }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = warmUp ? 0 : 1; r <= runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    const c = process.cpuUsage(c0);
    if (r > 0) {
      walls.push(performance.now() - t0);
      cpus.push((c.user + c.system) / 1000);
    }
  }
  const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
  return { wall: med(walls), cpu: med(cpus) };
}
