/**
 * Pure builders that turn engine results into what the canvas draws: flat arrays, no Konva, no React.
 * Everything here is in original-image pixels; the stage applies the pane transforms when drawing.
 */
import type { MatchSet } from '../../engine/match/matchPair';
import { toOriginal } from '../../engine/core/workingSize';
import { goodness, type ScoreRange } from '../../engine/match/heatmap';

export interface MatchSegments {
  /** (N × 4) float32: x0, y0 (source) and x1, y1 (target) in original pixels, best match first. */
  coords: Float32Array;
  /** (N) uint8: colour-map index 0…255 (255 = best). */
  color: Uint8Array;
  /** Index of each segment in the MatchSet. */
  matchIndex: Uint32Array;
  range: ScoreRange;
}

/** What the Matches view hides without recomputing: non-mutual matches, and scores past a limit. */
export interface MatchFilter {
  mutualOnly?: boolean;
  /** Keep scores ≥ this (metrics where higher is better) or ≤ this (distances); null or absent = all. */
  scoreLimit?: number | null;
}

function passes(m: MatchSet, i: number, higherIsBetter: boolean, f: MatchFilter): boolean {
  if (f.mutualOnly && m.mutual[i] !== 1) return false;
  if (f.scoreLimit !== undefined && f.scoreLimit !== null) return higherIsBetter ? m.score[i] >= f.scoreLimit : m.score[i] <= f.scoreLimit;
  return true;
}

/**
 * The `limit` best matches as segments. Scales are working/original per axis for each image.
 * Sorting is by score, best first, so the slider always keeps the most confident lines.
 */
export function buildMatchSegments(
  m: MatchSet,
  limit: number,
  higherIsBetter: boolean,
  scaleSource: { sx: number; sy: number },
  scaleTarget: { sx: number; sy: number },
  filter: MatchFilter = {},
): MatchSegments {
  // Filters first, then the best `limit` of what is left; the colour range stays that of all matches.
  const kept = Array.from(m.score.keys()).filter((i) => passes(m, i, higherIsBetter, filter));
  const order = kept.sort((a, b) => (higherIsBetter ? m.score[b] - m.score[a] : m.score[a] - m.score[b]));
  const n = Math.max(0, Math.min(limit, order.length));
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of m.score) {
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  const range = { lo: Number.isFinite(lo) ? lo : 0, hi: Number.isFinite(hi) ? hi : 1, higherIsBetter };
  const coords = new Float32Array(n * 4);
  const color = new Uint8Array(n);
  const matchIndex = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    coords[k * 4] = toOriginal(m.x0[i], scaleSource.sx);
    coords[k * 4 + 1] = toOriginal(m.y0[i], scaleSource.sy);
    coords[k * 4 + 2] = toOriginal(m.x1[i], scaleTarget.sx);
    coords[k * 4 + 3] = toOriginal(m.y1[i], scaleTarget.sy);
    color[k] = Math.round(goodness(m.score[i], range) * 255);
    matchIndex[k] = i;
  }
  return { coords, color, matchIndex, range };
}

/**
 * Groups segment indices by colour bucket (16 buckets) so the canvas sets strokeStyle 16 times, not
 * once per line: thousands of lines stay one path per bucket.
 */
export function bucketSegments(color: Uint8Array, buckets = 16): Uint32Array[] {
  const lists: number[][] = Array.from({ length: buckets }, () => []);
  for (let i = 0; i < color.length; i++) lists[Math.min(buckets - 1, Math.floor((color[i] * buckets) / 256))].push(i);
  return lists.map((l) => Uint32Array.from(l));
}

/** Match-line classes when colouring by ground truth: unknown (no truth there), wrong, correct. */
export const CORRECTNESS_STYLES = ['#9e9e9e', '#ff5252', '#4cdf50'] as const;

/**
 * Classifies segments (original pixels, as buildMatchSegments gives them) against ground truth: 2 when
 * the end-point error ‖(x1, y1) − truth(x0, y0)‖ ≤ threshold, 1 when larger, 0 when the truth is unknown
 * there or lies outside the target (the points the metrics leave out). Returns the three index lists.
 */
export function correctnessBuckets(
  coords: Float32Array,
  truth: (x: number, y: number) => [number, number] | null,
  targetW: number,
  targetH: number,
  threshold: number,
): Uint32Array[] {
  const lists: number[][] = [[], [], []];
  for (let k = 0; k < coords.length / 4; k++) {
    const t = truth(coords[k * 4], coords[k * 4 + 1]);
    if (!t || !(t[0] >= -0.5 && t[1] >= -0.5 && t[0] < targetW - 0.5 && t[1] < targetH - 0.5)) lists[0].push(k);
    else lists[Math.hypot(coords[k * 4 + 2] - t[0], coords[k * 4 + 3] - t[1]) <= threshold ? 2 : 1].push(k);
  }
  return lists.map((l) => Uint32Array.from(l));
}
