/**
 * Ground truth for a pair: where a source pixel truly lands in the target. Pixel coordinates are 0-based
 * with pixel centres at integers (OpenCV's convention).
 */
export type GroundTruth =
  /** [x' y' w]ᵀ = H [x y 1]ᵀ, row-major 3×3, source → target. */
  | { kind: 'homography'; H: Float64Array }
  /** Left (source) pixel (x, y) matches right (target) pixel (x − d, y); non-finite d = unknown. */
  | { kind: 'disparity'; width: number; height: number; d: Float32Array }
  /** Source pixel (x, y) matches target pixel (x + u, y + v); |u| or |v| > 1e9 or non-finite = unknown (Middlebury). */
  | { kind: 'flow'; width: number; height: number; u: Float32Array; v: Float32Array }
  /** Sparse correspondences: source (x0[i], y0[i]) matches target (x1[i], y1[i]); nothing is known elsewhere. */
  | { kind: 'points'; x0: Float64Array; y0: Float64Array; x1: Float64Array; y1: Float64Array };

/** Middlebury's flow-code marker: components above this magnitude mean "unknown". */
export const FLOW_UNKNOWN = 1e9;

export class GroundTruthError extends Error {}

/** The true target position of source pixel (x, y), or null where the ground truth says nothing. */
export function trueTarget(gt: GroundTruth, x: number, y: number): [number, number] | null {
  if (gt.kind === 'homography') {
    const h = gt.H;
    const w = h[6] * x + h[7] * y + h[8];
    if (!(Math.abs(w) > 1e-12)) return null;
    return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w];
  }
  if (gt.kind === 'points') {
    // Exact lookup: sparse ground truth says nothing between its points.
    for (let i = 0; i < gt.x0.length; i++) if (gt.x0[i] === x && gt.y0[i] === y) return [gt.x1[i], gt.y1[i]];
    return null;
  }
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= gt.width || yi >= gt.height) return null;
  if (gt.kind === 'flow') {
    const u = gt.u[yi * gt.width + xi];
    const v = gt.v[yi * gt.width + xi];
    return Math.abs(u) <= FLOW_UNKNOWN && Math.abs(v) <= FLOW_UNKNOWN ? [x + u, y + v] : null;
  }
  const d = gt.d[yi * gt.width + xi];
  return Number.isFinite(d) ? [x - d, y] : null;
}

/** Parses a homography text file: nine numbers, whitespace separated, row-major. */
export function parseHomography(text: string): GroundTruth {
  const v = text.trim().split(/\s+/).map(Number);
  if (v.length !== 9 || v.some((n) => !Number.isFinite(n))) {
    throw new GroundTruthError(`a homography file holds 9 numbers, this one has ${v.length}${v.some((n) => !Number.isFinite(n)) ? ' (some not numbers)' : ''}`);
  }
  return { kind: 'homography', H: Float64Array.from(v) };
}

/**
 * Parses a PFM disparity map (greyscale `Pf`): header "Pf\n<w> <h>\n<scale>\n", scale < 0 = little-endian,
 * > 0 = big-endian; rows stored bottom row first. Returns the map top row first.
 */
export function parsePfm(bytes: Uint8Array): GroundTruth {
  const header: string[] = [];
  let pos = 0;
  while (header.length < 4 && pos < bytes.length && pos < 256) {
    let tok = '';
    while (pos < bytes.length && /\s/.test(String.fromCharCode(bytes[pos]))) pos++;
    while (pos < bytes.length && !/\s/.test(String.fromCharCode(bytes[pos]))) tok += String.fromCharCode(bytes[pos++]);
    header.push(tok);
  }
  pos++; // the single whitespace character after the scale
  const [magic, ws, hs, ss] = header;
  if (magic !== 'Pf') throw new GroundTruthError(magic === 'PF' ? 'a colour PFM (PF) is not a disparity map; expected Pf' : 'not a PFM file (it does not start with "Pf")');
  const width = Number(ws);
  const height = Number(hs);
  const scale = Number(ss);
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0) || !Number.isFinite(scale) || scale === 0) {
    throw new GroundTruthError(`the PFM header is malformed ("${header.join(' ')}")`);
  }
  const need = width * height * 4;
  if (bytes.length - pos < need) throw new GroundTruthError(`the PFM is truncated: ${bytes.length - pos} bytes of data, ${need} needed for ${width}×${height}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + pos, need);
  const little = scale < 0;
  const d = new Float32Array(width * height);
  for (let row = 0; row < height; row++) {
    const y = height - 1 - row;
    for (let x = 0; x < width; x++) d[y * width + x] = dv.getFloat32((row * width + x) * 4, little);
  }
  return { kind: 'disparity', width, height, d };
}
