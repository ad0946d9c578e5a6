/**
 * The benchmark, one implementation for Node and the browser: for each descriptor, the time to describe
 * one image densely (every pixel), dense mutual nearest neighbour on a stride grid, and click queries
 * (one row against the whole other map) at p50/p95; plus sparse SIFT (DoG detect + describe) and the
 * backend's matMul throughput, so NN speed can be read against what the backend can do at best.
 * Medians over repeated runs after one warm-up; peak tensor bytes from tf.profile on the warm-up.
 */
import { tf } from '../tf';
import { activeBackend } from '../tf/backends';
import type { RgbImage } from '../core/image';
import { mulberry32 } from '../core/random';
import { getDescriptor } from '../descriptors/registry';
import { describeDense, disposeMap, ensureFinite, imageTensor, type DescriptorMap } from '../match/descriptorMap';
import { matchMaps, type MatchSet } from '../match/matchPair';
import { int16Unavailable, type NnKernel } from '../match/nearestForMetric';
import { queryPoint } from '../match/query';
import { detectAndDescribe } from '../keypoints/dog';
import { throwIfAborted, type AbortSignalLike } from '../core/abort';
import { now } from '../core/clock';

/** The benchmark's images: a 640×480 crop of each motorcycle view (the shared stereo pair is 741×500). */
export const BENCH_CROP = { x: 50, y: 10, width: 640, height: 480 } as const;

export interface Stat {
  /** Milliseconds. */
  median: number;
  min: number;
  runs: number;
}

export interface DescriptorBench {
  id: string;
  dim: number;
  /** Dense description of one image, every pixel. */
  describe: Stat;
  describePeakMB: number;
  /** Mutual NN of the source grid against the target grid at `nnStride`. */
  nn: Stat;
  nnPeakMB: number;
  /** 2·Ns·Nt·D / time, the matMul work of the exhaustive search (meaningless when the kernel counts bits). */
  nnGflops: number;
  /** Which kernel ran the NN (nearestForMetric.ts): 'matmul', or popcount for hamming descriptors on wasm/cpu. */
  nnKernel: NnKernel;
  /** Ns·Nt / time in 10⁹ pairs per second: the rate that compares popcount with the matMul. */
  nnGpairs: number;
  /** With `compareMatmul`, one timed run of the same search through the matMul (hamming descriptors only). */
  nnMatmul?: { ms: number; gflops: number; gpairs: number };
  /**
   * The same search with `precision: 'int16'` (l2/cosine descriptors on wasm/cpu): median ms, Ns·Nt·D / time in
   * 10⁹ multiply-adds per second, and how many mutual matches it finds (float32's: `nnMutual`).
   */
  nnInt16?: { ms: number; gmacs: number; mutual: number };
  /** Mutual matches of the float32 search. */
  nnMutual?: number;
  queryP50: number;
  queryP95: number;
}

export interface BenchReport {
  backend: string;
  image: { width: number; height: number };
  nnStride: number;
  repeats: number;
  matmul: { gflops: number; shape: string };
  sparseSift: (Stat & { keypoints: number }) | null;
  descriptors: DescriptorBench[];
}

export interface BenchOptions {
  descriptors: string[];
  repeats: number;
  queries: number;
  nnStride: number;
  sparseSift: boolean;
  /** Also time the matMul once for descriptors that use popcount (costs seconds each at stride 4). */
  compareMatmul?: boolean;
  /** Also time the int16 search where it applies (default true). */
  int16?: boolean;
  signal?: AbortSignalLike;
  log?: (line: string) => void;
}

export function stat(ms: number[]): Stat {
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], runs: s.length };
}

/** Nearest-rank percentile (p in 0…100) of a list of times. */
export function percentile(ms: number[], p: number): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = now();
  const value = await f();
  return { ms: now() - t0, value };
}

/** Runs f once under tf.profile (warm-up + peak bytes), then `repeats` timed runs; `done` frees each result. */
async function measure<T>(repeats: number, f: () => Promise<T>, done: (v: T) => void): Promise<{ stat: Stat; peakMB: number }> {
  let kept: T | undefined;
  const info = await tf.profile(async () => {
    kept = await f();
    return [];
  });
  done(kept as T);
  const runs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const { ms, value } = await timed(f);
    done(value);
    runs.push(ms);
  }
  return { stat: stat(runs), peakMB: info.peakBytes / 2 ** 20 };
}

async function describeOnce(img: RgbImage, id: string): Promise<DescriptorMap> {
  const d = getDescriptor(id);
  const p = d.validateParams({});
  // Learned descriptors load their weights once (the caller installs the file reader for its platform).
  await d.prepare?.(p);
  const map = await ensureFinite(describeDense(img, d, p));
  // ensureFinite reads back a reduction, so the map's kernels have run when this returns.
  return map;
}

/** matMul GFLOP/s of a 2048×256 by 256×2048 product: the NN's inner kernel at a typical size. */
export async function matmulPeak(repeats = 5): Promise<{ gflops: number; shape: string }> {
  const [m, k, n] = [2048, 256, 2048];
  const a = tf.randomUniform([m, k]);
  const b = tf.randomUniform([k, n]);
  const runs: number[] = [];
  for (let r = 0; r <= repeats; r++) {
    const t0 = now();
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
    if (r > 0) runs.push(now() - t0);
  }
  a.dispose();
  b.dispose();
  return { gflops: (2 * m * k * n) / (stat(runs).median * 1e6), shape: `${m}×${k} · ${k}×${n}` };
}

/** The NN's rate in the unit that means something for its kernel: GFLOP/s for the matMul, Gpairs/s for popcount. */
export function nnRate(d: Pick<DescriptorBench, 'nnKernel' | 'nnGflops' | 'nnGpairs' | 'nnMatmul'>): string {
  if (d.nnKernel === 'matmul') return `${d.nnGflops.toFixed(1)} GFLOP/s`;
  const vs = d.nnMatmul ? `; matMul ${d.nnMatmul.ms.toFixed(0)} ms, ${d.nnMatmul.gpairs.toFixed(3)} Gpairs/s` : '';
  return `${d.nnKernel} ${d.nnGpairs.toFixed(3)} Gpairs/s${vs}`;
}

/** The int16 search's figure beside float32's, or '' where it did not run. */
export function int16Rate(d: Pick<DescriptorBench, 'nnInt16' | 'nnMutual'>): string {
  if (!d.nnInt16) return '';
  return `int16 ${d.nnInt16.ms.toFixed(0)} ms, ${d.nnInt16.gmacs.toFixed(1)} GMAC/s, mutual ${d.nnMutual} → ${d.nnInt16.mutual}`;
}

export async function runBench(a: RgbImage, b: RgbImage, opt: BenchOptions): Promise<BenchReport> {
  const log = opt.log ?? (() => {});
  const matmul = await matmulPeak();
  log(`matMul ${matmul.shape}: ${matmul.gflops.toFixed(1)} GFLOP/s`);
  const out: DescriptorBench[] = [];
  for (const id of opt.descriptors) {
    throwIfAborted(opt.signal);
    const d = getDescriptor(id);
    const dim = d.dim(d.validateParams({}));
    const desc = await measure(opt.repeats, () => describeOnce(a, id), disposeMap);
    const ma = await describeOnce(a, id);
    const mb = await describeOnce(b, id);
    try {
      const nnOpts = { stride: opt.nnStride, targetStride: opt.nnStride, mutual: true, ratio: null, refine: false };
      let nnKernel: NnKernel = 'matmul';
      let nnMutual = 0;
      const nn = await measure(opt.repeats, () => matchMaps(ma, mb, d.metric, nnOpts, { signal: opt.signal }), (m: MatchSet) => { nnKernel = m.nnKernel ?? 'matmul'; nnMutual = m.x0.length; });
      const ns = Math.ceil(a.width / opt.nnStride) * Math.ceil(a.height / opt.nnStride);
      const nt = Math.ceil(b.width / opt.nnStride) * Math.ceil(b.height / opt.nnStride);
      let nnMatmul: DescriptorBench['nnMatmul'];
      if (opt.compareMatmul && nnKernel !== 'matmul') {
        const { ms } = await timed(() => matchMaps(ma, mb, d.metric, nnOpts, { signal: opt.signal, kernel: 'matmul' }));
        nnMatmul = { ms, gflops: (2 * ns * nt * dim) / (ms * 1e6), gpairs: (ns * nt) / (ms * 1e6) };
      }
      let nnInt16: DescriptorBench['nnInt16'];
      if (opt.int16 !== false && int16Unavailable(d.metric, activeBackend()) === null) {
        let mutual = 0;
        const q16 = await measure(opt.repeats, () => matchMaps(ma, mb, d.metric, { ...nnOpts, precision: 'int16' }, { signal: opt.signal }), (m: MatchSet) => { mutual = m.x0.length; });
        nnInt16 = { ms: q16.stat.median, gmacs: (ns * nt * dim) / (q16.stat.median * 1e6), mutual };
      }
      const rand = mulberry32(7);
      const q: number[] = [];
      await queryPoint(ma, a.width >> 1, a.height >> 1, mb, d.metric); // warm-up
      for (let i = 0; i < opt.queries; i++) {
        const x = Math.floor(rand() * a.width);
        const y = Math.floor(rand() * a.height);
        q.push((await timed(() => queryPoint(ma, x, y, mb, d.metric))).ms);
      }
      const row: DescriptorBench = {
        id, dim, describe: desc.stat, describePeakMB: desc.peakMB, nn: nn.stat, nnPeakMB: nn.peakMB,
        nnGflops: (2 * ns * nt * dim) / (nn.stat.median * 1e6), nnKernel, nnGpairs: (ns * nt) / (nn.stat.median * 1e6), nnMatmul, nnInt16, nnMutual, queryP50: percentile(q, 50), queryP95: percentile(q, 95),
      };
      log(`${id}: describe ${row.describe.median.toFixed(0)} ms, NN ${row.nn.median.toFixed(0)} ms (${nnRate(row)}${nnInt16 ? `; ${int16Rate(row)}` : ''}), query p50 ${row.queryP50.toFixed(1)} / p95 ${row.queryP95.toFixed(1)} ms`);
      out.push(row);
    } finally {
      disposeMap(ma);
      disposeMap(mb);
    }
  }
  let sparseSift: BenchReport['sparseSift'] = null;
  if (opt.sparseSift) {
    const input = imageTensor(a);
    try {
      let keypoints = 0;
      const m = await measure(opt.repeats, () => detectAndDescribe(input), (r) => { keypoints = r.keypoints.length; });
      sparseSift = { ...m.stat, keypoints };
      log(`sparse SIFT: ${m.stat.median.toFixed(0)} ms, ${keypoints} keypoints`);
    } finally {
      input.dispose();
    }
  }
  return { backend: activeBackend(), image: { width: a.width, height: a.height }, nnStride: opt.nnStride, repeats: opt.repeats, matmul, sparseSift, descriptors: out };
}
