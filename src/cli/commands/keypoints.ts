/** `matchscope keypoints`: Lowe's DoG keypoints and their SIFT descriptors (the sparse side of SIFT). */
import { detectAndDescribe } from '../../engine/keypoints/dog';
import { imageTensor } from '../../engine/match/descriptorMap';
import { backendOption, maxPixelsOption, parseOptions, required } from '../args';
import { startBackend } from '../backend';
import { loadImage, scalesOf } from '../loadImage';
import { since, stderrLog } from '../log';
import { STDOUT, writeJson } from '../output';
import { toOriginal } from '../../engine/core/workingSize';

export const KEYPOINTS_HELP = `Usage: matchscope keypoints --image IMG [--upsample] [--out FILE.json]

Detects Lowe's difference-of-Gaussian keypoints (scale-space extrema, sub-pixel refinement, contrast and
edge rejection, orientation) and describes each with the 128-D SIFT descriptor at its scale and orientation.

  -i, --image IMG       PNG or JPEG
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
  out: { type: 'string', short: 'o' },
  backend: { type: 'string' },
  'max-pixels': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

export async function runKeypoints(args: string[]): Promise<void> {
  const v = parseOptions(args, OPTIONS);
  const imagePath = required(v.image, 'image');
  const log = stderrLog(v.quiet ?? false);
  const img = loadImage(imagePath, 'image', maxPixelsOption(v['max-pixels']), log);
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
