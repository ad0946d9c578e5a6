/**
 * The affine spatial transformer's grid generator.
 * Reference: M. Jaderberg, K. Simonyan, A. Zisserman and K. Kavukcuoglu, "Spatial Transformer Networks",
 * NIPS 2015, §3.2 (eq. 1): a regular grid G of target points (x_t, y_t) in normalised coordinates, −1…1
 * across the output, is mapped to source points (x_s, y_s) = A_θ · (x_t, y_t, 1)ᵀ with the 2×3 matrix θ.
 *
 * Conventions (as PyTorch's affine_grid with align_corners = true): −1 and +1 are the centres of the first
 * and last pixel along each axis; x points right, y points DOWN (image rows), so a positive rotation turns
 * clockwise on screen.
 */

/** θ row-major: [θ11, θ12, θ13, θ21, θ22, θ23]. */
export type Theta = readonly [number, number, number, number, number, number];

export const IDENTITY_THETA: Theta = [1, 0, 0, 0, 1, 0];

/** The parts a user turns: the lecture's attention model (s, t_x, t_y) plus rotation and shear. */
export interface AffineParts {
  /** Isotropic scale s (> 0): s < 1 zooms in (the grid covers less of the source). */
  scale: number;
  /** Rotation in degrees, clockwise on screen (y down). */
  rotation: number;
  /** Horizontal shear k: x gains k·y before rotation. */
  shear: number;
  /** Translation in normalised units (1 = half the image). */
  tx: number;
  ty: number;
}

/**
 * θ = [R(φ) · Sh(k) · s | t]: scale first, then shear, then rotation, then translation, with
 * R(φ) = [[cos φ, −sin φ], [sin φ, cos φ]] and Sh(k) = [[1, k], [0, 1]]. With rotation = shear = 0 it is the
 * lecture's [[s, 0, t_x], [0, s, t_y]].
 */
export function composeTheta(p: AffineParts): Theta {
  for (const [k, v] of Object.entries(p)) if (!Number.isFinite(v)) throw new RangeError(`composeTheta: ${k} must be finite, got ${v}`);
  if (!(p.scale > 0)) throw new RangeError(`composeTheta: scale must be > 0, got ${p.scale}`);
  const phi = (p.rotation * Math.PI) / 180;
  const c = Math.cos(phi);
  const s = Math.sin(phi);
  // R · Sh = [[c, c·k − s], [s, s·k + c]], then times the scale.
  return [c * p.scale, (c * p.shear - s) * p.scale, p.tx, s * p.scale, (s * p.shear + c) * p.scale, p.ty];
}

/** (x_s, y_s) = A_θ (x_t, y_t, 1)ᵀ. */
export function applyTheta(t: Theta, x: number, y: number): [number, number] {
  return [t[0] * x + t[1] * y + t[2], t[3] * x + t[4] * y + t[5]];
}

/** Normalised coordinate of sample i of n along an axis: −1 + 2i/(n − 1); 0 when n = 1. */
export function gridCoordinate(i: number, n: number): number {
  return n === 1 ? 0 : -1 + (2 * i) / (n - 1);
}

/** Checks an output grid size: integers ≥ 1. */
export function assertGridSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`grid size must be positive integers, got ${width}×${height}`);
  }
}

/**
 * The sampling grid T_θ(G) of a `width`×`height` output. Out: Float32Array (height, width, 2), row-major,
 * entry (j, i) = source (x_s, y_s) of target point (x_t, y_t) = (gridCoordinate(i, width), gridCoordinate(j,
 * height)), normalised. θ = identity gives the regular grid itself.
 */
export function affineGrid(t: Theta, width: number, height: number): Float32Array {
  assertGridSize(width, height);
  const out = new Float32Array(width * height * 2);
  for (let j = 0; j < height; j++) {
    const y = gridCoordinate(j, height);
    for (let i = 0; i < width; i++) {
      const [xs, ys] = applyTheta(t, gridCoordinate(i, width), y);
      out[(j * width + i) * 2] = xs;
      out[(j * width + i) * 2 + 1] = ys;
    }
  }
  return out;
}
