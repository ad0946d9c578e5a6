/**
 * The click query with a pair network (2-channel, Zagoruyko & Komodakis, CVPR 2015): the clicked patch of
 * one image against every patch of the other whose centre lies in a square search window, one forward pass
 * per candidate. This is the lecture's point about pair networks: nothing is computed per image and
 * reused, so n query patches against n candidates cost n² passes, where a descriptor network needs 2n.
 */
import { tf } from '../../tf';
import type { RgbImage } from '../../core/image';
import { throwIfAborted, type AbortSignalLike } from '../../core/abort';
import { loadModelWeights, type NamedWeights } from '../modelFiles';
import { constTensors, convNetFromNamed, forwardConv, type ConvNetWeights } from './convNet';
import { copyPatch, greyPhoto, type GreyPhoto } from './patchPairs';
import { scorePairs, TWO_CHANNEL_DIR, TWO_CHANNEL_PATCH, TWO_CHANNEL_SPEC } from './twoChannel';
import { DEEPDESC_DIR, DEEPDESC_PATCH, DEEPDESC_SPEC } from './deepdesc';

export interface PairQueryResult {
  x: number;
  y: number;
  bestX: number;
  bestY: number;
  bestScore: number;
  /** (H·W) float32 over the other image: the network's output o inside the window, NaN outside it. */
  scores: Float32Array;
  width: number;
  height: number;
  ties: number;
  /** Smallest and largest score inside the window. */
  min: number;
  max: number;
  /** The window, inclusive, in pixels of the other image. */
  window: { x0: number; y0: number; x1: number; y1: number };
  /** Forward passes of the network (one per candidate). */
  passes: number;
  /** Time spent in the passes, ms. */
  networkMs: number;
}

export const MAX_PAIR_QUERY_RADIUS = 64;
/** Candidates per forward batch: (512, 31, 31, 2) floats are 3.9 MB. */
const CHUNK = 512;

/** Grey photos per image, so that repeated clicks do not redo them (keyed by the image object). */
const greys = new WeakMap<RgbImage, GreyPhoto>();
function grey(img: RgbImage): GreyPhoto {
  let g = greys.get(img);
  if (!g) {
    g = greyPhoto(img);
    greys.set(img, g);
  }
  return g;
}

/**
 * Scores pixel (x, y) of `from` against every pixel of `to` within `radius` of (x, y) (clipped to `to`).
 * Both images are standardised grey (each by its own mean and deviation) and 0 outside, as in training.
 */
export async function twoChannelWindowQuery(w: ConvNetWeights, from: RgbImage, x: number, y: number, to: RgbImage, radius: number, signal?: AbortSignalLike): Promise<PairQueryResult> {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= from.width || y >= from.height) {
    throw new RangeError(`query (${x}, ${y}) is outside the ${from.width}×${from.height} image`);
  }
  if (!Number.isInteger(radius) || radius < 0 || radius > MAX_PAIR_QUERY_RADIUS) throw new RangeError(`search radius must be an integer in 0…${MAX_PAIR_QUERY_RADIUS}, got ${radius}`);
  const P = TWO_CHANNEL_PATCH;
  const a = new Float32Array(P * P);
  copyPatch(grey(from), x, y, P, a, 0);
  const g = grey(to);
  const win = { x0: Math.max(0, x - radius), y0: Math.max(0, y - radius), x1: Math.min(to.width - 1, x + radius), y1: Math.min(to.height - 1, y + radius) };
  if (win.x0 > win.x1 || win.y0 > win.y1) throw new RangeError(`the search window around (${x}, ${y}) misses the ${to.width}×${to.height} image`);
  const cols = win.x1 - win.x0 + 1;
  const n = cols * (win.y1 - win.y0 + 1);
  const scores = new Float32Array(to.width * to.height).fill(NaN);
  let networkMs = 0;
  await forEachChunk(g, win, P, signal, async (patches, m, start) => {
    const input = new Float32Array(m * P * P * 2);
    // Channels last: pixel j of pair k holds (clicked patch, candidate).
    for (let k = 0; k < m; k++) {
      for (let j = 0; j < P * P; j++) {
        input[(k * P * P + j) * 2] = a[j];
        input[(k * P * P + j) * 2 + 1] = patches[k * P * P + j];
      }
    }
    const t0 = tf.util.now();
    const out = tf.tidy(() => scorePairs(w, tf.tensor4d(input, [m, P, P, 2])));
    const o = await out.data();
    out.dispose();
    networkMs += tf.util.now() - t0;
    for (let k = 0; k < m; k++) scores[(win.y0 + Math.floor((start + k) / cols)) * to.width + win.x0 + ((start + k) % cols)] = o[k];
  });
  return { ...bestOf(scores, to.width, win), x, y, scores, width: to.width, height: to.height, window: win, passes: n, networkMs };
}

/** Best (highest) score in the window, ties to the lower row-major index; min, max and the tie count. */
function bestOf(scores: Float32Array, width: number, win: PairQueryResult['window']) {
  let best = -1;
  let min = Infinity;
  let max = -Infinity;
  for (let y = win.y0; y <= win.y1; y++) {
    for (let x = win.x0; x <= win.x1; x++) {
      const s = scores[y * width + x];
      if (best < 0 || s > scores[best]) best = y * width + x;
      if (s < min) min = s;
      if (s > max) max = s;
    }
  }
  let ties = 0;
  for (let y = win.y0; y <= win.y1; y++) for (let x = win.x0; x <= win.x1; x++) if (scores[y * width + x] === scores[best]) ties++;
  return { bestX: best % width, bestY: Math.floor(best / width), bestScore: scores[best], min, max, ties };
}

type Window = PairQueryResult['window'];

/** The standardised P×P patches centred on every pixel of `win`, row-major, in chunks of CHUNK. */
async function forEachChunk(g: GreyPhoto, win: Window, P: number, signal: AbortSignalLike | undefined, fn: (patches: Float32Array, m: number, start: number) => Promise<void>): Promise<void> {
  const cols = win.x1 - win.x0 + 1;
  const n = cols * (win.y1 - win.y0 + 1);
  for (let start = 0; start < n; start += CHUNK) {
    throwIfAborted(signal);
    const m = Math.min(CHUNK, n - start);
    const patches = new Float32Array(m * P * P);
    for (let k = 0; k < m; k++) copyPatch(g, win.x0 + ((start + k) % cols), win.y0 + Math.floor((start + k) / cols), P, patches, k * P * P);
    await fn(patches, m, start);
  }
}

/**
 * What a descriptor network pays for the same window, measured: the DeepDesc tower on the clicked patch and
 * on every candidate patch (1 + n passes, batched as the pair network's are), in ms. Those descriptors are
 * then reused by every other query, where the pair network must run again.
 */
export async function deepDescWindowMs(w: ConvNetWeights, from: RgbImage, x: number, y: number, to: RgbImage, win: Window, signal?: AbortSignalLike): Promise<number> {
  const P = DEEPDESC_PATCH;
  let ms = 0;
  const run = async (patches: Float32Array, m: number) => {
    const t0 = tf.util.now();
    const out = tf.tidy(() => forwardConv(DEEPDESC_SPEC, constTensors(DEEPDESC_SPEC, w), tf.tensor4d(patches, [m, P, P, 1])));
    await out.data();
    out.dispose();
    ms += tf.util.now() - t0;
  };
  const a = new Float32Array(P * P);
  copyPatch(grey(from), x, y, P, a, 0);
  await run(a, 1);
  await forEachChunk(grey(to), win, P, signal, (patches, m) => run(patches, m));
  return ms;
}

const loadedNets = new Map<string, { from: NamedWeights; weights: ConvNetWeights }>();

/** The weights of a shipped patch network (`2ch` or `deepdesc`), through the model-file seam, decoded once per read. */
export async function loadPatchNet(dir: typeof TWO_CHANNEL_DIR | typeof DEEPDESC_DIR): Promise<ConvNetWeights> {
  const named = await loadModelWeights(dir);
  const hit = loadedNets.get(dir);
  if (hit?.from === named) return hit.weights;
  const weights = convNetFromNamed(dir === TWO_CHANNEL_DIR ? TWO_CHANNEL_SPEC : DEEPDESC_SPEC, named);
  loadedNets.set(dir, { from: named, weights });
  return weights;
}
