/**
 * DAISY's normalisations, as in Tola's reference code (libdaisy normalize_partial / normalize_full /
 * normalize_sift_way), vectorised over every pixel.
 */
import { tf, type Tensor2D } from '../../tf';

export type DaisyNormalization = 'partial' | 'full' | 'sift' | 'none';

/** Norms below this are treated as zero: the vector is divided by it, so a zero vector stays zero. */
const TINY = 1e-10;
/** libdaisy's clipping threshold for 'sift' ("sift magical number") and its iteration cap. */
const SIFT_CLIP = 0.154;
const SIFT_ITERATIONS = 5;

/** Rows divided by their L2 norm (or by TINY when the norm is smaller). (N, K) → (N, K). */
function unitRows(x: Tensor2D): Tensor2D {
  // The squares are freed before the product so that at most two (N, K) buffers live at once; rsqrt on the
  // (N, 1) column and a broadcast product cost about half of a broadcast division on wasm.
  const inv = tf.tidy(() => tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), TINY * TINY)));
  const out = tf.mul(x, inv) as Tensor2D;
  inv.dispose();
  return out;
}

/**
 * Normalises descriptors given as histogram rows. In: (N·G, nBins) float32, N descriptors of G histograms,
 * rows of one descriptor consecutive. Out: (N, dim) float32 with dim = G·nBins, a new tensor (or, for 'none',
 * a reshape sharing `rows`' data); the caller still owns and disposes `rows`.
 *  - partial: each histogram to unit L2 norm (the paper's default);
 *  - full: the whole vector to unit norm;
 *  - sift: whole vector to unit norm, entries clipped at 0.154, repeated (libdaisy stops once nothing is
 *    clipped or after 5 rounds; running all 5 is the same, as a round that clips nothing changes nothing);
 *  - none: raw values.
 */
export function normaliseDescriptors(rows: Tensor2D, how: DaisyNormalization, dim: number): Tensor2D {
  if (rows.rank !== 2 || dim % rows.shape[1] !== 0 || (rows.shape[0] * rows.shape[1]) % dim !== 0) {
    throw new RangeError(`normaliseDescriptors: (${rows.shape}) rows do not make descriptors of ${dim}`);
  }
  if (how === 'partial') return tf.tidy(() => tf.reshape(unitRows(rows), [-1, dim]) as Tensor2D);
  const v = tf.reshape(rows, [-1, dim]) as Tensor2D;
  if (how === 'none') return v;
  if (how === 'full') return tf.tidy(() => unitRows(v));
  // Each round is its own tidy so that only the current vector survives it (rounds over a dense map are big).
  let x = v;
  for (let i = 0; i < SIFT_ITERATIONS; i++) {
    const prev = x;
    x = tf.tidy(() => {
      // libdaisy divides only when the norm exceeds 1e-5.
      const norm = tf.sqrt(tf.sum(tf.square(prev), 1, true));
      const scale = tf.div(1, tf.where(tf.greater(norm, 1e-5), norm, tf.onesLike(norm)));
      return tf.minimum(tf.mul(prev, scale), SIFT_CLIP) as Tensor2D;
    });
    if (prev !== v) prev.dispose();
  }
  if (x !== v) v.dispose();
  return x;
}
