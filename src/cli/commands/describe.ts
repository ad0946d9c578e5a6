/** `matchscope describe`: dense descriptors of one image, sampled on a grid or at given points. */
import { flatIndices, gridPoints, type PointSet } from '../../engine/core/grid';
import type { RgbImage } from '../../engine/core/image';
import type { Descriptor, ParamsOf } from '../../engine/descriptors/contract';
import { encodeNpyFloat32 } from '../../engine/io/npy';
import { describeDense, disposeMap, ensureFinite } from '../../engine/match/descriptorMap';
import { readAllRows, readRows } from '../../engine/match/readRows';
import {
  backendOption, COMMON_HELP, COMMON_OPTIONS, DEFAULT_STRIDE, descriptorOption, maxPixelsOption,
  parseOptions, required, strideOption, type BackendOption,
} from '../args';
import { startBackend } from '../backend';
import { loadUcnModelDir, prepareDescriptor } from '../modelFiles';
import { UsageError } from '../errors';
import { loadImage, workingToOriginal, type LoadedImage } from '../loadImage';
import { since, stderrLog, type Log } from '../log';
import { STDOUT, writeChunks, writeJson } from '../output';
import { pointsToWorking, readPointsFile } from '../points';
import { describeJsonChunks, pointsSidecar, sidecarPath } from './describeOutput';

export const DESCRIBE_HELP = `Usage: matchscope describe --image IMG --descriptor ID [--stride N | --points FILE.csv] --out FILE

Computes a dense descriptor map of IMG and writes the descriptors at the sampled points.

  -i, --image IMG       PNG or JPEG (format from the file's bytes, not its name)
      --descriptor ID   which descriptor
      --stride N        sample a grid every N working pixels (default ${DEFAULT_STRIDE}; 1 = every pixel)
      --points FILE     sample at the points of a CSV file: one "x,y" per line in original pixels, optional
                        "x,y" header; each is rounded to the nearest working pixel, and rows keep the file's order
  -o, --out FILE        FILE.json: {descriptor:{id,params,dim}, width, height, working, stride,
                        points:[[x,y],...], descriptors:[[...],...]} ("-" writes the JSON to stdout)
                        FILE.npy: float32 (N, D), or (H, W, D) for --stride 1 in working pixels, with
                        the points in FILE.points.json${COMMON_HELP}
`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  image: { type: 'string', short: 'i' },
  points: { type: 'string' },
  out: { type: 'string', short: 'o' },
} as const;

/** Where descriptors are read: a grid over the working image, or the points of a CSV file. */
type Sampling = { kind: 'grid'; stride: number } | { kind: 'points'; path: string };

interface DescribeRequest {
  imagePath: string;
  descriptor: Descriptor<ParamsOf>;
  params: ParamsOf;
  /** --model-dir: a UCN model folder served as variant 'tuned'. */
  modelDir?: string;
  sampling: Sampling;
  out: string;
  npy: boolean;
  backend: BackendOption;
  maxPixels: number;
  quiet: boolean;
}

export function parseDescribeArgs(args: string[]): DescribeRequest {
  const v = parseOptions(args, OPTIONS);
  const imagePath = required(v.image, 'image');
  if (v.stride !== undefined && v.points !== undefined) throw new UsageError('--stride and --points cannot be used together');
  const out = required(v.out, 'out');
  const npy = out.toLowerCase().endsWith('.npy');
  return {
    imagePath,
    ...descriptorOption(v.descriptor, v.params, v['model-dir']),
    sampling: v.points === undefined ? { kind: 'grid', stride: strideOption(v.stride) } : { kind: 'points', path: v.points },
    out,
    npy,
    backend: backendOption(v.backend),
    maxPixels: maxPixelsOption(v['max-pixels']),
    quiet: v.quiet ?? false,
  };
}

export async function runDescribe(args: string[]): Promise<void> {
  const req = parseDescribeArgs(args);
  if (req.modelDir !== undefined) loadUcnModelDir(req.modelDir);
  const log = stderrLog(req.quiet);
  const pointsOn = prepareSampling(req.sampling);
  let t0 = performance.now();
  const img = loadImage(req.imagePath, 'image', req.maxPixels, log);
  log.progress(`decoded ${img.path} (${img.width}×${img.height}) in ${since(t0).toFixed(0)} ms`);
  const points = pointsOn(img);
  await startBackend(req.backend, log);
  t0 = performance.now();
  const everyPixel = strideOf(req) === 1;
  const rows = await sampleDescriptors(img.working, req.descriptor, req.params, everyPixel ? null : points);
  log.progress(`described ${points.xs.length} points with ${req.descriptor.id} in ${since(t0).toFixed(0)} ms`);
  await writeDescribeOutput(req, img, points, rows, log);
}

/** A points file is read (and checked) before any image is decoded, so that its mistakes show at once. */
function prepareSampling(s: Sampling): (img: LoadedImage) => PointSet {
  if (s.kind === 'grid') return (img) => gridPoints(img.working.width, img.working.height, s.stride);
  const csv = readPointsFile(s.path);
  return (img) => pointsToWorking(csv, img, s.path);
}

/** The grid stride, or null for points from a file. */
const strideOf = (req: DescribeRequest) => (req.sampling.kind === 'grid' ? req.sampling.stride : null);

/** Runs the descriptor densely, then reads the rows at `points` (every row, in (H, W) order, when null). */
async function sampleDescriptors(img: RgbImage, d: Descriptor<ParamsOf>, params: ParamsOf, points: PointSet | null): Promise<Float32Array> {
  await prepareDescriptor(d, params);
  const map = await ensureFinite(describeDense(img, d, params));
  try {
    return points ? await readRows(map, flatIndices(points, img.width)) : await readAllRows(map);
  } finally {
    disposeMap(map);
  }
}

async function writeDescribeOutput(req: DescribeRequest, img: LoadedImage, points: PointSet, rows: Float32Array, log: Log): Promise<void> {
  const dim = req.descriptor.dim(req.params);
  const descriptor = { id: req.descriptor.id, params: req.params, dim };
  const stride = strideOf(req);
  const original = Array.from(points.xs, (x, i) => workingToOriginal(img, x, points.ys[i]));
  if (!req.npy) {
    await writeChunks(req.out, describeJsonChunks({ descriptor, img, stride, points: original, rows }));
    if (req.out !== STDOUT) log.progress(`wrote ${req.out}`);
    return;
  }
  const shape = stride === 1 ? [img.working.height, img.working.width, dim] : [points.xs.length, dim];
  await writeChunks(req.out, [encodeNpyFloat32(rows, shape)]);
  const sidecar = sidecarPath(req.out);
  await writeJson(sidecar, pointsSidecar({ descriptor, img, stride, points: original }));
  log.progress(`wrote ${req.out} (${shape.join('×')} float32) and ${sidecar}`);
}
