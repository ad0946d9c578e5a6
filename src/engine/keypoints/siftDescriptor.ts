/**
 * Sparse SIFT descriptors at DoG keypoints: D. G. Lowe, "Distinctive Image Features from Scale-Invariant
 * Keypoints", IJCV 60(2), 2004, §6.1. Computed in JS per keypoint (keypoints are few: hundreds, each
 * reading ≤ ~(2·4.2·3σ)² pixels of one Gaussian layer), following OpenCV 4.6's calcSIFTDescriptor.
 *
 * Layout (OpenCV's): v[(rowBin·4 + colBin)·8 + oriBin], with rows/cols of the 4×4 grid along the
 * keypoint's rotated y/x axes; oriBin k covers gradient angles (θ_grad − θ_kp) in the y-UP frame, i.e.
 * −(angle difference) with y down, in [k·45°, (k+1)·45°) before linear splitting. Unit length, clipped at
 * 0.2, unit length again (float, not OpenCV's bytes).
 * Departure from OpenCV: the sample grid is centred on the sub-pixel keypoint (OpenCV rounds it).
 */
import { type Tensor3D } from '../tf';
import { buildScaleSpace, toOctave, type Octave } from './scaleSpace';
import { DEFAULT_DOG_PARAMS, validateDoGParams, type DoGParams, type Keypoint } from './keypoint';

const D = 4; // spatial bins per side
const N = 8; // orientation bins

/** The 128-D descriptor of one keypoint from its octave's Gaussian layer, written into out[at…at+128). */
function describeOne(oct: Octave, kp: Keypoint, p: DoGParams, out: Float32Array, at: number): void {
  const { width: w, height: h, gauss } = oct;
  const off = kp.layer * w * h;
  const x = toOctave(kp.x, oct.octave, p.upsample);
  const y = toOctave(kp.y, oct.octave, p.upsample);
  const binWidth = 3 * (kp.scale / 2 ** oct.octave); // 3σ octave pixels per spatial bin
  const radius = Math.min(Math.round(binWidth * Math.SQRT2 * (D + 1) * 0.5), Math.hypot(w, h));
  const cosT = Math.cos(kp.angle) / binWidth, sinT = Math.sin(kp.angle) / binWidth;
  const hist = new Float64Array((D + 2) * (D + 2) * N);
  const cx = Math.round(x), cy = Math.round(y);
  for (let r = Math.max(1, cy - radius); r <= Math.min(h - 2, cy + radius); r++) {
    for (let c = Math.max(1, cx - radius); c <= Math.min(w - 2, cx + radius); c++) {
      const dx = c - x, dy = r - y;
      const cRot = dx * cosT + dy * sinT, rRot = -dx * sinT + dy * cosT; // bins along the keypoint's axes
      const rbin = rRot + D / 2 - 0.5, cbin = cRot + D / 2 - 0.5;
      if (!(rbin > -1 && rbin < D && cbin > -1 && cbin < D)) continue;
      const gx = gauss[off + r * w + c + 1] - gauss[off + r * w + c - 1];
      const gy = gauss[off + (r - 1) * w + c] - gauss[off + (r + 1) * w + c]; // y up, as OpenCV
      const mag = Math.hypot(gx, gy) * Math.exp(-(cRot * cRot + rRot * rRot) / (0.5 * D * D));
      let obin = ((Math.atan2(gy, gx) + kp.angle) * N) / (2 * Math.PI);
      obin -= Math.floor(obin / N) * N;
      const r0 = Math.floor(rbin), c0 = Math.floor(cbin), o0 = Math.floor(obin);
      const fr = rbin - r0, fc = cbin - c0, fo = obin - o0;
      for (let a = 0; a < 2; a++) {
        const wr = mag * (a ? fr : 1 - fr);
        for (let b = 0; b < 2; b++) {
          const wc = wr * (b ? fc : 1 - fc);
          const base = ((r0 + 1 + a) * (D + 2) + (c0 + 1 + b)) * N;
          hist[base + (o0 % N)] += wc * (1 - fo);
          hist[base + ((o0 + 1) % N)] += wc * fo;
        }
      }
    }
  }
  const v = new Float64Array(D * D * N);
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) for (let k = 0; k < N; k++) v[(i * D + j) * N + k] = hist[((i + 1) * (D + 2) + j + 1) * N + k];
  const norm = (a: Float64Array) => Math.max(Math.hypot(...a), 1e-12);
  const n1 = norm(v);
  for (let i = 0; i < v.length; i++) v[i] = Math.min(v[i] / n1, 0.2);
  const n2 = norm(v);
  for (let i = 0; i < v.length; i++) out[at + i] = v[i] / n2;
}

/** Descriptors of `keypoints` from an already built scale space: (N × 128) float32, row-major. */
export function describeFromScaleSpace(octaves: Octave[], keypoints: Keypoint[], p: DoGParams): Float32Array {
  const out = new Float32Array(keypoints.length * D * D * N);
  keypoints.forEach((kp, i) => {
    const oct = octaves.find((o) => o.octave === kp.octave);
    if (!oct) throw new RangeError(`keypoint ${i} is on octave ${kp.octave}, absent with upsample = ${p.upsample}`);
    if (!(kp.layer >= 0 && kp.layer < p.nLayers + 3)) throw new RangeError(`keypoint ${i} has layer ${kp.layer}`);
    describeOne(oct, kp, p, out, i * D * D * N);
  });
  return out;
}

/**
 * SIFT descriptors (Lowe §6) at `keypoints` of `image` ((H, W, 3) float32 RGB in [0, 1]), as returned by
 * detectDoG with the same `params` (the Gaussian scale space is rebuilt). → (N × 128) float32, each row
 * unit length (a window with no gradient at all gives an all-zero row).
 */
export async function describeKeypoints(image: Tensor3D, keypoints: Keypoint[], params: Partial<DoGParams> = {}): Promise<Float32Array> {
  const p = { ...DEFAULT_DOG_PARAMS, ...params };
  validateDoGParams(p);
  if (keypoints.length === 0) return new Float32Array(0);
  const octaves = await buildScaleSpace(image, p, Infinity);
  return describeFromScaleSpace(octaves, keypoints, p);
}
