/**
 * Local Self-Similarity (LSS).
 * Reference: E. Shechtman and M. Irani, "Matching local self-similarities across images and videos",
 * CVPR 2007.
 *
 * The k×k colour patch at q is compared with the patch at every offset d inside a disc of radius R:
 *   S_q(d) = exp(−SSD_q(d) / max(var_noise, var_auto(q))),
 * var_auto(q) being the largest SSD of the patch against its 8 neighbours (radius 1). The surface is cut
 * into log-polar bins (angles × rings); each bin keeps its maximum, and the vector is stretched linearly to
 * [0, 1]. What is described is where the patch repeats around itself, not its colours, so it survives
 * changes of colour, texture and even modality that keep the layout.
 *
 * SSD here is the mean over the k² pixels and 3 channels (MSD, intensities in [0, 1]), so var_noise does
 * not depend on k. Since exp(−x/v) decreases in x, the bin maximum of S is taken as exp(−min SSD / v).
 *
 * Bins: ring i covers radii (R^{i/n}, R^{(i+1)/n}] (log-spaced from 1 to R), sector a covers angles
 * [a, a + 1)·360°/angles, measured from +x towards +y (image rows grow downwards). The correlation surface is
 * sampled, not computed everywhere: each bin is represented by s² offsets, the integer offsets nearest to
 * an s×s grid of points evenly spaced in log-radius and angle inside it (lssBinOffsets), so a bin's
 * "maximum" is the maximum over those samples. With R = 20, 4 rings, 20 angles and s = 2 that is 320 SSD
 * maps per pixel instead of ~1250.
 *
 * Layout: element ring·angles + a, ring 0 innermost; values in [0, 1], min 0 and max 1 unless all equal.
 */
import { tf, type Tensor3D, type Tensor4D } from '../tf';
import { validateAgainstSpec, type Descriptor, type ParamSpec } from './contract';
import {
  bandRowsFor,
  batchToChannels,
  boxMeanValid,
  byRowBands,
  expNonPositive,
  joinChannelGroups,
  bankCrops,
  padForShifts,
  shiftBank,
  type Offset,
  type ShiftBank,
} from './selfsim/stacks';

export interface LssParams extends Record<string, number> {
  radius: number;
  patch: number;
  angles: number;
  rings: number;
  samples: number;
  varNoise: number;
}

const specs: readonly ParamSpec[] = [
  { kind: 'int', name: 'radius', label: 'Radius R', help: 'Radius of the correlation surface in pixels (40 in the paper, for larger images).', min: 4, max: 40 },
  { kind: 'int', name: 'patch', label: 'Patch k', help: 'Side of the compared colour patches (odd), 5 in the paper.', min: 1, max: 9, odd: true },
  { kind: 'int', name: 'angles', label: 'Angles', help: 'Angular bins of the log-polar grid (20 in the paper).', min: 4, max: 32 },
  { kind: 'int', name: 'rings', label: 'Rings', help: 'Log-spaced radial bins (4 in the paper). D = angles × rings.', min: 1, max: 6 },
  { kind: 'int', name: 'samples', label: 'Samples s', help: 'Each bin is sampled at s×s offsets (s per axis in log-radius and angle); its maximum is taken over them.', min: 1, max: 4 },
  { kind: 'number', name: 'varNoise', label: 'var_noise', help: 'Floor of the normaliser: the mean squared colour difference (intensities in [0, 1]) still called similar. 0.0025 = RMS 0.05 ≈ 13 grey levels.', min: 1e-5, max: 0.25, step: 0.0005 },
];
const defaults: LssParams = { radius: 20, patch: 5, angles: 20, rings: 4, samples: 2, varNoise: 0.0025 };

/** The 8 offsets of radius 1 over which var_auto takes its maximum. */
export const LSS_NEIGHBOURS: readonly Offset[] = [
  { dy: -1, dx: -1 }, { dy: -1, dx: 0 }, { dy: -1, dx: 1 }, { dy: 0, dx: -1 },
  { dy: 0, dx: 1 }, { dy: 1, dx: -1 }, { dy: 1, dx: 0 }, { dy: 1, dx: 1 },
];

/** Bins computed together (their offsets form one stack of crops). */
const BINS_PER_GROUP = 4;

/**
 * The sampled offsets of every bin, in descriptor order (ring-major): bins[ring·angles + a] holds s²
 * offsets, the integer points nearest to r_j = R^{(i + (j + ½)/s)/n}, θ_m = 2π(a + (m + ½)/s)/angles
 * (dx = ⌊r cos θ + ½⌋, dy = ⌊r sin θ + ½⌋), j, m = 0…s−1, radial index first. Never (0, 0); |dx|, |dy| ≤ R.
 */
export function lssBinOffsets(p: Pick<LssParams, 'radius' | 'angles' | 'rings' | 'samples'>): Offset[][] {
  const bins: Offset[][] = [];
  const s = p.samples;
  for (let i = 0; i < p.rings; i++) {
    for (let a = 0; a < p.angles; a++) {
      const bin: Offset[] = [];
      for (let j = 0; j < s; j++) {
        const r = Math.pow(p.radius, (i + (j + 0.5) / s) / p.rings);
        for (let m = 0; m < s; m++) {
          const theta = (2 * Math.PI * (a + (m + 0.5) / s)) / p.angles;
          bin.push({ dy: Math.floor(r * Math.sin(theta) + 0.5), dx: Math.floor(r * Math.cos(theta) + 0.5) });
        }
      }
      bins.push(bin);
    }
  }
  return bins;
}

/**
 * Sum over the 3 channels of the k×k-box-mean squared difference between the patch at each pixel and the
 * patch shifted by each offset: (rows, w, n), = 3·MSD. `centre` is the band's own window (1, h', w', 3),
 * h' = rows + k − 1, read from the same bank.
 */
function shiftedSsd(bank: ShiftBank, centre: Tensor4D, offsets: readonly Offset[], winRow: number, k: number): Tensor3D {
  return tf.tidy(() => {
    const [, hh] = centre.shape;
    const diff = tf.sum(tf.squaredDifference(bankCrops(bank, offsets, winRow, hh), centre), 3); // (n, h', w')
    return boxMeanValid(batchToChannels(diff), k);
  });
}

function describeLss(image: Tensor3D, p: LssParams): Tensor3D {
  const [h, w] = image.shape;
  const pr = (p.patch - 1) / 2;
  const halo = p.radius + pr;
  const bins = lssBinOffsets(p);
  const perBin = p.samples * p.samples;
  const groupBins = [BINS_PER_GROUP, 2, 1].find((g) => bins.length % g === 0) ?? 1;
  const centreOffset = [{ dy: 0, dx: 0 }];
  const allOffsets = [...bins.flat(), ...LSS_NEIGHBOURS, ...centreOffset];
  return tf.tidy(() => {
    const padded = padForShifts(image, halo);
    const bandRows = bandRowsFor(w + 2 * pr, groupBins * perBin, 2 * pr);
    return byRowBands(h, bandRows, (y0, rows) => {
      const win = { row: halo - pr + y0, col: halo - pr, height: rows + 2 * pr, width: w + 2 * pr };
      const bank = shiftBank(padded, allOffsets, win);
      const centre = bankCrops(bank, centreOffset, win.row, win.height);
      const ssd = (offsets: readonly Offset[]) => shiftedSsd(bank, centre, offsets, win.row, p.patch);
      // S = exp(−MSD / max(var_noise, var_auto)); both SSDs here are still summed over the 3 channels.
      const varAuto = tf.max(ssd(LSS_NEIGHBOURS), 2, true);
      const negScale = tf.div(-1, tf.maximum(varAuto, 3 * p.varNoise));
      // Bin maxima group by group (small tensors stay in cache), tracking each pixel's range for the stretch.
      const groups: Tensor3D[] = [];
      let lo: Tensor3D | undefined;
      let hi: Tensor3D | undefined;
      for (let b0 = 0; b0 < bins.length; b0 += groupBins) {
        const offsets = bins.slice(b0, b0 + groupBins).flat();
        const sim = tf.tidy(() => {
          const minSsd = tf.min(tf.reshape(ssd(offsets), [rows, w, groupBins, perBin]), 3);
          return expNonPositive(tf.mul(minSsd, negScale) as Tensor3D);
        });
        groups.push(sim);
        const [gLo, gHi] = [tf.min(sim, 2, true) as Tensor3D, tf.max(sim, 2, true) as Tensor3D];
        lo = lo ? (tf.minimum(lo, gLo) as Tensor3D) : gLo;
        hi = hi ? (tf.maximum(hi, gHi) as Tensor3D) : gHi;
      }
      // Linear stretch to [0, 1]; a flat surface (range 0) gives zeros.
      const invRange = tf.div(1, tf.maximum(tf.sub(hi as Tensor3D, lo as Tensor3D), 1e-6));
      return joinChannelGroups(groups.map((g) => tf.mul(tf.sub(g, lo as Tensor3D), invRange) as Tensor3D));
    });
  });
}

export const lss: Descriptor<LssParams> = {
  id: 'lss',
  label: 'Local self-similarity (LSS)',
  family: 'hand-crafted',
  citation: 'E. Shechtman and M. Irani, "Matching local self-similarities across images and videos", CVPR 2007.',
  summary:
    'Where the 5×5 patch around the pixel repeats within radius R: the patch-to-patch similarity surface, max-pooled in 20 angles × 4 log-radial bins and stretched to [0, 1]. Compared by Euclidean distance.',
  deviations: [
    'RGB patches compared by mean squared difference over the 3 channels, not CIE L*a*b* as in the paper; var_noise is a constant on that scale (default 0.0025, an RMS difference of 13 grey levels).',
    'Default radius 20 px instead of the paper\'s 40, for images of at most ~800 px.',
    'Each bin\'s maximum is taken over s² = 4 sampled offsets (the integer offsets nearest to a 2×2 grid in log-radius and angle inside the bin), not over every offset of the bin (up to 53 at R = 20); inner bins that hold no integer offset still get their nearest ones. Against the every-offset maximum the vectors keep a cosine of 0.98 on average (min 0.93) on a graffiti crop.',
    'Radial bins are log-spaced from 1 px to R; the paper does not give the innermost radius.',
    'var_auto is the largest SSD against the 8 neighbours at radius 1.',
    'Every pixel gets a descriptor: the paper\'s removal of non-informative (salient-less or homogeneous) descriptors is not applied, and a uniform patch gives the all-zero vector (its surface is flat, so the stretch has no range).',
    'Windows that cross the image border repeat the edge pixel.',
  ],
  invariances: ['translation', 'illumination', 'modality'],
  metric: 'l2',
  params: specs,
  defaultParams: defaults,
  validateParams: (raw) => validateAgainstSpec('lss', specs, defaults, raw, (p) => (p.patch > p.radius ? `patch (${p.patch}) must not exceed radius (${p.radius})` : undefined)),
  dim: (p) => p.angles * p.rings,
  radius: (p) => p.radius + (p.patch - 1) / 2,
  pattern: (p) => {
    const points = lssBinOffsets(p).flat().map((o) => ({ x: o.dx, y: o.dy }));
    return { points, caption: `${p.angles} angles × ${p.rings} log-polar rings up to ${p.radius} px; dots are the sampled offsets whose ${p.patch}×${p.patch} patch is compared with the centre patch (max per bin).` };
  },
  describe: describeLss,
};
