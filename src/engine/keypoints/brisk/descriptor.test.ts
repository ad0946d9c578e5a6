import { describe, expect, it } from 'vitest';
import { describeBrisk, BRISK_WORDS } from './descriptor';
import { BRISK_PAIRS, BRISK_POINTS, patternBorder, scaleIndex } from './pattern';
import { hamming } from './hamming';
import { readFileSync } from 'node:fs';
import { parseBriskFixture, fixtureWords } from './fixture.test-util';
import type { Grey8 } from './grey';

const angleDiff = (a: number, b: number) => Math.abs(((a - b + 540) % 360) - 180);

const fixture = parseBriskFixture(readFileSync(new URL('./fixtures/brisk_opencv.json', import.meta.url), 'utf8'));
const fixtureGrey = fixture.grey;

describe('BRISK pattern', () => {
  it('has 60 points, 512 short pairs and 870 long pairs (paper §3.1)', () => {
    expect(BRISK_POINTS.length).toBe(60);
    expect(BRISK_PAIRS.short.i.length).toBe(512);
    expect(BRISK_PAIRS.long.i.length).toBe(870);
  });

  it('maps size 7.2 to the first look-up scale and saturates at the last', () => {
    expect(scaleIndex(7.2)).toBe(0);
    expect(scaleIndex(1)).toBe(0);
    expect(scaleIndex(7.2 * 30)).toBe(63);
    expect(patternBorder(0)).toBeLessThan(patternBorder(63));
  });
});

describe('BRISK descriptor against OpenCV 4.6', () => {
  it('on the keypoints OpenCV was given: same keypoints kept, same angles, ≥ 90 % of bits equal', () => {
    const given = fixture.given;
    // Rebuild the input list the oracle passed to compute() (ids are its positions).
    const ids = new Set(given.map((k) => k.id));
    const input = given.map((k) => ({ x: k.x, y: k.y, size: k.size }));
    const ours = describeBrisk(fixtureGrey, input);
    expect(ours.keypoints.length).toBe(given.length);
    expect(ids.size).toBe(given.length);
    let bits = 0;
    const dAngle: number[] = [];
    for (let n = 0; n < given.length; n++) {
      const ref = fixtureWords(given[n].descriptor);
      bits += 1 - hamming(ours.descriptors, n, ref, 0, BRISK_WORDS) / 512;
      dAngle.push(angleDiff(ours.keypoints[n].angle, given[n].angle));
    }
    dAngle.sort((a, b) => a - b);
    const agreement = bits / given.length;
    const medianAngle = dAngle[dAngle.length >> 1];
    console.log(`given keypoints: ${given.length}, bit agreement ${(100 * agreement).toFixed(2)} %, angle difference median ${medianAngle.toFixed(3)}°, max ${dAngle[dAngle.length - 1].toFixed(2)}°`);
    expect(agreement).toBeGreaterThanOrEqual(0.98);
    // OpenCV's angle comes from per-point values with truncated fixed-point weights; ours are exact areas, so
    // the angles differ by a fraction of the 0.35° rotation step.
    expect(medianAngle).toBeLessThan(0.1);
    expect(dAngle[dAngle.length - 1]).toBeLessThan(5);
  });

  it('drops the keypoints OpenCV drops near the border', () => {
    // The oracle's grid: whatever compute() did not return was too close to the border for its pattern.
    const kept = describeBrisk(fixtureGrey, fixture.given.map((k) => ({ x: k.x, y: k.y, size: k.size })));
    expect(kept.index.length).toBe(fixture.given.length);
    const edge = describeBrisk(fixtureGrey, [{ x: 3, y: 90, size: 12 }, { x: 120, y: 90, size: 400 }]);
    expect(edge.keypoints.length).toBe(0);
  });

  it('on OpenCV\'s detected keypoints: ≥ 90 % of bits equal', () => {
    const det = fixture.detected;
    const ours = describeBrisk(fixtureGrey, det.map((k) => ({ x: k.x, y: k.y, size: k.size })));
    expect(ours.keypoints.length).toBe(det.length);
    let bits = 0;
    for (let n = 0; n < det.length; n++) bits += 1 - hamming(ours.descriptors, n, fixtureWords(det[n].descriptor), 0, BRISK_WORDS) / 512;
    console.log(`detected keypoints: ${det.length}, bit agreement ${(100 * bits / det.length).toFixed(2)} %`);
    expect(bits / det.length).toBeGreaterThanOrEqual(0.98);
  });

  it('is rotation invariant: a 90° rotated image gives nearly the same bits at the rotated point', () => {
    const g = fixtureGrey;
    // Rotate by 90° clockwise: (x, y) → (H − 1 − y, x).
    const r: Grey8 = { width: g.height, height: g.width, data: new Uint8Array(g.width * g.height) };
    for (let y = 0; y < g.height; y++) for (let x = 0; x < g.width; x++) r.data[x * r.width + (g.height - 1 - y)] = g.data[y * g.width + x];
    const pts = [{ x: 120, y: 90, size: 20 }, { x: 80, y: 70, size: 14 }, { x: 150, y: 100, size: 30 }];
    const a = describeBrisk(g, pts);
    const b = describeBrisk(r, pts.map((p) => ({ x: g.height - 1 - p.y, y: p.x, size: p.size })));
    for (let n = 0; n < pts.length; n++) {
      expect(angleDiff(b.keypoints[n].angle, a.keypoints[n].angle + 90)).toBeLessThan(3);
      expect(hamming(a.descriptors, n, b.descriptors, n, BRISK_WORDS)).toBeLessThan(60);
    }
  });

  it('rejects keypoints without a positive size', () => {
    expect(() => describeBrisk(fixtureGrey, [{ x: 50, y: 50, size: 0 }])).toThrow(/positive size/);
  });
});
