/**
 * Locally adaptive regression kernels (LARK).
 * References: H. Takeda, S. Farsiu and P. Milanfar, "Kernel regression for image processing and
 * reconstruction", IEEE TIP 2007 (the steering kernel); H. J. Seo and P. Milanfar, "Training-free, generic
 * object detection using locally adaptive regression kernels", IEEE PAMI 2010, and "Face verification using
 * the LARK representation", IEEE TIFS 2011 (the kernels as a descriptor).
 *
 * The image is divided by its standard deviation. At every pixel l a local gradient covariance is estimated
 * from the gradients g = (∂x, ∂y) in a disc of radius r = (P − 1)/2: the singular values s₁ ≥ s₂ and right
 * singular vectors v₁, v₂ of the matrix of gradients G (one row per disc pixel) give
 *   C_l = γ_l (σ_l v₁v₁ᵀ + σ_l⁻¹ v₂v₂ᵀ),  σ_l = (s₁ + λ′)/(s₂ + λ′),  γ_l = ((s₁s₂ + λ″)/M)^α,
 * with λ′ = 1, λ″ = 10⁻⁷ and M the number of disc pixels. The descriptor of pixel x is the P×P window of
 *   K(x_l − x) = √det(C_l) · exp(−(x_l − x)ᵀ C_l (x_l − x) / (2h²)),
 * the kernel elongated along edges and shrunk across them, normalised. Since det(C_l) = γ_l², √det C_l = γ_l.
 * (v₁, s₁) come from GᵀG = Σ g gᵀ in closed form (2×2 symmetric eigenproblem), which is exactly the SVD of G.
 *
 * Layout: element dy·P + dx is the kernel at the neighbour (x + dx − r, y + dy − r); the vector has unit L2
 * norm and descriptors are compared by cosine similarity (the papers use "matrix cosine similarity",
 * which is the same cosine on the vectorised kernels).
 */
import { tf, type Tensor3D } from '../tf';
import { toGray, windowConv } from '../tf/padding';
import { centralGradients } from '../tf/filters';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';

export interface LarkParams extends Record<string, number | boolean> {
  /** Side P of the window of kernel values (and of the disc the covariance is estimated in). */
  window: number;
  /** Global smoothing h of exp(−ΔxᵀCΔx / 2h²). */
  h: number;
  /** Structure sensitivity α of γ = ((s₁s₂ + λ″)/M)^α. */
  alpha: number;
  /** Weight each kernel value by √det C_l (the paper's equation); off matches the authors' released code. */
  detWeight: boolean;
}

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'window', label: 'Window P', help: 'Side of the kernel window (odd); the covariance is estimated in the disc inscribed in it. D = P².', min: 3, max: 9, odd: true },
  { kind: 'number', name: 'h', label: 'Smoothing h', help: 'Kernel footprint: exp(−ΔxᵀCΔx / 2h²). h = 1 is the released code\'s h = 2 in exp(−ΔxᵀCΔx / h).', min: 0.2, max: 5, step: 0.1 },
  { kind: 'number', name: 'alpha', label: 'Sensitivity α', help: 'γ = ((s₁s₂ + λ″)/M)^α scales the kernel with local structure; 0 ignores it.', min: 0, max: 1, step: 0.01 },
  { kind: 'bool', name: 'detWeight', label: '√det C weighting', help: 'Multiply each kernel value by √det C_l as in the paper\'s equation; off reproduces the authors\' released code, which omits it.' },
];
const defaults: LarkParams = { window: 5, h: 1, alpha: 0.13, detWeight: true };

/** λ′ regularises the elongation, λ″ keeps γ > 0 in flat regions (values of the papers and their code). */
const LAMBDA1 = 1;
const LAMBDA2 = 1e-7;

/** The binary disc of radius r (distance ≤ r) in a (2r+1)² window, row-major. */
export function larkDisc(r: number): Float32Array {
  const k = 2 * r + 1;
  return Float32Array.from({ length: k * k }, (_, i) => (Math.hypot((i % k) - r, Math.floor(i / k) - r) <= r ? 1 : 0));
}

/**
 * Per-pixel steering covariance C = [[c11, c12], [c12, c22]] and log √det C = log γ, from the grey image
 * divided by its standard deviation: (H, W, 4) channels c11, c12, c22, log γ.
 */
export function larkCovariance(image: Tensor3D, window: number, alpha: number): Tensor3D {
  const r = (window - 1) / 2;
  const disc = larkDisc(r);
  const m = disc.reduce((a, b) => a + b, 0);
  return tf.tidy(() => {
    const grey = toGray(image);
    const n = grey.size;
    const { variance } = tf.moments(grey);
    // Sample standard deviation (n − 1), as MATLAB's std; a flat image keeps its scale (all gradients are 0).
    const std = tf.sqrt(tf.mul(variance, n / Math.max(1, n - 1)));
    const g = tf.div(grey, tf.where(tf.greater(std, 0), std, tf.onesLike(std)));
    const { gx, gy } = centralGradients(g as Tensor3D);
    const products = tf.concat([tf.square(gx), tf.mul(gx, gy), tf.square(gy)], 2) as Tensor3D;
    // Sums over the disc: one conv whose kernel is the disc on the diagonal (channel c → c).
    const w = new Float32Array(window * window * 9);
    for (let i = 0; i < window * window; i++) for (let c = 0; c < 3; c++) w[i * 9 + c * 3 + c] = disc[i];
    const sums = windowConv(products, window, tf.tensor4d(w, [window, window, 3, 3]));
    const [a, b, c] = tf.split(sums, 3, 2);
    const half = tf.div(tf.sub(a, c), 2);
    const d = tf.sqrt(tf.add(tf.square(half), tf.square(b)));
    const mean = tf.div(tf.add(a, c), 2);
    const s1 = tf.sqrt(tf.add(mean, d));
    const s2 = tf.sqrt(tf.relu(tf.sub(mean, d)));
    // v₁ = (cos θ, sin θ) with 2θ = atan2(2b, a − c); where d = 0 every direction is an eigenvector.
    const flat = tf.lessEqual(d, 0);
    const safeD = tf.where(flat, tf.onesLike(d), d);
    const cos2 = tf.where(flat, tf.onesLike(d), tf.div(half, safeD));
    const sin2 = tf.where(flat, tf.zerosLike(d), tf.div(b, safeD));
    const cc = tf.div(tf.add(1, cos2), 2);
    const ss = tf.div(tf.sub(1, cos2), 2);
    const cs = tf.div(sin2, 2);
    const sigma = tf.div(tf.add(s1, LAMBDA1), tf.add(s2, LAMBDA1));
    const inv = tf.reciprocal(sigma);
    const logGamma = tf.mul(tf.log(tf.div(tf.add(tf.mul(s1, s2), LAMBDA2), m)), alpha);
    const gamma = tf.exp(logGamma);
    const c11 = tf.mul(gamma, tf.add(tf.mul(sigma, cc), tf.mul(inv, ss)));
    const c22 = tf.mul(gamma, tf.add(tf.mul(sigma, ss), tf.mul(inv, cc)));
    const c12 = tf.mul(gamma, tf.mul(tf.sub(sigma, inv), cs));
    return tf.concat([c11, c12, c22, logGamma], 2) as Tensor3D;
  });
}

export const lark: Descriptor<LarkParams> = {
  id: 'lark',
  label: 'LARK (adaptive regression kernels)',
  family: 'hand-crafted',
  citation: 'H. J. Seo and P. Milanfar, "Training-free, generic object detection using locally adaptive regression kernels", IEEE PAMI 2010; H. Takeda, S. Farsiu and P. Milanfar, "Kernel regression for image processing and reconstruction", IEEE TIP 2007.',
  summary: 'At each pixel, a P×P window of steering-kernel weights: each neighbour\'s gradient covariance stretches the kernel along local edges, so the vector encodes local geometry rather than intensities.',
  deviations: [
    'Gradients are central differences with the edge pixel repeated at the border (MATLAB\'s gradient is one-sided there); windows crossing the border repeat the edge pixel (the released code mirrors).',
    'The covariance disc is binary (pixels within distance r); MATLAB\'s fspecial(\'disk\') weights the rim pixels by their partial coverage.',
    'Computed on the BT.601 grey level of the colour image, divided by the standard deviation of the whole image (the papers\' normalisation), so a descriptor depends on the image it is computed in.',
    'The vector is L2-normalised (for cosine matching) rather than divided by its sum; cosine similarity is the same either way.',
    'h is the paper\'s h in exp(−ΔxᵀCΔx / 2h²); the released code writes exp(−ΔxᵀCΔx / h) with h = 2, the same kernel as h = 1 here.',
  ],
  invariances: ['translation', 'illumination'],
  metric: 'cosine',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('lark', specs, defaults, raw),
  dim: (p) => p.window * p.window,
  radius: (p) => p.window - 1,
  pattern: (p) => {
    const r = (p.window - 1) / 2;
    const cells = Array.from({ length: p.window * p.window }, (_, i) => ({ x: (i % p.window) - r, y: Math.floor(i / p.window) - r, size: 1 }));
    return { cells, points: [{ x: 0, y: 0, r }], caption: `${p.window}×${p.window} kernel weights; each neighbour's covariance is estimated from the gradients in its own disc of radius ${r} (circle).` };
  },
  describe: (image, p) =>
    tf.tidy(() => {
      const k = p.window;
      const r = (k - 1) / 2;
      const cov = larkCovariance(image, k, p.alpha);
      // One conv gives every exponent: output o = (dy·k + dx) reads neighbour d = (dx − r, dy − r)'s
      // c11, c12, c22 and log γ, weighted −dx²/2h², −2dxdy/2h², −dy²/2h² and 1 (or 0 without √det C).
      const n = k * k;
      const w = new Float32Array(k * k * 4 * n);
      const s = 1 / (2 * p.h * p.h);
      for (let o = 0; o < n; o++) {
        const dx = (o % k) - r;
        const dy = Math.floor(o / k) - r;
        const at = (ch: number) => (o * 4 + ch) * n + o;
        w[at(0)] = -dx * dx * s;
        w[at(1)] = -2 * dx * dy * s;
        w[at(2)] = -dy * dy * s;
        w[at(3)] = p.detWeight ? 1 : 0;
      }
      const e = windowConv(cov, k, tf.tensor4d(w, [k, k, 4, n]));
      // Subtracting the largest exponent changes only the scale, which the normalisation removes.
      const kern = tf.exp(tf.sub(e, tf.max(e, 2, true)));
      // sqrt(Σ k²), not tf.norm: its pow kernels cost more than the rest of the descriptor on wasm.
      return tf.div(kern, tf.sqrt(tf.sum(tf.square(kern), 2, true))) as Tensor3D;
    }),
};
