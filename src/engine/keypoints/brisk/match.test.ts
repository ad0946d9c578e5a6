import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { matchBrisk, hammingNearest } from './match';
import { describeBrisk } from './descriptor';
import { detectBrisk } from './detector';
import { briskDetectAndDescribe } from './brisk';
import { rgbaToRgbImage, type RgbImage } from '../../core/image';
import { parseHomography, trueTarget } from '../../eval/groundTruth';
import { toGrey8, type Grey8 } from './grey';
import { mulberry32 } from '../../core/random';

const SAMPLES = path.resolve(import.meta.dirname, '../../../../public/samples');
const readRgb = (rel: string): RgbImage => {
  const png = PNG.sync.read(fs.readFileSync(path.join(SAMPLES, rel)));
  return rgbaToRgbImage(png.data, png.width, png.height);
};

describe('BRISK matching', () => {
  it('brute-force Hamming nearest neighbours agree with a naive search', () => {
    const rnd = mulberry32(11);
    const A = Uint32Array.from({ length: 40 * 16 }, () => Math.floor(rnd() * 2 ** 32));
    const B = Uint32Array.from({ length: 30 * 16 }, () => Math.floor(rnd() * 2 ** 32));
    const nn = hammingNearest(A, B);
    const bitsOf = (v: number) => v.toString(2).split('').filter((c) => c === '1').length;
    for (let i = 0; i < 40; i++) {
      const d = Array.from({ length: 30 }, (_, j) => { let s = 0; for (let w = 0; w < 16; w++) s += bitsOf((A[i * 16 + w] ^ B[j * 16 + w]) >>> 0); return s; });
      const sorted = [...d].sort((a, b) => a - b);
      expect(nn.d1[i]).toBe(sorted[0]);
      expect(nn.d2[i]).toBe(sorted[1]);
      expect(d[nn.index[i]]).toBe(sorted[0]);
    }
  });

  it('matches a set to itself with score 1, all mutual; empty sets give no matches', () => {
    const rnd = mulberry32(5);
    const set = { x: Float32Array.from([1, 2, 3]), y: Float32Array.from([4, 5, 6]), descriptors: Uint32Array.from({ length: 48 }, () => Math.floor(rnd() * 2 ** 32)) };
    const m = matchBrisk(set, set, { ratio: 0.8, mutual: true });
    expect(Array.from(m.x1)).toEqual([1, 2, 3]);
    expect(Array.from(m.score)).toEqual([1, 1, 1]);
    expect(Array.from(m.mutual)).toEqual([1, 1, 1]);
    const none = { x: new Float32Array(0), y: new Float32Array(0), descriptors: new Uint32Array(0) };
    expect(matchBrisk(none, set, { ratio: 0.8, mutual: false }).x0.length).toBe(0);
    expect(() => matchBrisk(set, set, { ratio: 1.5, mutual: false })).toThrow(/ratio/);
  });

  it('graffiti 1 → 3 (strong viewpoint change): most ratio-test matches agree with the homography', () => {
    const a = briskDetectAndDescribe(readRgb('graffiti/graf1.png'));
    const b = briskDetectAndDescribe(readRgb('graffiti/graf3.png'));
    const H = parseHomography(fs.readFileSync(path.join(SAMPLES, 'graffiti/H1to3.txt'), 'utf8'));
    const m = matchBrisk(a.set, b.set, { ratio: 0.8, mutual: false });
    let ok = 0;
    for (let i = 0; i < m.x0.length; i++) {
      const t = trueTarget(H, m.x0[i], m.y0[i]);
      if (t && Math.hypot(t[0] - m.x1[i], t[1] - m.y1[i]) <= 3) ok++;
    }
    // OpenCV 4.6 BRISK (30, 4) with BFMatcher and the same ratio test: 534 matches, 69.9 % within 3 px.
    console.log(`graffiti 1→3: ${a.keypoints.length} / ${b.keypoints.length} keypoints, ${m.x0.length} matches, ${(100 * ok / m.x0.length).toFixed(1)} % within 3 px`);
    expect(m.x0.length).toBeGreaterThan(300);
    expect(ok / m.x0.length).toBeGreaterThan(0.6);
  }, 120_000);

  it('a 35° rotation with 0.8× zoom of a graffiti crop: ≥ 80 % of mutual ratio-test matches correct', () => {
    const g = toGrey8(readRgb('graffiti/graf1.png'));
    const [x0, y0, w, h] = [200, 150, 400, 320];
    const [theta, s] = [(35 * Math.PI) / 180, 0.8];
    const [cx, cy] = [x0 + w / 2, y0 + h / 2];
    const [c, sn] = [Math.cos(theta), Math.sin(theta)];
    // Target pixel (u, v) ← source (x, y) = R(−θ)·(u − w/2, v − h/2)/s + centre; bilinear.
    const src = (u: number, v: number): [number, number] => {
      const du = (u - w / 2) / s, dv = (v - h / 2) / s;
      return [cx + c * du + sn * dv, cy - sn * du + c * dv];
    };
    const tgt: Grey8 = { width: w, height: h, data: new Uint8Array(w * h) };
    for (let v = 0; v < h; v++) for (let u = 0; u < w; u++) {
      const [x, y] = src(u, v);
      const xi = Math.floor(x), yi = Math.floor(y), fx = x - xi, fy = y - yi;
      const p = (a: number, b: number) => g.data[b * g.width + a];
      tgt.data[v * w + u] = Math.round((1 - fx) * (1 - fy) * p(xi, yi) + fx * (1 - fy) * p(xi + 1, yi) + (1 - fx) * fy * p(xi, yi + 1) + fx * fy * p(xi + 1, yi + 1));
    }
    const setOf = (img: Grey8) => {
      const d = describeBrisk(img, detectBrisk(img).keypoints);
      return { x: Float32Array.from(d.keypoints, (k) => k.x), y: Float32Array.from(d.keypoints, (k) => k.y), descriptors: d.descriptors };
    };
    const a = setOf(tgt);
    const b = setOf(g);
    const m = matchBrisk(a, b, { ratio: 0.8, mutual: true });
    let ok = 0;
    for (let i = 0; i < m.x0.length; i++) {
      const [x, y] = src(m.x0[i], m.y0[i]);
      if (Math.hypot(x - m.x1[i], y - m.y1[i]) <= 3) ok++;
    }
    console.log(`rotation 35°, zoom 0.8: ${a.x.length} / ${b.x.length} keypoints, ${m.x0.length} matches, ${(100 * ok / m.x0.length).toFixed(1)} % within 3 px`);
    expect(m.x0.length).toBeGreaterThan(100);
    expect(ok / m.x0.length).toBeGreaterThan(0.8);
  }, 120_000);
});
