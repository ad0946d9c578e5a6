import { describe, expect, it } from 'vitest';
import { buildMatchesDocument, matchesCsv } from './matchesDocument';

describe('matchesCsv', () => {
  it('writes the header and one row per match in original pixels, mutual as 1/0', () => {
    const ref = { path: 'a.png', width: 200, height: 100, workingWidth: 100, workingHeight: 50 };
    const doc = buildMatchesDocument({
      source: ref, target: ref, descriptor: { id: 'patch', params: { size: 5 }, dim: 75 },
      settings: { stride: 4, targetStride: 4, mutual: true, ratio: null, refine: true, metric: 'l2', search: 'global', dmin: 0, dmax: 64 }, backend: 'cpu', timingsMs: {},
      matches: { x0: Float32Array.of(10), y0: Float32Array.of(4), x1: Float32Array.of(12), y1: Float32Array.of(5), score: Float32Array.of(0.12345), mutual: Uint8Array.of(1), candidates: 1 },
    });
    // Working pixel 10 at scale ½ is original (10 + ½)·2 − ½ = 20.5.
    expect(matchesCsv(doc)).toBe('x0,y0,x1,y1,score,mutual\n20.5,8.5,24.5,10.5,0.123,1\n');
  });
});
