/**
 * `matchscope eval` output: the JSON of the issue (exact shape), a readable table, and CSV. The summary
 * averages over pairs: PCK and mutual precision are the mean of the per-pair values where defined (each pair
 * weighs the same, as HPatches averages over sequences); mutual matches and seconds are sums. The corner
 * error of the RANSAC fit (homography pairs) is in the table and the CSV only: the issue's JSON shape is exact.
 */
import type { CornerFit } from '../../engine/eval/cornerError';
import type { PairResult } from './evalPair';

type Fractions = Record<string, number>;

export interface EvalSummary {
  pck: Fractions;
  mutual: { matches: number; precision: Fractions };
  seconds: number;
  /** Not in the JSON: for the table and CSV. */
  mma: number;
  /** Mean corner error over the pairs whose fit succeeded (NaN if none); fits / homography pairs. */
  corner: { mean: number; fits: number; pairs: number };
}

function meanDefined(values: number[]): number {
  const ok = values.filter((v) => Number.isFinite(v));
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
}

const meanOfKeys = (records: Fractions[]) => Object.fromEntries(Object.keys(records[0] ?? {}).map((k) => [k, meanDefined(records.map((r) => r[k]))]));

export function summarise(pairs: PairResult[], ids: string[]): Record<string, EvalSummary> {
  const out: Record<string, EvalSummary> = {};
  for (const id of ids) {
    const rs = pairs.map((p) => p.results[id]).filter((r) => r !== undefined);
    out[id] = {
      pck: meanOfKeys(rs.map((r) => r.pck)),
      mutual: { matches: rs.reduce((s, r) => s + r.mutual.matches, 0), precision: meanOfKeys(rs.map((r) => r.mutual.precision)) },
      seconds: rs.reduce((s, r) => s + r.seconds, 0),
      mma: meanDefined(rs.map((r) => r.mma)),
      corner: cornerSummary(rs.map((r) => r.corner)),
    };
  }
  return out;
}

function cornerSummary(fits: (CornerFit | null)[]): EvalSummary['corner'] {
  const tried = fits.filter((f) => f !== null);
  const ok = tried.filter((f) => f.ok);
  return { mean: meanDefined(ok.map((f) => f.error)), fits: ok.length, pairs: tried.length };
}

/** Exactly {pairs:[{name, results:{ID:{points, pck, pck_alpha, mutual, epe_median, seconds}}}], summary:{ID:{pck, mutual, seconds}}}. */
export function evalJson(pairs: PairResult[], summary: Record<string, EvalSummary>) {
  return {
    pairs: pairs.map((p) => ({
      name: p.name,
      results: Object.fromEntries(Object.entries(p.results).map(([id, r]) => [id, {
        points: r.points, pck: r.pck, pck_alpha: r.pck_alpha, mutual: r.mutual, epe_median: r.epe_median, seconds: r.seconds,
      }])),
    })),
    summary: Object.fromEntries(Object.entries(summary).map(([id, s]) => [id, { pck: s.pck, mutual: s.mutual, seconds: s.seconds }])),
  };
}

const pct = (v: number) => (Number.isFinite(v) ? (v * 100).toFixed(1) : '–');
const num = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
/** The corner error cell: px, "failed" (reason in the notes below the table) or "n/a" (no homography truth). */
const cornerCells = (c: CornerFit | null) => (c === null ? ['n/a', 'n/a'] : c.ok ? [c.error.toFixed(2), String(c.inliers)] : ['failed', '0']);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

/** The readable table: one row per pair and descriptor, then the summary. Fractions as percentages. */
export function evalTable(pairs: PairResult[], summary: Record<string, EvalSummary>, thresholds: readonly number[], alphas: readonly number[]): string {
  const head = ['pair', 'descriptor', 'points', ...thresholds.map((t) => `PCK@${t}`), ...alphas.map((a) => `PCK@${a}α`), 'mutual', ...thresholds.map((t) => `prec@${t}`), 'MMA', 'EPE med', 'corner px', 'inliers', 's'];
  const rows = [head];
  const notes: string[] = [];
  for (const p of pairs) {
    for (const [id, r] of Object.entries(p.results)) {
      rows.push([p.name, id, String(r.points), ...thresholds.map((t) => pct(r.pck[String(t)])), ...alphas.map((a) => pct(r.pck_alpha[String(a)])),
        String(r.mutual.matches), ...thresholds.map((t) => pct(r.mutual.precision[String(t)])), pct(r.mma), num(r.epe_median, 2), ...cornerCells(r.corner), num(r.seconds, 1)]);
      if (r.corner && !r.corner.ok) notes.push(`${p.name} ${id}: no corner error: ${r.corner.reason}`);
    }
  }
  const sumHead = ['summary', 'descriptor', 'pairs', ...thresholds.map((t) => `PCK@${t}`), 'mutual', ...thresholds.map((t) => `prec@${t}`), 'MMA', 'corner px', 'fits', 's'];
  const sumRows = [sumHead, ...Object.entries(summary).map(([id, s]) => ['mean', id, String(pairs.length), ...thresholds.map((t) => pct(s.pck[String(t)])),
    String(s.mutual.matches), ...thresholds.map((t) => pct(s.mutual.precision[String(t)])), pct(s.mma), num(s.corner.mean, 2), `${s.corner.fits}/${s.corner.pairs}`, num(s.seconds, 1)])];
  const legend = '(PCK, precision and MMA in %; PCK@aα: T = a·max(W, H) of the target image; corner px: mean distance of the 4 image corners '
    + 'under a RANSAC fit to the mutual matches and under the true H, in target pixels, n/a without a homography; summary: means over pairs, '
    + 'corner over the fits that succeeded)';
  return `${table(rows)}\n${notes.map((n) => `${n}\n`).join('')}\n${table(sumRows)}\n${legend}\n`;
}

/** corner_error (px), ransac_inliers, corner_note: empty note when the fit succeeded, the reason when not. */
function cornerCsv(c: CornerFit | null, quote: (s: string) => string): string[] {
  if (c === null) return ['', '', 'no homography ground truth'];
  return c.ok ? [String(c.error), String(c.inliers), ''] : ['', '0', quote(c.reason)];
}

/** CSV, one row per pair and descriptor; fractions in [0, 1]; undefined values empty. */
export function evalCsv(pairs: PairResult[], thresholds: readonly number[], alphas: readonly number[]): string {
  const v = (x: number) => (Number.isFinite(x) ? String(x) : '');
  const head = ['pair', 'descriptor', 'points', ...thresholds.map((t) => `pck@${t}`), ...alphas.map((a) => `pck_alpha@${a}`), 'mutual_matches', ...thresholds.map((t) => `mutual_precision@${t}`), 'mma', 'epe_median', 'corner_error', 'ransac_inliers', 'corner_note', 'seconds'];
  const lines = [head.join(',')];
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  for (const p of pairs) {
    for (const [id, r] of Object.entries(p.results)) {
      lines.push([quote(p.name), id, String(r.points), ...thresholds.map((t) => v(r.pck[String(t)])), ...alphas.map((a) => v(r.pck_alpha[String(a)])),
        String(r.mutual.matches), ...thresholds.map((t) => v(r.mutual.precision[String(t)])), v(r.mma), v(r.epe_median), ...cornerCsv(r.corner, quote), v(r.seconds)].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
