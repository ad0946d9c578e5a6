import { describe, expect, it } from 'vitest';
import { INITIAL_PLAYGROUND, playgroundWarp, warpMatrix } from './playgroundModel';
import { warpPoint } from '../../../engine/stn/warp';

describe('playground model', () => {
  it('starts at the identity in every mode', () => {
    for (const mode of ['affine', 'projective', 'tps'] as const) {
      const r = playgroundWarp({ ...INITIAL_PLAYGROUND, mode });
      if (!('warp' in r)) throw new Error(r.problem);
      const [u, v] = warpPoint(r.warp, 0.3, -0.6);
      expect(u).toBeCloseTo(0.3, 10);
      expect(v).toBeCloseTo(-0.6, 10);
    }
    const r = playgroundWarp(INITIAL_PLAYGROUND);
    if (!('warp' in r)) throw new Error(r.problem);
    expect(warpMatrix(r.warp)).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it('shows θ of the sliders and says why a degenerate warp has none', () => {
    const r = playgroundWarp({ ...INITIAL_PLAYGROUND, affine: { scale: 0.5, rotation: 0, shear: 0, tx: 0.2, ty: -0.1 } });
    if (!('warp' in r)) throw new Error(r.problem);
    expect(warpMatrix(r.warp)).toEqual([[0.5, 0, 0.2], [0, 0.5, -0.1]]);
    const flat = playgroundWarp({ ...INITIAL_PLAYGROUND, mode: 'projective', corners: [[0, 0], [0.5, 0.5], [1, 1], [-1, -1]] });
    expect(flat).toMatchObject({ problem: expect.stringMatching(/singular/) });
    const folded = playgroundWarp({ ...INITIAL_PLAYGROUND, mode: 'projective', corners: [[-1, -1], [1, -1], [-1, 1], [1, 1]] });
    expect('problem' in folded).toBe(true);
  });
});
