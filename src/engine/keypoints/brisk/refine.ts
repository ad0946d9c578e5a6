/**
 * BRISK's sub-pixel and continuous-scale refinement (Leutenegger et al., ICCV 2011, §2.1, Fig. 1): a 2D
 * quadratic least-squares fit to the 3 × 3 scores of a layer, and a 1D parabola through the maxima of the
 * layer and its neighbours along the scale axis.
 */

export interface Peak2D { dx: number; dy: number; max: number }

/**
 * Maximum of the least-squares quadratic f = a + b·x + c·y + d·x² + e·y² + f·xy over the 3 × 3 patch `s`
 * (row-major, s[(dy + 1) · 3 + dx + 1]), restricted to [−1, 1]²: the stationary point when it is a maximum
 * inside the square, otherwise the better of the clamped border candidates (or a corner when f is not
 * concave), as the authors' code searches.
 */
export function subpixel2D(s: ArrayLike<number>): Peak2D {
  let sum = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (let j = -1; j <= 1; j++) {
    for (let i = -1; i <= 1; i++) {
      const v = s[(j + 1) * 3 + i + 1];
      sum += v; sx += i * v; sy += j * v; sxx += i * i * v; syy += j * j * v; sxy += i * j * v;
    }
  }
  // Orthogonal basis on {−1, 0, 1}²: x, y, xy, x² − 2/3, y² − 2/3, 1.
  const b = sx / 6, c = sy / 6, f = sxy / 4;
  const d = (sxx - (2 / 3) * sum) / 2, e = (syy - (2 / 3) * sum) / 2;
  const a = sum / 9 - (2 / 3) * (d + e);
  const at = (x: number, y: number) => a + b * x + c * y + d * x * x + e * y * y + f * x * y;
  const det = 4 * d * e - f * f;
  if (det === 0) return { dx: 0, dy: 0, max: a };
  if (!(det > 0 && d < 0)) {
    let best: Peak2D = { dx: 1, dy: 1, max: at(1, 1) };
    for (const [x, y] of [[-1, 1], [1, -1], [-1, -1]]) if (at(x, y) > best.max) best = { dx: x, dy: y, max: at(x, y) };
    return best;
  }
  const x0 = (f * c - 2 * e * b) / det;
  const y0 = (f * b - 2 * d * c) / det;
  if (Math.abs(x0) <= 1 && Math.abs(y0) <= 1) return { dx: x0, dy: y0, max: at(x0, y0) };
  const clamp = (v: number) => Math.max(-1, Math.min(1, v));
  const cands: [number, number][] = [];
  // On the edge x = ±1 the best y solves ∂f/∂y = 0; likewise on y = ±1.
  if (Math.abs(x0) > 1) { const x = Math.sign(x0); cands.push([x, clamp(-(c + f * x) / (2 * e))]); }
  if (Math.abs(y0) > 1) { const y = Math.sign(y0); cands.push([clamp(-(b + f * y) / (2 * d)), y]); }
  let best: Peak2D = { dx: cands[0][0], dy: cands[0][1], max: at(cands[0][0], cands[0][1]) };
  for (const [x, y] of cands.slice(1)) if (at(x, y) > best.max) best = { dx: x, dy: y, max: at(x, y) };
  return best;
}

/**
 * Parabola through (tBelow, below), (1, here), (tAbove, above) on the relative scale axis: its maximum
 * (scale clamped to [lo, tAbove]) and value. When it is not concave the best sample wins (`lo` standing
 * for the layer below).
 */
export function refine1D(below: number, here: number, above: number, tBelow: number, tAbove: number, lo = tBelow): { scale: number; max: number } {
  const t = [tBelow, 1, tAbove];
  const s = [below, here, above];
  // Lagrange form → a t² + b t + c.
  let a = 0, b = 0, c = 0;
  for (let k = 0; k < 3; k++) {
    const [p, q] = [t[(k + 1) % 3], t[(k + 2) % 3]];
    const w = s[k] / ((t[k] - p) * (t[k] - q));
    a += w; b -= w * (p + q); c += w * p * q;
  }
  if (a >= 0) {
    if (here >= below && here >= above) return { scale: 1, max: here };
    if (below >= here && below >= above) return { scale: lo, max: below };
    return { scale: tAbove, max: above };
  }
  const scale = Math.max(lo, Math.min(tAbove, -b / (2 * a)));
  return { scale, max: a * scale * scale + b * scale + c };
}
