import { beforeAll, describe, expect, it } from 'vitest';
import { siftBinCentres, siftOrientationMap, siftOrientationsAt } from './siftFrames';
import { grayImage, randomTexture } from '../testing/images';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';

const deg = (r: number) => (r * 180) / Math.PI;
/** Smallest angle between two directions, degrees. */
const angleGap = (a: number, b: number) => Math.abs(((deg(a - b) % 360) + 540) % 360 - 180);

describe.each(NODE_BACKENDS)('SIFT frames on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('θ₀ of a linear ramp points up its gradient, for several directions', async () => {
    for (const phiDeg of [0, 90, 200, 315]) {
      const phi = (phiDeg * Math.PI) / 180;
      const img = grayImage(40, 36, (x, y) => 0.5 + 0.01 * (x * Math.cos(phi) + y * Math.sin(phi)));
      let map: Float32Array = new Float32Array(0);
      expect(await leakedTensors(async () => (map = await siftOrientationMap(img, 4, -1)))).toBe(0);
      expect(map.length).toBe(40 * 36);
      // Far from the border, where replicate padding does not bend the ramp. Bins are 10° wide; the
      // parabola refinement lands within a few degrees of the true direction.
      expect(angleGap(map[18 * 40 + 20], phi), `φ = ${phiDeg}°`).toBeLessThan(3);
    }
  });

  it('θ₀ at a few pixels from crops equals the whole map, at the border and inside', async () => {
    const img = randomTexture(70, 52, 5);
    for (const [b, sigma] of [[4, -1], [3, 0], [6, 1.5]]) {
      const map = await siftOrientationMap(img, b, sigma);
      const pts = [{ x: 0, y: 0 }, { x: 35, y: 26 }, { x: 69, y: 10 }, { x: 12, y: 51 }, { x: 50, y: 40 }];
      let at: Float32Array = new Float32Array(0);
      expect(await leakedTensors(async () => (at = await siftOrientationsAt(img, pts, b, sigma)))).toBe(0);
      pts.forEach((p, i) => expect(angleGap(at[i], map[p.y * 70 + p.x]), `b = ${b}, (${p.x}, ${p.y})`).toBeLessThan(1e-3));
    }
    await expect(siftOrientationsAt(img, [{ x: 70, y: 0 }], 4, -1)).rejects.toThrow(/not a pixel/);
  });

  it('a flat image gives θ₀ = 0 and bad sizes are refused', async () => {
    const map = await siftOrientationMap(grayImage(9, 7, () => 0.3), 3, 0);
    expect(Array.from(new Set(map))).toEqual([0]);
    await expect(siftOrientationMap(grayImage(9, 7, () => 0.3), 1.5, 0)).rejects.toThrow(/binSize/);
  });
});

describe('siftBinCentres', () => {
  it('is the upright 4×4 grid at θ₀ = 0 and turns it a quarter at 90° (y down)', () => {
    const up = siftBinCentres(10, 20, 4, 0);
    expect(up[0]).toEqual({ x: 4, y: 14 });
    expect(up[3]).toEqual({ x: 16, y: 14 });
    expect(up[12]).toEqual({ x: 4, y: 26 });
    const turned = siftBinCentres(0, 0, 4, Math.PI / 2).map((p) => ({ x: Math.round(p.x) + 0, y: Math.round(p.y) + 0 }));
    // Bin (i = 3, j = 0), right of the centre when upright, now lies below it on screen: (6, −6) → (6, 6).
    expect(turned[3]).toEqual({ x: 6, y: 6 });
    expect(turned[0]).toEqual({ x: 6, y: -6 });
  });
});
