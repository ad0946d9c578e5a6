/**
 * UCN's correspondence contrastive loss and its negatives.
 * Reference: C. B. Choy, J. Gwak, S. Savarese, M. Chandraker, "Universal Correspondence Network", NIPS 2016,
 * §3.1 (eq. 1) and §3.2 (hard negative mining):
 *
 *   L = 1/(2N) Σᵢ sᵢ ‖f(xᵢ) − f′(x′ᵢ)‖² + (1 − sᵢ) max(0, m − ‖f(xᵢ) − f′(x′ᵢ⁻)‖)²
 *
 * over N pairs, sᵢ = 1 for a true correspondence and 0 for a negative. Features are unit vectors, so
 * distances lie in [0, 2]; m = 1 here (see UCN_MARGIN). RN: negatives are random cells of the other image
 * farther than a pixel margin from the true match. HN: the K nearest neighbours of f(xᵢ) in the other image's
 * current feature map, kept when they lie farther than that margin from x′ᵢ (mined on the fly each step).
 */
import { tf, type Tensor2D } from '../../tf';

/** Feature-space margin m of the loss (unit-length features). */
export const UCN_MARGIN = 1;
/** Nearest neighbours mined per anchor (K of the paper's K-NN search). */
export const UCN_HARD_K = 3;

/**
 * The loss. In: fa, fb (N, D) float32; s (N) of 1 (positive) and 0 (negative); margin m > 0. Out: scalar.
 * ε inside the root keeps the gradient finite for identical vectors.
 */
export function correspondenceContrastiveLoss(fa: Tensor2D, fb: Tensor2D, s: tf.Tensor1D, margin = UCN_MARGIN): tf.Scalar {
  if (fa.rank !== 2 || fb.rank !== 2 || fa.shape[0] !== fb.shape[0] || fa.shape[1] !== fb.shape[1] || s.shape[0] !== fa.shape[0]) {
    throw new Error(`correspondenceContrastiveLoss: fa (${fa.shape}), fb (${fb.shape}), s (${s.shape}) disagree`);
  }
  return tf.tidy(() => {
    const d2 = tf.sum(tf.square(tf.sub(fa, fb)), 1);
    const hinge = tf.square(tf.relu(tf.sub(margin, tf.sqrt(tf.add(d2, 1e-12)))));
    const terms = tf.add(tf.mul(s, d2), tf.mul(tf.sub(1, s), hinge));
    return tf.div(tf.sum(terms), 2 * fa.shape[0]) as tf.Scalar;
  });
}

/** Cell centres on a stride-s map: cell (i, j) sits over pixel (s·j + s − 1, s·i + s − 1). */
export const cellCentre = (index: number, w: number, stride: number): [number, number] =>
  [stride * (index % w) + stride - 1, stride * Math.floor(index / w) + stride - 1];

/** One negative: anchor `anchor` (index into the positives) against cell `cell` of the other map. */
export interface Negative { anchor: number; cell: number }

/**
 * RN: `k` random cells per anchor whose centres lie farther than `marginPx` from the true match
 * (xs[i], ys[i], pixels in the other image). Cells of an (h, w) map at `stride`.
 */
export function randomNegatives(xs: ArrayLike<number>, ys: ArrayLike<number>, h: number, w: number, stride: number, marginPx: number, k: number, rnd: () => number): Negative[] {
  const out: Negative[] = [];
  for (let a = 0; a < xs.length; a++) {
    for (let n = 0, tries = 0; n < k && tries < 100; tries++) {
      const cell = Math.floor(rnd() * h * w);
      const [cx, cy] = cellCentre(cell, w, stride);
      if (Math.hypot(cx - xs[a], cy - ys[a]) > marginPx) { out.push({ anchor: a, cell }); n++; }
    }
  }
  return out;
}

/**
 * HN: the `k` nearest cells of the other map (h·w, D) to each anchor feature (N, D) — unit vectors, so the
 * largest dot product is the nearest — kept where the cell lies farther than `marginPx` from the true match.
 */
export async function hardNegatives(anchors: Tensor2D, other: Tensor2D, xs: ArrayLike<number>, ys: ArrayLike<number>, w: number, stride: number, marginPx: number, k: number): Promise<Negative[]> {
  const idx = tf.tidy(() => tf.topk(tf.matMul(anchors, other, false, true), k).indices);
  const cells = await idx.data();
  idx.dispose();
  const out: Negative[] = [];
  for (let a = 0; a < xs.length; a++) {
    for (let n = 0; n < k; n++) {
      const cell = cells[a * k + n];
      const [cx, cy] = cellCentre(cell, w, stride);
      if (Math.hypot(cx - xs[a], cy - ys[a]) > marginPx) out.push({ anchor: a, cell });
    }
  }
  return out;
}
