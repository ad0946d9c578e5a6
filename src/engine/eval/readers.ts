/**
 * Ground-truth readers beyond the homography text and PFM disparity (groundTruth.ts): Middlebury optical
 * flow (.flo) and sparse correspondences (.csv), and one entry point that picks the reader by file name.
 *
 * .flo: S. Baker, D. Scharstein, J. P. Lewis, S. Roth, M. J. Black, R. Szeliski, "A Database and
 * Evaluation Methodology for Optical Flow", IJCV 2011; format as written by the Middlebury `flowIO.cpp`:
 * float32 202021.25 ("PIEH" in ASCII), int32 width, int32 height, then height·width (u, v) float32 pairs,
 * row-major, top row first, all little-endian.
 */
import { GroundTruthError, parseHomography, parsePfm, type GroundTruth } from './groundTruth';

/** The .flo magic number; as little-endian bytes it spells "PIEH". */
export const FLO_MAGIC = 202021.25;
/** Largest flow field read, in pixels (the same order as the app's image limit). */
const MAX_FLOW_PIXELS = 100_000_000;

/** Parses a Middlebury .flo file (little-endian). Throws GroundTruthError with the reason. */
export function parseFlo(bytes: Uint8Array): GroundTruth {
  if (bytes.length < 12) throw new GroundTruthError(`a .flo file starts with a 12-byte header; this one has ${bytes.length} bytes`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = dv.getFloat32(0, true);
  if (magic !== FLO_MAGIC) {
    const big = dv.getFloat32(0, false) === FLO_MAGIC;
    throw new GroundTruthError(big
      ? 'this .flo file is big-endian; the Middlebury format is little-endian'
      : `not a .flo file: the magic number is ${magic}, expected ${FLO_MAGIC} ("PIEH")`);
  }
  const width = dv.getInt32(4, true);
  const height = dv.getInt32(8, true);
  if (!(width > 0 && height > 0 && width * height <= MAX_FLOW_PIXELS)) throw new GroundTruthError(`the .flo size is malformed: ${width}×${height}`);
  const need = 12 + width * height * 8;
  if (bytes.length < need) throw new GroundTruthError(`the .flo file is truncated: ${bytes.length} bytes, ${need} needed for ${width}×${height}`);
  const u = new Float32Array(width * height);
  const v = new Float32Array(width * height);
  for (let i = 0; i < u.length; i++) {
    u[i] = dv.getFloat32(12 + i * 8, true);
    v[i] = dv.getFloat32(16 + i * 8, true);
  }
  return { kind: 'flow', width, height, u, v };
}

/**
 * Parses sparse correspondences: a CSV with the header `x0,y0,x1,y1` (any order, more columns ignored),
 * one correspondence per line, 0-based pixels. Blank lines are skipped; anything else that is not four
 * numbers is an error naming its line.
 */
export function parsePointsCsv(text: string): GroundTruth {
  const rows = text.split(/\r?\n/).map((l, i) => ({ line: i + 1, cells: l.split(',').map((c) => c.trim()) })).filter((r) => r.cells.join('') !== '');
  if (rows.length === 0) throw new GroundTruthError('the CSV is empty; expected a header x0,y0,x1,y1 and one correspondence per line');
  const header = rows[0].cells.map((c) => c.toLowerCase());
  const col = ['x0', 'y0', 'x1', 'y1'].map((k) => header.indexOf(k));
  if (col.some((c) => c < 0)) throw new GroundTruthError(`the CSV header must name x0,y0,x1,y1; it is "${rows[0].cells.join(',')}"`);
  const n = rows.length - 1;
  if (n === 0) throw new GroundTruthError('the CSV has a header but no correspondences');
  const out = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    const r = rows[i + 1];
    for (let k = 0; k < 4; k++) {
      const cell = r.cells[col[k]];
      const v = cell === undefined || cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) throw new GroundTruthError(`CSV line ${r.line}: "${cell ?? ''}" in column ${['x0', 'y0', 'x1', 'y1'][k]} is not a number`);
      out[k][i] = v;
    }
  }
  return { kind: 'points', x0: out[0], y0: out[1], x1: out[2], y1: out[3] };
}

/** The ground-truth formats by file name: H.txt (any .txt), .pfm, .flo, .csv. */
export function groundTruthFormat(name: string): 'homography' | 'disparity' | 'flow' | 'points' | null {
  const ext = name.toLowerCase().split('.').pop();
  return ext === 'txt' ? 'homography' : ext === 'pfm' ? 'disparity' : ext === 'flo' ? 'flow' : ext === 'csv' ? 'points' : null;
}

/** Reads a ground-truth file, choosing the reader by its extension. Throws GroundTruthError. */
export function parseGroundTruthFile(name: string, bytes: Uint8Array): GroundTruth {
  // The text formats are ASCII numbers; decoding bytes one to one keeps the engine free of DOM APIs.
  const text = () => {
    let out = '';
    for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
    return out;
  };
  switch (groundTruthFormat(name)) {
    case 'homography': return parseHomography(text());
    case 'disparity': return parsePfm(bytes);
    case 'flow': return parseFlo(bytes);
    case 'points': return parsePointsCsv(text());
    default: throw new GroundTruthError(`"${name}" is not a ground-truth file: expected a homography .txt, a disparity .pfm, a flow .flo or a points .csv`);
  }
}

/** Checks that a dense ground truth covers the source image it is evaluated with. */
export function checkGroundTruthSize(gt: GroundTruth, sourceWidth: number, sourceHeight: number): void {
  if ((gt.kind === 'disparity' || gt.kind === 'flow') && (gt.width !== sourceWidth || gt.height !== sourceHeight)) {
    throw new GroundTruthError(`the ${gt.kind} map is ${gt.width}×${gt.height} but the source image is ${sourceWidth}×${sourceHeight}`);
  }
}
