/** `matchscope keypoints`: Lowe's DoG keypoints and their SIFT descriptors (the sparse side of SIFT), or BRISK's. */
import { detectAndDescribe } from '../../engine/keypoints/dog';
import { imageTensor } from '../../engine/match/descriptorMap';
import { backendOption, intOption, maxPixelsOption, parseOptions, required } from '../args';
import { UsageError } from '../errors';
import { briskKeypointsDocument } from './keypointsBrisk';
import { startBackend } from '../backend';
import { loadImage, scalesOf } from '../loadImage';
import { since, stderrLog } from '../log';
import { STDOUT, writeJson } from '../output';
import { toOriginal } from '../../engine/core/workingSize';

export const KEYPOINTS_HELP = `Usage: matchscope keypoints --image IMG [--method sift|brisk] [--upsample] [--out FILE.json]

Detects Lowe's difference-of-Gaussian keypoints (scale-space extrema, sub-pixel refinement, contrast and
edge rejection, orientation) and describes each with the 128-D SIFT descriptor at its scale and orientation.

  -i, --image IMG       PNG or JPEG
      --method NAME     sift (default) | brisk: BRISK (Leutenegger et al., ICCV 2011), FAST 9-16 scale-space
                        keypoints with 512-bit descriptors; output keypoints:[{x,y,size,angle,response,layer}]
                        (size = pattern extent 12·scale in original pixels, OpenCV's KeyPoint.size) and
                        descriptors:["128 hex digits"] (64 bytes in OpenCV's order, compare by Hamming distance)
      --threshold N     BRISK's FAST threshold on 0…255 grey levels (default 30)
      --octaves N       BRISK's octaves, 0…8 (default 4)
      --upsample        double the image first (Lowe's and OpenCV's default; finds small keypoints, ~4× slower)
  -o, --out FILE        {width, height, keypoints:[{x,y,scale,angle,response,octave}], descriptors:[[128 floats]]}
                        x, y in original pixels; scale = σ in original pixels; angle in radians from +x towards +y
                        (y down). Default "-": stdout.
      --backend NAME    wasm | cpu | auto (default auto)
      --max-pixels N    working limit in pixels; larger images are area-downscaled first
      --quiet           no progress on stderr
`;

const OPTIONS = {
  image: { type: 'string', short: 'i' },
  upsample: { type: 'boolean' },
  method: { type: 'string' },
  threshold: { type: 'string' },
  octaves: { type: 'string' },
  out: { type: 'string', short: 'o' },
  backend: { type: 'string' },
  'max-pixels': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export async function runKeypoints(args: string[]): Promise<void> {
  const v = parseOptions(args, OPTIONS);
  const imagePath = required(v.image, 'image');
  const log = stderrLog(v.quiet ?? false);
  const method = v.method ?? 'sift';
  if (method !== 'sift' && method !== 'brisk') throw new UsageError(`--method must be sift or brisk, got '${method}'`);
  const img = loadImage(imagePath, 'image', maxPixelsOption(v['max-pixels']), log);
  if (method === 'brisk') {
    const params = { threshold: intOption(v.threshold, 'threshold', 1, 254, 30), octaves: intOption(v.octaves, 'octaves', 0, 8, 4) };
    await writeJson(v.out ?? STDOUT, briskKeypointsDocument(img, params, log));
    return;
  }
  await startBackend(backendOption(v.backend), log);
  const t0 = performance.now();
  const input = imageTensor(img.working);
  let found;
  try {
    found = await detectAndDescribe(input, { upsample: v.upsample ?? false });
  } finally {
    input.dispose();
  }
  log.progress(`${found.keypoints.length} keypoints in ${since(t0).toFixed(0)} ms`);
  const { sx, sy } = scalesOf(img);
  const r3 = (n: number) => Math.round(n * 1000) / 1000;
  const keypoints = found.keypoints.map((k) => ({
    x: r3(toOriginal(k.x, sx)), y: r3(toOriginal(k.y, sy)), scale: r3(k.scale / sx), angle: r3(k.angle), response: r3(k.response), octave: k.octave,
  }));
  const descriptors = keypoints.map((_, i) => Array.from(found.descriptors.subarray(i * 128, i * 128 + 128), (x) => Math.round(x * 1e5) / 1e5));
  await writeJson(v.out ?? STDOUT, { width: img.width, height: img.height, keypoints, descriptors });
}
