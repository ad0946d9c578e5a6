/**
 * `matchscope eval`: descriptors scored against ground truth, on one pair or a suite of pairs. The numbers
 * come from the engine's evaluateMaps, the function the app's Evaluation panel uses.
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DEFAULT_ALPHAS, DEFAULT_THRESHOLDS } from '../../engine/eval/metrics';
import { DESCRIPTORS, getDescriptor } from '../../engine/descriptors/registry';
import {
  backendOption, descriptorOption, intOption, maxPixelsOption, parseOptions, precisionOption, required, strideOption, targetStrideOption, type BackendOption,
} from '../args';
import { startBackend } from '../backend';
import { CliError, UsageError } from '../errors';
import { stderrLog, type Log } from '../log';
import { STDOUT, writeChunks } from '../output';
import { evaluatePairJob, type PairJob, type PairResult } from './evalPair';
import { evalCsv, evalJson, evalTable, summarise } from './evalReport';
import { findSuitePairs } from './evalSuite';
import type { WorkerMessage } from './evalWorker';

export const EVAL_HELP = `Usage: matchscope eval --source A --target B --gt GT --descriptor ID[,ID...] [options]
       matchscope eval --suite DIR --descriptor ID[,ID...] [options]

Scores descriptors against ground truth: each source grid point is matched to its nearest neighbour on the
target grid (refined to the pixel, no ratio test, no mutual filter) and compared with where it truly lands.

  -s, --source A          PNG or JPEG
  -t, --target B          PNG or JPEG
      --gt GT             ground truth, by extension: .txt homography (3×3, source → target), .pfm disparity
                          (x_t = x_s − d; inf/NaN unknown), .flo Middlebury flow, .csv points (x0,y0,x1,y1)
      --suite DIR         every subfolder of DIR holding source.*, target.* and one of H.txt, disp.pfm,
                          flow.flo, points.csv; pairs run in parallel worker threads
      --descriptor IDS    comma-separated descriptor ids, or "all"
      --params JSON       parameters (only with a single descriptor)
      --stride N          source grid spacing in working pixels (default 8)
      --target-stride N   target grid spacing (default: --stride)
      --precision P       float32 (default) or int16 dense search (see matchscope match --help)
      --thresholds LIST   PCK thresholds in pixels (default ${DEFAULT_THRESHOLDS.join(',')})
      --alphas LIST       PCK@α thresholds as fractions of max(W, H) of the target (default ${DEFAULT_ALPHAS.join(',')})
      --json              JSON instead of the table: {pairs:[{name, results:{ID:{points, pck:{T:…},
                          pck_alpha:{α:…}, mutual:{matches, precision:{T:…}}, epe_median, seconds}}}],
                          summary:{ID:{pck, mutual, seconds}}}; fractions in [0, 1], null when undefined
      --csv FILE          also write one CSV row per pair and descriptor
  -j, --jobs N            worker threads for a suite (default: the number of CPUs)
  -o, --out FILE          where to write the table or JSON (default "-": stdout)
      --backend NAME      wasm | cpu | auto (default auto)
      --max-pixels N      working limit in pixels; metrics are still in original pixels
  -q, --quiet             no progress bar on stderr

Metrics: PCK@T = #{EPE ≤ T}/#evaluated, EPE = ‖predicted − true‖ in target pixels, over grid points with
known ground truth whose true target lies inside the target image; mutual = evaluated matches that are each
other's nearest neighbour, precision@T over those; MMA = mean mutual precision over T = 1..10; corner px (homography
pairs; table and CSV, not JSON) = mean distance of the source image's 4 corners mapped by a RANSAC fit to the mutual
matches (3 px, 2000 iterations, seed 1) and by the true H; summary = means over pairs (mutual matches and seconds summed). Descriptors: ${DESCRIPTORS.map((d) => d.id).join(', ')}.
`;

const OPTIONS = {
  source: { type: 'string', short: 's' },
  target: { type: 'string', short: 't' },
  gt: { type: 'string' },
  suite: { type: 'string' },
  descriptor: { type: 'string' },
  params: { type: 'string' },
  stride: { type: 'string' },
  'target-stride': { type: 'string' },
  precision: { type: 'string' },
  thresholds: { type: 'string' },
  alphas: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  out: { type: 'string', short: 'o' },
  backend: { type: 'string' },
  'max-pixels': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface EvalRequest {
  pairs: Omit<PairJob, 'descriptors' | 'settings' | 'maxPixels'>[];
  base: Pick<PairJob, 'descriptors' | 'settings' | 'maxPixels'>;
  json: boolean;
  csv: string | null;
  jobs: number;
  out: string;
  backend: BackendOption;
  quiet: boolean;
}

function numberList(text: string | undefined, option: string, fallback: readonly number[], max: number): number[] {
  if (text === undefined) return [...fallback];
  const v = text.split(',').map((s) => Number(s.trim()));
  if (text.trim() === '' || v.some((n) => !(n > 0 && n <= max))) throw new UsageError(`--${option} must be a comma-separated list of numbers in (0, ${max}], got '${text}'`);
  return [...new Set(v)].sort((a, b) => a - b);
}

function descriptorList(ids: string | undefined, params: string | undefined): PairJob['descriptors'] {
  const list = required(ids, 'descriptor') === 'all' ? DESCRIPTORS.map((d) => d.id) : ids!.split(',').map((s) => s.trim());
  if (params !== undefined && list.length !== 1) throw new UsageError('--params applies to a single descriptor');
  if (new Set(list).size !== list.length) throw new UsageError(`--descriptor names a descriptor twice: ${ids}`);
  return list.map((id) => {
    const { descriptor, params: p } = descriptorOption(id, params);
    return { id: getDescriptor(descriptor.id).id, params: p };
  });
}

export function parseEvalArgs(args: string[]): EvalRequest {
  const v = parseOptions(args, OPTIONS);
  const single = v.source !== undefined || v.target !== undefined || v.gt !== undefined;
  if (v.suite !== undefined && single) throw new UsageError('give either --suite or --source/--target/--gt, not both');
  const pairs = v.suite !== undefined
    ? findSuitePairs(v.suite)
    : [{ name: `${basename(required(v.source, 'source'))} → ${basename(required(v.target, 'target'))}`, source: v.source!, target: v.target!, gt: required(v.gt, 'gt') }];
  const stride = strideOption(v.stride);
  return {
    pairs,
    base: {
      descriptors: descriptorList(v.descriptor, v.params),
      settings: { stride, targetStride: targetStrideOption(v['target-stride'], stride), precision: precisionOption(v.precision), thresholds: numberList(v.thresholds, 'thresholds', DEFAULT_THRESHOLDS, 1e6), alphas: numberList(v.alphas, 'alphas', DEFAULT_ALPHAS, 1) },
      maxPixels: maxPixelsOption(v['max-pixels']),
    },
    json: v.json ?? false,
    csv: v.csv ?? null,
    jobs: intOption(v.jobs, 'jobs', 1, 64, availableParallelism()),
    out: v.out ?? STDOUT,
    backend: backendOption(v.backend),
    quiet: v.quiet ?? false,
  };
}

export async function runEval(args: string[]): Promise<void> {
  const req = parseEvalArgs(args);
  const log = stderrLog(req.quiet);
  const jobs: PairJob[] = req.pairs.map((p) => ({ ...p, ...req.base }));
  const total = jobs.length * req.base.descriptors.length;
  const bar = progressBar(total, req.quiet);
  const results = jobs.length === 1 || req.jobs === 1
    ? await runInProcess(jobs, req.backend, log, bar)
    : await runInWorkers(jobs, Math.min(req.jobs, jobs.length), req.backend, bar);
  bar.end();
  const ids = req.base.descriptors.map((d) => d.id);
  const summary = summarise(results, ids);
  const { thresholds, alphas } = req.base.settings;
  if (req.csv !== null) await writeChunks(req.csv, [evalCsv(results, thresholds, alphas)]);
  await writeChunks(req.out, [req.json ? `${JSON.stringify(evalJson(results, summary), null, 1)}\n` : evalTable(results, summary, thresholds, alphas)]);
}

interface Bar {
  step(label: string): void;
  end(): void;
}

/** A progress bar on stderr: redrawn in place on a terminal, one line per step otherwise. */
function progressBar(total: number, quiet: boolean): Bar {
  let done = 0;
  const tty = process.stderr.isTTY;
  return {
    step(label) {
      done++;
      if (quiet) return;
      const width = 30;
      const full = Math.round((done / total) * width);
      const text = `matchscope: [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done}/${total} ${label}`;
      process.stderr.write(tty ? `\r${text.padEnd(100).slice(0, Math.max(100, text.length))}` : `${text}\n`);
    },
    end() {
      if (!quiet && tty && done > 0) process.stderr.write('\n');
    },
  };
}

async function runInProcess(jobs: PairJob[], backend: BackendOption, log: Log, bar: Bar): Promise<PairResult[]> {
  await startBackend(backend, log);
  const out: PairResult[] = [];
  for (const job of jobs) out.push(await evaluatePairJob(job, log, (id) => bar.step(`${job.name} ${id}`)));
  return out;
}

/** Pairs spread over `n` worker threads, each with its own backend; results come back in suite order. */
function runInWorkers(jobs: PairJob[], n: number, backend: BackendOption, bar: Bar): Promise<PairResult[]> {
  // Workers need tsx to load the TypeScript sources: register it inside each thread before the import.
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./evalWorker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const results = new Map<string, PairResult>();
  let next = 0;
  const workers: Worker[] = [];
  return new Promise<PairResult[]>((resolve, reject) => {
    const fail = (e: Error) => {
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker) => {
      if (next < jobs.length) w.postMessage(jobs[next++]);
      else void w.terminate();
    };
    for (let i = 0; i < n; i++) {
      const w = new Worker(code, { eval: true, workerData: { backend } });
      workers.push(w);
      w.on('error', (e) => fail(new CliError(`a worker thread failed: ${e.message}`)));
      w.on('message', (m: WorkerMessage) => {
        if (m.kind === 'ready') feed(w);
        else if (m.kind === 'step') bar.step(`${m.pair} ${m.descriptor}`);
        else if (m.kind === 'failed') fail(new CliError(`${m.pair}: ${m.message}`));
        else {
          results.set(m.result.name, m.result);
          if (results.size < jobs.length) feed(w);
          else {
            for (const x of workers) void x.terminate();
            resolve(jobs.map((j) => results.get(j.name)!));
          }
        }
      });
    }
  });
}
