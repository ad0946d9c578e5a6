/**
 * DAISY's geometry, in plain numbers: where the Q·T + 1 histograms sit around a pixel, which Gaussian each
 * one reads, and the kernel sizes of the reference code.
 * Ref: E. Tola, V. Lepetit, P. Fua, "DAISY: An efficient dense descriptor applied to wide-baseline stereo",
 * IEEE TPAMI 32(5), 2010; the numbers follow Tola's reference code (libdaisy, kept in
 * OpenCV contrib as xfeatures2d/src/daisy.cpp: compute_cube_sigmas, compute_grid_points,
 * compute_oriented_grid_points).
 */

export interface DaisyGeometry {
  radius: number;
  rings: number;
  petals: number;
  /** Offset of the whole layout and of the orientation bins, degrees (image axes: x right, y down). */
  orientation: number;
}

/** One histogram of the flower: its offset from the centre pixel and the ring whose Gaussian it reads. */
export interface GridPoint {
  /** Which smoothed level it reads: i − 1 for ring i (Σ_i); the centre reads level 0 (Σ₁) like ring 1. */
  readonly level: number;
  readonly dx: number;
  readonly dy: number;
}

/**
 * Σ_i = R·i/(2Q), i = 1…Q: the Gaussian of ring i, which the centre shares with ring 1
 * (libdaisy compute_cube_sigmas: (r + 1)·R/Q/2 for r = 0…Q−1).
 */
export function ringSigmas(radius: number, rings: number): number[] {
  return Array.from({ length: rings }, (_, i) => (radius * (i + 1)) / (2 * rings));
}

/**
 * The grid in Tola's order: the centre, then ring by ring (radius R·i/Q) the T petals at angles
 * 2πj/T + orientation, petal j at (x, y) = (ρ·cos, ρ·sin). Offsets within 1e-9 of an integer are snapped
 * to it so that cos(π/2)·ρ ≈ 6e-16 does not turn a pixel lookup into an interpolation.
 */
export function daisyGrid(g: DaisyGeometry): GridPoint[] {
  const theta0 = (g.orientation * Math.PI) / 180;
  const points: GridPoint[] = [{ level: 0, dx: 0, dy: 0 }];
  for (let i = 1; i <= g.rings; i++) {
    const rho = (g.radius * i) / g.rings;
    for (let j = 0; j < g.petals; j++) {
      const t = (2 * Math.PI * j) / g.petals + theta0;
      points.push({ level: i - 1, dx: snap(rho * Math.cos(t)), dy: snap(rho * Math.sin(t)) });
    }
  }
  return points;
}

function snap(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-9 ? r : v;
}

/** Kernel radius libdaisy uses for a Gaussian of σ: filter_size(σ, 5) = int(5σ) made odd, at least 3. */
export function tolaKernelRadius(sigma: number): number {
  let size = Math.trunc(5 * sigma);
  if (size % 2 === 0) size++;
  return (Math.max(3, size) - 1) / 2;
}
