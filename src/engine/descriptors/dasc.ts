/**
 * Dense Adaptive Self-Correlation (DASC).
 * Reference: S. Kim, D. Min, B. Ham, S. Ryu, M. N. Do and K. Sohn, "DASC: Dense adaptive self-correlation
 * descriptor for multi-modal and multi-spectral correspondence", CVPR 2015; extended as "DASC: Robust dense
 * descriptor for multi-modal and multi-spectral correspondence estimation", IEEE TPAMI 39(9), 2017.
 *
 * For L pairs of points (p_l, q_l) drawn once inside a (2M + 1)² support window, element l of the
 * descriptor at pixel x compares the patch around s = x + p_l with the patch around t = x + q_l by an
 * adaptive (edge-aware) zero-mean normalised correlation, the weights ω_{s,s'} being the guided filter's
 * kernel (He et al., ECCV 2010) on the grey image, centred at s and used for both patches:
 *   G_s = Σ ω_{s,s'} f_{s'},  G_t = Σ ω_{s,s'} f_{t'}   (t' = s' + t − s)
 *   C = Σ ω_{s,s'} (f_{s'} − G_s)(f_{t'} − G_t) / √(Σ ω_{s,s'} (f_{s'} − G_s)² · Σ ω_{s,s'} (f_{t'} − G_t)²)
 *   d_l = exp(−(1 − |C|) / σ_c),  then D(x) = d / ‖d‖₂.
 * Every weighted sum is a guided filter output (the paper's efficient form, as in the authors' mexDASC_GF),
 * so the whole descriptor is box filters of products of shifted images. The image is padded once (edge
 * pixel repeated) by M + 2r and every filter after that is 'valid', so the tensors here and the loop-based
 * NumPy reference (scripts/oracles/dasc_reference.py) agree at every pixel, borders included.
 *
 * Layout: element l is pair l of dascSamplingPattern(L, M), unit L2 norm.
 */
import { tf, type Tensor3D } from '../tf';
import { toGray } from '../tf/padding';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';
import { mulberry32 } from '../core/random';
import { bandRowsFor, boxMeanValid, byRowBands, expNonPositive, joinChannelGroups, padForShifts, shiftBank, shiftedStack, type Offset } from './selfsim/stacks';

export interface DascParams extends Record<string, number | boolean> {
  pairs: number;
  radius: number;
  gfRadius: number;
  epsilon: number;
  sigma: number;
  signed: boolean;
}

/** Seed of the sampling pattern. Changing it changes every DASC vector (and the golden fixture). */
export const DASC_PATTERN_SEED = 20150607;
/** `pairs` is a multiple of this. */
const PAIR_STEP = 8;

/** Pairs computed together (the channel width of the intermediate tensors): 16 if it divides L, else 8. */
function groupSize(pairs: number): number {
  return pairs % 16 === 0 ? 16 : PAIR_STEP;
}

/**
 * τ in C = cov / √((var_s + τ)(var_t + τ)), intensity² on [0, 1]. It keeps flat patches finite (C ≈ 0;
 * weighted standard deviation ≪ √τ ≈ 0.8 grey levels) and scales C by ≈ 1/(1 + τ/var): 1 % at a standard
 * deviation of 8 grey levels, 0.1 % at 25. A smaller τ lets float32 round-off (~1e-7) decide C on the flat
 * patches that edge replication creates at image corners (measured on the fixture: 3.6e-3 off the float64
 * reference at τ = 1e-6, under 2e-4 at 1e-5).
 */
export const DASC_VARIANCE_FLOOR = 1e-5;

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'pairs', label: 'Pairs L', help: 'Number of patch pairs = descriptor length (multiple of 8). The paper uses 128.', min: 8, max: 256, step: 8 },
  { kind: 'int', name: 'radius', label: 'Window M', help: 'Half-width of the support window the pairs are drawn from: (2M+1)², 31×31 in the paper.', min: 2, max: 24 },
  { kind: 'int', name: 'gfRadius', label: 'Patch r', help: 'Guided-filter box radius: (2r+1)² windows, 5×5 in the paper; the kernel reaches 2r.', min: 1, max: 4 },
  { kind: 'number', name: 'epsilon', label: 'GF ε', help: 'Guided-filter regulariser on [0, 1] intensities: smaller = more edge-aware weights. 0.09 in the authors\' code.', min: 1e-4, max: 1, step: 0.001 },
  { kind: 'number', name: 'sigma', label: 'σ_c', help: 'Bandwidth of exp(−(1 − |C|)/σ_c). 0.5 in the authors\' code.', min: 0.05, max: 4, step: 0.05 },
  { kind: 'bool', name: 'signed', label: 'Signed C', help: 'Use C instead of |C| (the authors\' released code does; the paper takes |C|).' },
];
const defaults: DascParams = { pairs: 128, radius: 15, gfRadius: 2, epsilon: 0.09, sigma: 0.5, signed: false };

/** One pair: the two patch centres relative to the pixel. */
export interface DascPair {
  readonly p: Offset;
  readonly q: Offset;
}

/**
 * The fixed random sampling pattern: `count` pairs with both points uniform on the integer grid
 * [−radius, radius]², p ≠ q, from mulberry32(seed). Pure: the same arguments give the same pairs, and the
 * first n pairs of a longer pattern are the pattern of length n.
 */
export function dascSamplingPattern(count: number, radius: number, seed = DASC_PATTERN_SEED): DascPair[] {
  // Mulberry32; the NumPy reference reimplements it bit for bit.
  const next = mulberry32(seed);
  const coord = () => Math.floor(next() * (2 * radius + 1)) - radius;
  const pairs: DascPair[] = [];
  while (pairs.length < count) {
    const p = { dy: coord(), dx: coord() };
    const q = { dy: coord(), dx: coord() };
    if (p.dy !== q.dy || p.dx !== q.dx) pairs.push({ p, q });
  }
  return pairs;
}

/**
 * Guided-filter self moments of the guide, on the padded grey (Hp, Wp, 1), over the domain shrunk by 2r
 * on each side. Out: three (Hp − 4r, Wp − 4r, 1) maps: E_ω[I], Var_ω[I] = E_ω[I²] − E_ω[I]², and I.
 */
function selfMoments(i: Tensor3D, r: number, eps: number): Tensor3D[] {
  return tf.tidy(() => {
    const k = 2 * r + 1;
    const box = (x: Tensor3D) => boxMeanValid(x, k);
    const ii = tf.square(i);
    const mI = box(i);
    const inv = tf.reciprocal(tf.add(tf.sub(box(ii), tf.square(mI)), eps)) as Tensor3D;
    const ic = cropCentre(i, 2 * r);
    const filtered = (mP: Tensor3D, mIP: Tensor3D) => guidedOutput(mP, mIP, mI, inv, ic, k);
    const eI = filtered(mI, box(ii));
    const eII = filtered(box(ii), box(tf.mul(ii, i) as Tensor3D));
    return [eI, tf.sub(eII, tf.square(eI)) as Tensor3D, ic];
  });
}

/**
 * The guided filter's output (He et al., Eq. 8) from box means over k×k windows of the input P and of
 * guide·P: a = (mean(IP) − μ·mean(P)) / (σ² + ε), b = mean(P) − a·μ, q = mean(a)·I + mean(b), with `inv`
 * = 1/(σ² + ε). The box means live on the domain shrunk by r; q on the domain shrunk by 2r, where
 * `guide` is given.
 */
function guidedOutput(mP: Tensor3D, mIP: Tensor3D, mI: Tensor3D, inv: Tensor3D, guide: Tensor3D, k: number): Tensor3D {
  const a = tf.mul(tf.sub(mIP, tf.mul(mI, mP)), inv);
  const b = tf.sub(mP, tf.mul(a, mI));
  return tf.add(tf.mul(boxMeanValid(a as Tensor3D, k), guide), boxMeanValid(b as Tensor3D, k)) as Tensor3D;
}

function cropCentre(x: Tensor3D, m: number): Tensor3D {
  const [h, w, c] = x.shape;
  return tf.slice(x, [m, m, 0], [h - 2 * m, w - 2 * m, c]);
}

/**
 * d_l for one group of pairs over one band. u, v: the image around p_l and q_l on the band grown by 2r,
 * (h + 4r, w + 4r, g); eI, varI, ic: E_ω[I], Var_ω[I] and I at p_l, (h, w, g). Out: (h, w, g).
 */
function groupResponses(u: Tensor3D, v: Tensor3D, eI: Tensor3D, varI: Tensor3D, ic: Tensor3D, p: DascParams): Tensor3D {
  const k = 2 * p.gfRadius + 1;
  const box = (x: Tensor3D) => boxMeanValid(x, k);
  const uv = tf.mul(u, v) as Tensor3D;
  const mU = box(u);
  const inv = tf.reciprocal(tf.add(tf.sub(box(tf.square(u)), tf.square(mU)), p.epsilon)) as Tensor3D;
  // Weighted moments of v around p_l, the weights being the guided filter's with guide u.
  const filtered = (mP: Tensor3D, mUP: Tensor3D) => guidedOutput(mP, mUP, mU, inv, ic, k);
  const mUV = box(uv);
  const eV = filtered(box(v), mUV);
  const eVV = filtered(box(tf.square(v)), box(tf.mul(uv, v) as Tensor3D));
  const eUV = filtered(mUV, box(tf.mul(uv, u) as Tensor3D));
  const cov = tf.sub(eUV, tf.mul(eI, eV));
  const varV = tf.sub(eVV, tf.square(eV));
  // Regularised ZNCC: flat patches (variance ≪ τ) give C ≈ 0 instead of 0/0.
  const c = tf.mul(cov, tf.rsqrt(tf.mul(tf.add(varI, DASC_VARIANCE_FLOOR), tf.add(varV, DASC_VARIANCE_FLOOR))));
  const corr = p.signed ? tf.clipByValue(c, -1, 1) : tf.clipByValue(tf.abs(c), 0, 1);
  return expNonPositive(tf.mul(tf.sub(corr, 1), 1 / p.sigma) as Tensor3D);
}

function describeDasc(image: Tensor3D, p: DascParams): Tensor3D {
  const [h, w] = image.shape;
  const r = p.gfRadius;
  const halo = p.radius + 2 * r;
  const pattern = dascSamplingPattern(p.pairs, p.radius);
  const ps = pattern.map((x) => x.p);
  const qs = pattern.map((x) => x.q);
  return tf.tidy(() => {
    // Centring changes neither the guided-filter weights nor C, and shrinks the float32 round-off of
    // E[x²] − E[x]², which decides C on nearly flat patches.
    const grey = tf.sub(toGray(image), 0.5) as Tensor3D;
    const padded = padForShifts(grey, halo); // (h + 2·halo + 2, w + 2·halo + 1, 1)
    const moments = selfMoments(padded, r, p.epsilon); // E_ω[I], Var_ω[I], I on the image ± M (+ spares)
    const group = groupSize(p.pairs);
    const bandRows = bandRowsFor(w + 4 * r, group, 4 * r);
    return byRowBands(h, bandRows, (y0, rows) => {
      // u, v: the image around p_l and q_l on the band grown by 2r; moments at p_l on the band itself.
      const grown = { row: halo - 2 * r + y0, col: halo - 2 * r, height: rows + 4 * r, width: w + 4 * r };
      const at = { row: p.radius + y0, col: p.radius, height: rows, width: w };
      const imageBank = shiftBank(padded, [...ps, ...qs], grown);
      const momentBanks = moments.map((m) => shiftBank(m, ps, at));
      const groups: Tensor3D[] = [];
      for (let g0 = 0; g0 < pattern.length; g0 += group) {
        const [gp, gq] = [ps.slice(g0, g0 + group), qs.slice(g0, g0 + group)];
        groups.push(
          tf.tidy(() => {
            const u = shiftedStack(imageBank, gp, grown.row, grown.height);
            const v = shiftedStack(imageBank, gq, grown.row, grown.height);
            const [eI, varI, ic] = momentBanks.map((b) => shiftedStack(b, gp, at.row, at.height));
            return groupResponses(u, v, eI, varI, ic, p);
          }),
        );
      }
      const d = joinChannelGroups(groups);
      return tf.mul(d, tf.rsqrt(tf.sum(tf.square(d), 2, true))) as Tensor3D;
    });
  });
}

export const dasc: Descriptor<DascParams> = {
  id: 'dasc',
  label: 'DASC (adaptive self-correlation)',
  family: 'hand-crafted',
  citation:
    'S. Kim, D. Min, B. Ham, S. Ryu, M. N. Do and K. Sohn, "DASC: Dense adaptive self-correlation descriptor for multi-modal and multi-spectral correspondence", CVPR 2015 (extended in IEEE TPAMI 2017).',
  summary:
    'L edge-aware correlations between pairs of patches sampled in a 31×31 window around the pixel, each mapped by exp(−(1 − |C|)/σ) and L2-normalised: the layout of self-similarity, not the intensities, so it survives modality changes.',
  deviations: [
    'The sampling pattern is uniform random from a fixed seed (dascSamplingPattern); the paper learns it from Middlebury data (randomized receptive field pooling trained with an SVM).',
    'Computed on the BT.601 grey level in [0, 1], without the Gaussian pre-blur the authors\' demo applies.',
    'Weights are the exact guided filter (box radius r, ε) at full resolution; no fast-guided-filter subsampling and no recursive-filter variant.',
    'C is regularised, cov/√((var_s + 1e-5)(var_t + 1e-5)), so a flat patch gives C ≈ 0 (the authors\' code sets C = 1 when the denominator vanishes) and C shrinks by ≈ 1 % at a patch standard deviation of 8 grey levels; |C| is clipped to 1.',
    'The image is padded once by M + 2r with the edge pixel repeated; the authors\' code writes 0 where the support leaves the image.',
    'Default |C| as in the paper; the authors\' released code uses the signed C (param `signed`).',
  ],
  invariances: ['translation', 'illumination', 'modality'],
  metric: 'cosine',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) =>
    validateAgainstSpec('dasc', specs, defaults, raw, (p) => (p.pairs % PAIR_STEP !== 0 ? `pairs must be a multiple of ${PAIR_STEP}, got ${p.pairs}` : undefined)),
  dim: (p) => p.pairs,
  radius: (p) => p.radius + 2 * p.gfRadius,
  pattern: (p) => {
    const pairs = dascSamplingPattern(p.pairs, p.radius).map(({ p: a, q: b }) => ({ x1: a.dx, y1: a.dy, x2: b.dx, y2: b.dy }));
    return { pairs, caption: `${p.pairs} patch pairs, each one self-correlation (guided-filter weighted, ${2 * p.gfRadius + 1}×${2 * p.gfRadius + 1} windows) inside a ${2 * p.radius + 1}×${2 * p.radius + 1} support.` };
  },
  describe: describeDasc,
};
