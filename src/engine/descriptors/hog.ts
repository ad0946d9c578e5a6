/**
 * Histograms of oriented gradients (HOG), as a dense local descriptor.
 * Reference: N. Dalal and B. Triggs, "Histograms of oriented gradients for human detection", CVPR 2005.
 *
 * Around every pixel, one HOG block: c×c cells of s×s pixels (defaults c = 2, s = 8: the 16×16 block of
 * the paper's final detector), each cell a histogram of n unsigned gradient orientations over 0–180°
 * (default 9) weighted by gradient magnitude; the block is L2-Hys normalised (L2 normalise, clip at 0.2,
 * renormalise), so it has unit length and is compared by cosine similarity. D = c²·n (36 by default).
 * 2×2 cells rather than 3×3 keep the support at 16 px, local enough for dense matching, where a 24-px block
 * would blur over depth edges; 3×3 is one parameter away.
 *
 * The defaults reproduce scikit-image 0.19's `feature.hog(..., block_norm='L2-Hys')` on the blocks it
 * computes (golden fixture): gradients are the unscaled central differences I(x+1) − I(x−1), set to 0
 * across the image's outer rows and columns; each vote goes wholly to the bin [180°·i/n, 180°·(i+1)/n) that
 * holds its orientation; a cell's histogram is the mean of its votes.
 * // Ref: scikit-image skimage/feature/_hog.py and _hoghistogram.pyx (read, not copied).
 *
 * Layout: element (i·c + j)·n + o is bin o of cell (row i, column j). With B = c·s, cell (i, j) of the block
 * of pixel (x, y) covers rows y − ⌊B/2⌋ + i·s … + s − 1 and the same columns shifted by x; so for the
 * defaults, scikit-image's block (r, q) is the block of pixel (8q + 8, 8r + 8).
 */
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { toGray } from '../tf/padding';
import { centralGradients } from '../tf/filters';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';

export interface HogParams extends Record<string, number> {
  cellSize: number;
  cellsPerBlock: number;
  orientations: number;
}

/** Dalal and Triggs' clipping threshold for L2-Hys, and scikit-image's ε in the norms. */
const CLIP = 0.2;
const EPS = 1e-5;

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'cellSize', label: 'Cell size s', help: 'Side of a cell in pixels.', min: 2, max: 16 },
  { kind: 'int', name: 'cellsPerBlock', label: 'Cells per block c', help: 'The block is c×c cells. D = c²·bins.', min: 1, max: 4 },
  { kind: 'int', name: 'orientations', label: 'Orientation bins', help: 'Unsigned orientation bins over 0–180°.', min: 2, max: 18 },
];
const defaults: HogParams = { cellSize: 8, cellsPerBlock: 2, orientations: 9 };
const MAX_BLOCK = 48;

/**
 * Gradients as scikit-image computes them: I(x+1) − I(x−1) (not halved), and 0 across the outer rows and
 * columns of the image. In (H, W, 1) → two (H, W, 1) maps, y pointing down the rows.
 */
function skimageGradients(gray: Tensor3D): { gx: Tensor3D; gy: Tensor3D } {
  const [h, w] = gray.shape;
  // centralGradients halves the difference; the masks double it back, and zero the border lines.
  const edgeMask = (n: number) => Float32Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? 0 : 2));
  return tf.tidy(() => {
    const { gx, gy } = centralGradients(gray);
    return {
      gx: tf.mul(gx, tf.tensor3d(edgeMask(w), [1, w, 1])) as Tensor3D,
      gy: tf.mul(gy, tf.tensor3d(edgeMask(h), [h, 1, 1])) as Tensor3D,
    };
  });
}

/**
 * Each pixel's vote: its gradient magnitude in the channel of its orientation bin, 0 elsewhere.
 * In two (H, W, 1) gradient maps → (H, W, n).
 */
function orientationVotes(gx: Tensor3D, gy: Tensor3D, n: number): Tensor3D {
  const [h, w] = gx.shape;
  return tf.tidy(() => {
    const magnitude = tf.sqrt(tf.add(tf.square(gx), tf.square(gy)));
    // Fold (gx, gy) into the upper half-plane so atan2 lands in [0, π) and a horizontal gradient pointing
    // left gives exactly 0 (scikit-image: 180° mod 180 = 0), not a float that rounds into the last bin.
    const flip = tf.logicalOr(tf.less(gy, 0), tf.logicalAnd(tf.equal(gy, 0), tf.less(gx, 0)));
    const sign = tf.sub(1, tf.mul(2, tf.cast(flip, 'float32')));
    const theta = tf.atan2(tf.mul(gy, sign), tf.mul(gx, sign));
    const bin = tf.cast(tf.minimum(tf.floor(tf.mul(theta, n / Math.PI)), n - 1), 'int32');
    // oneHot in int32 then cast: 3× faster on wasm than comparing against a broadcast range, and wasm's
    // oneHot with dtype float32 writes integer bit patterns.
    const oneHot = tf.cast(tf.oneHot(tf.reshape(bin, [h * w]), n), 'float32');
    return tf.mul(tf.reshape(oneHot, [h, w, n]), magnitude) as Tensor3D;
  });
}

/**
 * The block of every pixel, unnormalised: (H, W, n) votes → (H, W, c²·n). Votes outside the image are 0.
 * Cell means are two separable box passes (depthwise); the c×c cells of a block are gathered by one conv
 * dilated by the cell size, with a one-hot kernel.
 */
function blockHistograms(votes: Tensor3D, s: number, c: number): Tensor3D {
  const n = votes.shape[2];
  const before = Math.floor((s * c) / 2);
  const after = s * c - 1 - before;
  return tf.tidy(() => {
    const box = (kh: number, kw: number) => tf.fill([kh, kw, n, 1], 1 / s) as Tensor4D;
    let x = tf.expandDims(votes, 0) as Tensor4D;
    x = tf.depthwiseConv2d(x, box(1, s), 1, [[0, 0], [before, after], [before, after], [0, 0]]);
    x = tf.depthwiseConv2d(x, box(s, 1), 1, 'valid');
    const m = c * c * n;
    const w = new Float32Array(m * m);
    // Kernel [i, j, o, out]: output (i·c + j)·n + o reads channel o at tap (i, j); input index = output index.
    for (let o = 0; o < m; o++) w[o * m + o] = 1;
    const cells = tf.conv2d(x, tf.tensor4d(w, [c, c, n, m]), 1, 'valid', 'NHWC', s);
    return tf.squeeze(cells, [0]) as Tensor3D;
  });
}

/** L2-Hys along the last axis: v/√(‖v‖² + ε²), clipped at 0.2, renormalised the same way. */
function l2Hys(v: Tensor3D): Tensor3D {
  return tf.tidy(() => {
    const normalise = (x: tf.Tensor) => tf.mul(x, tf.rsqrt(tf.add(tf.sum(tf.square(x), 2, true), EPS * EPS)));
    return normalise(tf.clipByValue(normalise(v), 0, CLIP)) as Tensor3D;
  });
}

/**
 * Dense HOG blocks. In: (H, W, 3) float32 RGB in [0, 1]. Out: (H, W, c²·n) float32, unit length after
 * L2-Hys (the zero vector where the block has no gradient at all).
 */
export function denseHog(image: Tensor3D, p: HogParams): Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) throw new Error(`denseHog: expected (H, W, 3), got (${image.shape})`);
  return tf.tidy(() => {
    const { gx, gy } = skimageGradients(toGray(image));
    const votes = orientationVotes(gx, gy, p.orientations);
    return l2Hys(blockHistograms(votes, p.cellSize, p.cellsPerBlock));
  });
}

export const hog: Descriptor<HogParams> = {
  id: 'hog',
  label: 'HOG block (dense)',
  family: 'hand-crafted',
  citation: 'N. Dalal and B. Triggs, "Histograms of oriented gradients for human detection", CVPR 2005.',
  summary: 'One L2-Hys-normalised HOG block of c×c cells centred on every pixel: gradient-magnitude histograms over unsigned orientations, compared by cosine similarity.',
  deviations: [
    'Dense: one block centred on every pixel (rows y − ⌊B/2⌋ … y − ⌊B/2⌋ + B − 1 for a block of B = c·s pixels) and used as a local descriptor, instead of a detection window tiled by blocks on a cell-size stride and concatenated for a linear SVM.',
    'Each vote goes wholly to the orientation bin that holds it (as scikit-image does); the paper interpolates votes trilinearly between neighbouring orientation bins and cells.',
    'No Gaussian spatial weighting of the block (the paper uses σ = 0.5 × block width).',
    'Gradients of the BT.601 grey level (0.299R + 0.587G + 0.114B); the paper takes, per pixel, the colour channel with the largest gradient.',
    'No optional square-root gamma compression of the input.',
    'Across the image\'s outer rows and columns the perpendicular gradient is 0 (as in scikit-image), and pixels outside the image cast no votes.',
    'Cell histograms are means (sums / s²), as in scikit-image; with ε = 1e-5 in both L2-Hys norms this matters only in near-flat blocks, and a block with no gradient gives the zero vector rather than a unit one.',
  ],
  invariances: ['translation', 'illumination'],
  metric: 'cosine',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) =>
    validateAgainstSpec('hog', specs, defaults, raw, (p) =>
      p.cellSize * p.cellsPerBlock > MAX_BLOCK ? `the block (cellSize × cellsPerBlock = ${p.cellSize * p.cellsPerBlock} px) must be at most ${MAX_BLOCK} px` : undefined,
    ),
  dim: (p) => p.cellsPerBlock * p.cellsPerBlock * p.orientations,
  radius: (p) => Math.ceil((p.cellSize * p.cellsPerBlock) / 2),
  pattern: (p) => {
    // Cell (i, j) covers rows y − ⌊B/2⌋ + i·s … + s − 1 (B = c·s): its centre is at −⌊B/2⌋ + i·s + (s − 1)/2.
    const b = p.cellSize * p.cellsPerBlock;
    const at = (i: number) => -Math.floor(b / 2) + i * p.cellSize + (p.cellSize - 1) / 2;
    const cells = Array.from({ length: p.cellsPerBlock ** 2 }, (_, k) => ({ x: at(k % p.cellsPerBlock), y: at(Math.floor(k / p.cellsPerBlock)), size: p.cellSize }));
    return { cells, caption: `${cells.length} cells of ${p.cellSize}×${p.cellSize} px, each a ${p.orientations}-bin histogram of unsigned gradient orientation; one L2-Hys block.` };
  },
  describe: (image, p) => denseHog(image, p),
};
