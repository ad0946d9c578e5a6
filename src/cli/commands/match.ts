/** `matchscope match`: grid matches between two images, written as the app's matches file. */
import type { Descriptor, ParamsOf } from '../../engine/descriptors/contract';
import { buildMatchesDocument } from '../../engine/io/matchesDocument';
import { describeDense, disposeMap, ensureFinite, type DescriptorMap } from '../../engine/match/descriptorMap';
import { DEFAULT_DISPARITIES, matchMaps, type MatchSet } from '../../engine/match/matchPair';
import {
  backendOption, COMMON_HELP, COMMON_OPTIONS, DEFAULT_STRIDE, descriptorOption, maxPixelsOption,
  parseOptions, precisionOption, ratioOption, required, strideOption, targetStrideOption, type BackendOption,
} from '../args';
import { startBackend } from '../backend';
import { UsageError } from '../errors';
import { loadUcnModelDir, prepareDescriptor } from '../modelFiles';
import { imageRef, loadImage, type LoadedImage } from '../loadImage';
import { since, stderrLog, type Log } from '../log';
import { STDOUT, writeJson } from '../output';

export const MATCH_HELP = `Usage: matchscope match --source A --target B --descriptor ID [--stride N] [--target-stride N] [--mutual] [--ratio R] [--no-refine]
                      [--search global|scanline [--dmin D] [--dmax D]] [--precision float32|int16] [--out FILE.json]

Matches every grid point of A to its nearest neighbour among the grid points of B (exhaustive search).

  -s, --source A        PNG or JPEG
  -t, --target B        PNG or JPEG
      --descriptor ID   which descriptor
      --stride N        grid spacing in working pixels, on both images (default ${DEFAULT_STRIDE})
      --target-stride N grid spacing on the target (default: the same as --stride; 1 = every pixel)
      --mutual          keep only mutual nearest neighbours (left-right check)
      --ratio R         Lowe's ratio test: keep when d1 < R·d2 (grid distances), R in (0, 1]
      --no-refine       keep the grid match; by default each match moves to the best target pixel
                        within ±floor(stride/2) of it (coarse-to-fine, as the app does)
      --search MODE     global (default: every target grid point) or scanline (rectified pairs: the
                        same row, x_t = x_s − d for d in [dmin, dmax], winner-takes-all)
      --dmin D, --dmax D  scanline disparity range in working pixels (default ${DEFAULT_DISPARITIES.dmin}, ${DEFAULT_DISPARITIES.dmax})
      --precision P     float32 (default, exact) or int16: both maps quantised to int16 for the global
                        search, ~3.5× faster on wasm, a few per cent of best matches change (README,
                        Benchmark); l2/cosine descriptors on wasm/cpu only, otherwise float32 runs
  -o, --out FILE        where to write the matches (default "-": stdout). The file is the app's
                        "Export matches" format: {source:{path,width,height}, target, descriptor:{id,params,dim},
                        settings, backend, timings_ms:{decode, describe_source, describe_target, match, total},
                        matches:[{x0,y0,x1,y1,score,mutual}]}; scores are in the descriptor's metric${COMMON_HELP}
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  source: { type: 'string', short: 's' },
  target: { type: 'string', short: 't' },
  mutual: { type: 'boolean' },
  'no-refine': { type: 'boolean' },
  'target-stride': { type: 'string' },
  ratio: { type: 'string' },
  search: { type: 'string' },
  dmin: { type: 'string' },
  dmax: { type: 'string' },
  precision: { type: 'string' },
  out: { type: 'string', short: 'o' },
} as const;

interface MatchRequest {
  sourcePath: string;
  targetPath: string;
  descriptor: Descriptor<ParamsOf>;
  params: ParamsOf;
  /** --model-dir: a UCN model folder served as variant 'tuned'. */
  modelDir?: string;
  stride: number;
  targetStride: number;
  mutual: boolean;
  ratio: number | null;
  refine: boolean;
  search: 'global' | 'scanline';
  dmin: number;
  dmax: number;
  precision: 'float32' | 'int16';
  out: string;
  backend: BackendOption;
  maxPixels: number;
  quiet: boolean;
}

export function parseMatchArgs(args: string[]): MatchRequest {
  const v = parseOptions(args, OPTIONS);
  return {
    sourcePath: required(v.source, 'source'),
    targetPath: required(v.target, 'target'),
    ...descriptorOption(v.descriptor, v.params, v['model-dir']),
    stride: strideOption(v.stride),
    targetStride: targetStrideOption(v['target-stride'], strideOption(v.stride)),
    mutual: v.mutual ?? false,
    ratio: ratioOption(v.ratio),
    refine: !(v['no-refine'] ?? false),
    ...searchOptions(v.search, v.dmin, v.dmax),
    precision: precisionOption(v.precision),
    out: v.out ?? STDOUT,
    backend: backendOption(v.backend),
    maxPixels: maxPixelsOption(v['max-pixels']),
    quiet: v.quiet ?? false,
  };
}

/** --search and its disparity range; matchMaps validates the range against the stride. */
function searchOptions(search: string | undefined, dmin: string | undefined, dmax: string | undefined) {
  const mode = search ?? 'global';
  if (mode !== 'global' && mode !== 'scanline') throw new UsageError(`--search must be global or scanline, got '${mode}'`);
  const int = (text: string | undefined, name: string, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, got '${text}'`);
    return n;
  };
  if (mode === 'global' && (dmin !== undefined || dmax !== undefined)) throw new UsageError('--dmin and --dmax apply to --search scanline only');
  return { search: mode as 'global' | 'scanline', dmin: int(dmin, 'dmin', DEFAULT_DISPARITIES.dmin), dmax: int(dmax, 'dmax', DEFAULT_DISPARITIES.dmax) };
}

export async function runMatch(args: string[]): Promise<void> {
  const req = parseMatchArgs(args);
  if (req.modelDir !== undefined) loadUcnModelDir(req.modelDir);
  const log = stderrLog(req.quiet);
  const timings: Record<string, number> = {};
  const start = performance.now();
  const source = loadImage(req.sourcePath, 'source image', req.maxPixels, log);
  const target = loadImage(req.targetPath, 'target image', req.maxPixels, log);
  timings.decode = since(start);
  log.progress(`decoded ${source.width}×${source.height} and ${target.width}×${target.height} in ${timings.decode.toFixed(0)} ms`);
  const backend = await startBackend(req.backend, log);
  const computeStart = performance.now();
  const matches = await describeAndMatch(req, source, target, timings, log);
  // total: decoding and computing, without the one-off backend start-up between them.
  timings.total = timings.decode + since(computeStart);
  const doc = buildMatchesDocument({
    source: imageRef(source),
    target: imageRef(target),
    descriptor: { id: req.descriptor.id, params: req.params, dim: req.descriptor.dim(req.params) },
    settings: { stride: req.stride, targetStride: req.targetStride, mutual: req.mutual, ratio: req.ratio, refine: req.refine, metric: req.descriptor.metric, search: req.search, dmin: req.dmin, dmax: req.dmax, precision: req.precision, nnKernel: matches.nnKernel ?? null },
    backend: backend.id,
    timingsMs: timings,
    matches,
  });
  await writeJson(req.out, doc);
  const kernel = matches.nnKernel ? ` (nearest neighbours by ${matches.nnKernel})` : '';
  log.progress(`${doc.matches.length} matches of ${matches.candidates} grid points${kernel}${req.out === STDOUT ? '' : ` → ${req.out}`}`);
}

/** Describes both working images and matches them, filling `timings` (ms) stage by stage. */
async function describeAndMatch(req: MatchRequest, source: LoadedImage, target: LoadedImage, timings: Record<string, number>, log: Log): Promise<MatchSet> {
  let a: DescriptorMap | undefined;
  let b: DescriptorMap | undefined;
  try {
    let t0 = performance.now();
    await prepareDescriptor(req.descriptor, req.params);
    a = await ensureFinite(describeDense(source.working, req.descriptor, req.params));
    timings.describe_source = since(t0);
    t0 = performance.now();
    b = await ensureFinite(describeDense(target.working, req.descriptor, req.params));
    timings.describe_target = since(t0);
    log.progress(`described both with ${req.descriptor.id} in ${(timings.describe_source + timings.describe_target).toFixed(0)} ms`);
    t0 = performance.now();
    const opts = { stride: req.stride, targetStride: req.targetStride, mutual: req.mutual, ratio: req.ratio, refine: req.refine, search: req.search, dmin: req.dmin, dmax: req.dmax, precision: req.precision };
    const matches = await matchMaps(a, b, req.descriptor.metric, opts);
    timings.match = since(t0);
    return matches;
  } finally {
    disposeMap(a);
    disposeMap(b);
  }
}
