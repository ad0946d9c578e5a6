import { describe, expect, it, beforeAll } from 'vitest';
import { matchMaps } from './matchPair';
import { nearestNeighbours, passesRatio } from './nearest';
import { queryPoint } from './query';
import { describeDense, disposeMap } from './descriptorMap';
import { cropImage } from '../core/image';
import { getDescriptor } from '../descriptors/registry';
import { randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { tf, type Tensor2D } from '../tf';

describe.each(NODE_BACKENDS)('matching on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  const big = randomTexture(80, 64, 7, false);
  // Target = source shifted by (+6, −4): source pixel (x, y) is target pixel (x − 6, y + 4)... cropped so that
  // source = big[10.., 4..] and target = big[16.., 0..]: a source pixel (x, y) sits at target (x − 6, y + 4).
  const source = cropImage(big, 10, 4, 56, 48);
  const target = cropImage(big, 16, 0, 56, 48);

  it.each(['rgb', 'patch', 'census'])('dense NN at stride 1 recovers the shift exactly with %s (interior)', async (id) => {
    const d = getDescriptor(id);
    const p = d.validateParams({});
    const a = describeDense(source, d, p);
    const b = describeDense(target, d, p);
    const m = await matchMaps(a, b, d.metric, { stride: 1, mutual: false, ratio: null, refine: false });
    let inside = 0;
    let exact = 0;
    let tiesMissed = 0;
    for (let i = 0; i < m.x0.length; i++) {
      const tx = m.x0[i] - 6, ty = m.y0[i] + 4;
      const r = 4; // away from borders, where replicated padding differs between the two crops
      if (tx < r || ty < r || tx >= 56 - r || ty >= 48 - r || m.x0[i] < r || m.y0[i] < r || m.x0[i] >= 56 - r || m.y0[i] >= 48 - r) continue;
      inside++;
      if (m.x1[i] === tx && m.y1[i] === ty) exact++;
      // The true match has distance 0; a different winner must tie with it (lower index wins ties).
      else if (m.score[i] === 0) tiesMissed++;
    }
    expect(inside).toBeGreaterThan(1000);
    // Every miss is an exact tie: census codes of local extrema are all-zero or all-one bits (~2/49 of
    // pixels each for 7×7), and a tie goes to the lower index. The patch has no such ties on noise.
    expect(exact + tiesMissed).toBe(inside);
    expect(exact / inside).toBeGreaterThanOrEqual(id === 'patch' ? 1 : 0.9);
    disposeMap(a);
    disposeMap(b);
  });

  it('refinement moves stride-4 grid matches onto the exact shifted pixel', async () => {
    // Smooth texture, so a descriptor 1–2 px off still resembles the true one and the grid search lands
    // in the right cell; refinement then searches that cell pixel by pixel.
    const smooth = randomTexture(96, 80, 3, true);
    const s = cropImage(smooth, 10, 4, 72, 64);
    const t = cropImage(smooth, 15, 1, 72, 64); // source (x, y) = target (x − 5, y + 3)
    const d = getDescriptor('patch');
    const a = describeDense(s, d, d.validateParams({ size: 7 }));
    const b = describeDense(t, d, d.validateParams({ size: 7 }));
    const coarse = await matchMaps(a, b, d.metric, { stride: 4, mutual: true, ratio: null, refine: false });
    const fine = await matchMaps(a, b, d.metric, { stride: 4, mutual: true, ratio: null, refine: true });
    // Interior only: near the borders the replicated padding of the two crops differs.
    const inner = (x: number, y: number) => x >= 4 && y >= 4 && x < 68 && y < 60;
    const idx = Array.from(fine.x0.keys()).filter((i) => inner(fine.x0[i], fine.y0[i]) && inner(fine.x0[i] - 5, fine.y0[i] + 3));
    const isExact = (m: typeof fine, i: number) => m.x1[i] === m.x0[i] - 5 && m.y1[i] === m.y0[i] + 3;
    // Grid matches that landed in the right cell (within ±2 px of the truth): refinement must make them exact.
    const rightCell = idx.filter((i) => Math.abs(coarse.x1[i] - (coarse.x0[i] - 5)) <= 2 && Math.abs(coarse.y1[i] - (coarse.y0[i] + 3)) <= 2);
    expect(fine.x0.length).toBe(coarse.x0.length);
    expect(rightCell.length).toBeGreaterThan(idx.length / 2);
    expect(rightCell.filter((i) => isExact(fine, i)).length).toBe(rightCell.length);
    // Without refinement the exact pixel is only hit when it happens to lie on the target grid.
    expect(idx.filter((i) => isExact(coarse, i)).length).toBeLessThan(idx.length * 0.3);
    expect(idx.filter((i) => isExact(fine, i)).length).toBe(rightCell.length);
    disposeMap(a);
    disposeMap(b);
  });

  it('a target stride of 1 finds off-grid offsets exactly, where the same grid cannot', async () => {
    // Shift (−6, +4) is not a multiple of 4: with the same grid the true pixel is never a candidate.
    const d = getDescriptor('patch');
    const a = describeDense(source, d, d.validateParams({}));
    const b = describeDense(target, d, d.validateParams({}));
    const same = await matchMaps(a, b, d.metric, { stride: 4, mutual: false, ratio: null, refine: false });
    const dense = await matchMaps(a, b, d.metric, { stride: 4, targetStride: 1, mutual: false, ratio: null, refine: false });
    const inner = (x: number, y: number) => x >= 3 && y >= 3 && x < 53 && y < 45;
    const exact = (m: typeof same) => {
      const idx = Array.from(m.x0.keys()).filter((i) => inner(m.x0[i], m.y0[i]) && inner(m.x0[i] - 6, m.y0[i] + 4));
      return idx.filter((i) => m.x1[i] === m.x0[i] - 6 && m.y1[i] === m.y0[i] + 4).length / idx.length;
    };
    expect(exact(same)).toBe(0);
    expect(exact(dense)).toBe(1);
    await expect(matchMaps(a, b, d.metric, { stride: 4, targetStride: 0, mutual: false, ratio: null, refine: false })).rejects.toThrow(/target stride/);
    disposeMap(a);
    disposeMap(b);
  });

  it('click query finds the shifted pixel and reports its score', async () => {
    const d = getDescriptor('census');
    const p = d.validateParams({});
    const a = describeDense(source, d, p);
    const b = describeDense(target, d, p);
    const q = await queryPoint(a, 30, 20, b, d.metric);
    expect([q.bestX, q.bestY]).toEqual([24, 24]);
    expect(q.bestScore).toBe(0);
    expect(q.scores.length).toBe(56 * 48);
    expect(q.min).toBe(0);
    expect(q.max).toBeLessThanOrEqual(48);
    disposeMap(a);
    disposeMap(b);
  });

  it('mutual check and ratio test on a hand-built set', async () => {
    // Sources s0..s2 and targets t0..t2 in 1-D: s0 → t0 (mutual), s1 and s2 both nearest t1, and t1's nearest is s2.
    const src = tf.tensor2d([[0], [10], [10.4]]) as Tensor2D;
    const tgt = tf.tensor2d([[0.1], [10.5], [30]]) as Tensor2D;
    const nn = await nearestNeighbours(src, tgt, { maxTileElements: 3 }); // one row per tile: exercises tiling
    expect(Array.from(nn.index)).toEqual([0, 1, 1]);
    expect(Array.from(nn.reverseIndex)).toEqual([0, 2, 2]);
    expect(nn.sqDist1[0]).toBeCloseTo(0.01, 5);
    expect(nn.sqDist2[0]).toBeCloseTo(110.25, 3);
    const mutual = Array.from(nn.index, (j, i) => nn.reverseIndex[j] === i);
    expect(mutual).toEqual([true, false, true]);
    // Ratio on distances: s0: 0.1 / 10.5 passes 0.8; s1: 0.5 / 9.9 passes; a near-tie fails.
    expect(passesRatio(nn.sqDist1[0], nn.sqDist2[0], 0.8)).toBe(true);
    expect(passesRatio(1, 1.21, 0.8)).toBe(false); // 1 / 1.1 = 0.91
    expect(passesRatio(0, 0, 0.8)).toBe(false); // identical best and second best: ambiguous
    tf.dispose([src, tgt]);
  });

  it('mutual filter keeps only mutual matches, and matching leaves no tensors', async () => {
    const d = getDescriptor('patch');
    const p = d.validateParams({ size: 3 });
    const a = describeDense(source, d, p);
    const b = describeDense(target, d, p);
    const leaked = await leakedTensors(async () => {
      const all = await matchMaps(a, b, d.metric, { stride: 4, mutual: false, ratio: null, refine: false });
      const mutual = await matchMaps(a, b, d.metric, { stride: 4, mutual: true, ratio: null, refine: false });
      const ratio = await matchMaps(a, b, d.metric, { stride: 4, mutual: false, ratio: 0.8, refine: false });
      expect(all.candidates).toBe(14 * 12);
      expect(mutual.x0.length).toBe(Array.from(all.mutual).filter((v) => v === 1).length);
      expect(mutual.mutual.every((v) => v === 1)).toBe(true);
      expect(ratio.x0.length).toBeLessThan(all.x0.length);
      await queryPoint(a, 0, 0, b, d.metric);
    });
    expect(leaked).toBe(0);
    disposeMap(a);
    disposeMap(b);
  });
});
