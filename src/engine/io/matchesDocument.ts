/**
 * The matches file: what `matchscope match` writes and what the app's "Export matches" downloads.
 * One builder for both, so the two can never disagree. Coordinates are original-image pixels, 0-based,
 * pixel centres at integers.
 */
import type { MatchSet } from '../match/matchPair';
import type { ParamsOf } from '../descriptors/contract';
import { toOriginal } from '../core/workingSize';

export interface ImageRef {
  path: string;
  /** Original size, as the file is. */
  width: number;
  height: number;
  /** Size the descriptors were computed at (smaller when the image exceeded the working limit). */
  workingWidth: number;
  workingHeight: number;
}

export interface MatchesDocument {
  source: { path: string; width: number; height: number };
  target: { path: string; width: number; height: number };
  descriptor: { id: string; params: ParamsOf; dim: number };
  settings: {
    stride: number; targetStride: number; mutual: boolean; ratio: number | null; refine: boolean; metric: string;
    /** 'scanline' = rectified pairs: x_t = x_s − d on the same row, d in [dmin, dmax] (matchPair.ts). */
    search: 'global' | 'scanline'; dmin: number; dmax: number;
    /** Requested precision of the dense search, and the kernel that ran (null for scanline); absent in older files. */
    precision?: 'float32' | 'int16'; nnKernel?: string | null;
  };
  backend: string;
  timings_ms: Record<string, number>;
  matches: { x0: number; y0: number; x1: number; y1: number; score: number; mutual: boolean }[];
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function buildMatchesDocument(args: {
  source: ImageRef;
  target: ImageRef;
  descriptor: { id: string; params: ParamsOf; dim: number };
  settings: MatchesDocument['settings'];
  backend: string;
  timingsMs: Record<string, number>;
  matches: MatchSet;
}): MatchesDocument {
  const { source: s, target: t, matches: m } = args;
  const sx = s.workingWidth / s.width, sy = s.workingHeight / s.height;
  const tx = t.workingWidth / t.width, ty = t.workingHeight / t.height;
  const matches = Array.from(m.x0, (_, i) => ({
    x0: round3(toOriginal(m.x0[i], sx)),
    y0: round3(toOriginal(m.y0[i], sy)),
    x1: round3(toOriginal(m.x1[i], tx)),
    y1: round3(toOriginal(m.y1[i], ty)),
    score: round3(m.score[i]),
    mutual: m.mutual[i] === 1,
  }));
  const timings_ms = Object.fromEntries(Object.entries(args.timingsMs).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  return {
    source: { path: s.path, width: s.width, height: s.height },
    target: { path: t.path, width: t.width, height: t.height },
    descriptor: args.descriptor,
    settings: args.settings,
    backend: args.backend,
    timings_ms,
    matches,
  };
}

/** The same matches as CSV: a header, then one row per match (mutual as 1/0), original pixels. */
export function matchesCsv(doc: MatchesDocument): string {
  const rows = doc.matches.map((m) => `${m.x0},${m.y0},${m.x1},${m.y1},${m.score},${m.mutual ? 1 : 0}`);
  return ['x0,y0,x1,y1,score,mutual', ...rows].join('\n') + '\n';
}
