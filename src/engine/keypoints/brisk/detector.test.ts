import { describe, expect, it } from 'vitest';
import { detectBrisk, validateBriskParams } from './detector';
import { describeBrisk, BRISK_WORDS } from './descriptor';
import { hamming } from './hamming';
import { readFileSync } from 'node:fs';
import { parseBriskFixture, fixtureWords } from './fixture.test-util';
import type { Grey8 } from './grey';

const fixture = parseBriskFixture(readFileSync(new URL('./fixtures/brisk_opencv.json', import.meta.url), 'utf8'));
const fixtureGrey = fixture.grey;

describe('BRISK detector against OpenCV 4.6', () => {
  it('finds OpenCV\'s keypoints on the graffiti crop within 1–2 px, with their size and their bits', () => {
    const detected = detectBrisk(fixtureGrey, { threshold: 30, octaves: 4 });
    expect(detected.octavesUsed).toBe(4);
    // OpenCV's detectAndCompute drops keypoints whose pattern leaves the image; so does describeBrisk.
    const ours = describeBrisk(fixtureGrey, detected.keypoints);
    const kps = ours.keypoints;
    const ref = fixture.detected;
    let within1 = 0, within2 = 0, sized = 0, bits = 0;
    for (const r of ref) {
      let best = Infinity, bestK = -1;
      kps.forEach((k, n) => { const d = Math.hypot(k.x - r.x, k.y - r.y); if (d < best) { best = d; bestK = n; } });
      if (best <= 1) within1++;
      if (best > 2) continue;
      within2++;
      if (Math.abs(Math.log(kps[bestK].size / r.size)) < Math.log(1.1)) sized++;
      bits += 1 - hamming(ours.descriptors, bestK, fixtureWords(r.descriptor), 0, BRISK_WORDS) / 512;
    }
    const precision = kps.filter((k) => ref.some((r) => Math.hypot(r.x - k.x, r.y - k.y) <= 2)).length / kps.length;
    const f = (v: number) => (100 * v).toFixed(1);
    console.log(`ours ${kps.length}, OpenCV ${ref.length}; recall ≤1 px ${f(within1 / ref.length)} %, ≤2 px ${f(within2 / ref.length)} %, and size within 10 % ${f(sized / ref.length)} %; precision ≤2 px ${f(precision)} %; bits equal on the pairs ${f(bits / within2)} %`);
    expect(within1 / ref.length).toBeGreaterThan(0.95);
    expect(sized / ref.length).toBeGreaterThan(0.9);
    expect(precision).toBeGreaterThan(0.95);
    expect(bits / within2).toBeGreaterThan(0.95);
  });

  it('finds nothing on a flat image and a corner on a bright square', () => {
    const w = 96, h = 80;
    const flat: Grey8 = { width: w, height: h, data: new Uint8Array(w * h).fill(120) };
    expect(detectBrisk(flat).keypoints.length).toBe(0);
    const sq: Grey8 = { width: w, height: h, data: new Uint8Array(w * h).fill(40) };
    for (let y = 30; y < 60; y++) for (let x = 30; x < 70; x++) sq.data[y * w + x] = 220;
    const k = detectBrisk(sq, { octaves: 0 }).keypoints;
    expect(k.length).toBeGreaterThanOrEqual(4);
    for (const [cx, cy] of [[30, 30], [69, 30], [30, 59], [69, 59]]) expect(k.some((p) => Math.hypot(p.x - cx, p.y - cy) < 2)).toBe(true);
  });

  it('uses fewer octaves on a small image and rejects bad parameters', () => {
    const g: Grey8 = { width: 40, height: 30, data: new Uint8Array(1200).fill(9) };
    expect(detectBrisk(g, { octaves: 4 }).octavesUsed).toBe(2);
    expect(() => validateBriskParams({ threshold: 0, octaves: 4 })).toThrow(/threshold/);
    expect(() => validateBriskParams({ threshold: 30, octaves: 2.5 })).toThrow(/octaves/);
    expect(() => detectBrisk({ width: 4, height: 4, data: new Uint8Array(3) })).toThrow(/bytes/);
  });
});
