import { describe, expect, it } from 'vitest';
import { parseHomography, parsePfm, trueTarget, GroundTruthError } from './groundTruth';
import { pckAtThresholds } from './pck';

function pfm(w: number, h: number, rowsTopFirst: number[][], little: boolean): Uint8Array {
  const head = new TextEncoder().encode(`Pf\n${w} ${h}\n${little ? '-1.0' : '1.0'}\n`);
  const body = new DataView(new ArrayBuffer(w * h * 4));
  rowsTopFirst.slice().reverse().flat().forEach((v, i) => body.setFloat32(i * 4, v, little));
  const out = new Uint8Array(head.length + w * h * 4);
  out.set(head, 0);
  out.set(new Uint8Array(body.buffer), head.length);
  return out;
}

describe('ground truth readers', () => {
  it('reads a PFM in both byte orders, bottom row first, inf as unknown', () => {
    const rows = [[1, 2, Infinity], [4, 5, 6]];
    for (const little of [true, false]) {
      const gt = parsePfm(pfm(3, 2, rows, little));
      expect(gt.kind).toBe('disparity');
      if (gt.kind !== 'disparity') return;
      expect(Array.from(gt.d)).toEqual([1, 2, Infinity, 4, 5, 6]);
      expect(trueTarget(gt, 1, 0)).toEqual([-1, 0]);
      expect(trueTarget(gt, 2, 0)).toBeNull();
      expect(trueTarget(gt, 2, 1)).toEqual([-4, 1]);
    }
  });

  it('rejects malformed PFMs with the reason', () => {
    expect(() => parsePfm(new TextEncoder().encode('P6\n1 1\n255\n'))).toThrow(GroundTruthError);
    expect(() => parsePfm(pfm(3, 2, [[1, 2, 3], [4, 5, 6]], true).subarray(0, 20))).toThrow(/truncated/);
  });

  it('applies a homography with the perspective divide', () => {
    const gt = parseHomography('2 0 1\n0 2 3\n0 0 2');
    expect(trueTarget(gt, 4, 5)).toEqual([4.5, 6.5]);
    expect(() => parseHomography('1 2 3')).toThrow(/9 numbers/);
  });
});

describe('pckAtThresholds', () => {
  it('counts errors at most T over points with known, in-image ground truth', () => {
    const gt = parseHomography('1 0 10 0 1 0 0 0 1'); // x' = x + 10
    const m = { x0: [0, 1, 2, 95], y0: [0, 0, 0, 0], x1: [10, 12, 15, 0], y1: [0, 0, 4, 0] };
    // errors: 0, 1, 5 (a 3-4-5 triangle); the last source point maps to x' = 105, outside a 100-wide target: not evaluated.
    const r = pckAtThresholds(m, gt, 100, 50, [1, 3, 5]);
    expect(r.points).toBe(3);
    expect(r.pck).toEqual({ '1': 2 / 3, '3': 2 / 3, '5': 1 });
    expect(r.epeMedian).toBe(1);
  });
});
