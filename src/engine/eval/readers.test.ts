import { describe, expect, it } from 'vitest';
import { GroundTruthError, trueTarget } from './groundTruth';
import { checkGroundTruthSize, FLO_MAGIC, parseFlo, parseGroundTruthFile, parsePointsCsv } from './readers';

/** A .flo file as Middlebury's flowIO.cpp writes it: magic, width, height, (u, v) pairs, little-endian. */
function flo(w: number, h: number, uv: [number, number][], little = true): Uint8Array {
  const dv = new DataView(new ArrayBuffer(12 + w * h * 8));
  dv.setFloat32(0, FLO_MAGIC, little);
  dv.setInt32(4, w, little);
  dv.setInt32(8, h, little);
  uv.forEach(([u, v], i) => {
    dv.setFloat32(12 + i * 8, u, little);
    dv.setFloat32(16 + i * 8, v, little);
  });
  return new Uint8Array(dv.buffer);
}

describe('.flo reader', () => {
  it('reads (u, v) row-major, top row first; 1e10 and NaN are unknown', () => {
    const gt = parseFlo(flo(2, 2, [[1, 2], [-3, 0.5], [1e10, 0], [NaN, 1]]));
    expect(gt.kind).toBe('flow');
    expect(trueTarget(gt, 0, 0)).toEqual([1, 2]);
    expect(trueTarget(gt, 1, 0)).toEqual([-2, 0.5]);
    expect(trueTarget(gt, 0, 1)).toBeNull();
    expect(trueTarget(gt, 1, 1)).toBeNull();
    expect(trueTarget(gt, 2, 0)).toBeNull(); // outside the map
  });

  it('checks the magic number: "PIEH" as bytes', () => {
    expect(Array.from(flo(1, 1, [[0, 0]]).subarray(0, 4), (b) => String.fromCharCode(b)).join('')).toBe('PIEH');
    const bad = flo(1, 1, [[0, 0]]);
    bad[0] = 0;
    expect(() => parseFlo(bad)).toThrow(/magic number/);
    expect(() => parseFlo(flo(1, 1, [[0, 0]], false))).toThrow(/big-endian/);
  });

  it('rejects short, truncated and absurd files with the reason', () => {
    expect(() => parseFlo(new Uint8Array(5))).toThrow(/12-byte header/);
    expect(() => parseFlo(flo(3, 2, [[0, 0]]).subarray(0, 30))).toThrow(/truncated: 30 bytes, 60 needed for 3×2/);
    const neg = flo(1, 1, [[0, 0]]);
    new DataView(neg.buffer).setInt32(4, -4, true);
    expect(() => parseFlo(neg)).toThrow(/size is malformed: -4×1/);
  });
});

describe('points CSV reader', () => {
  it('reads x0,y0,x1,y1 in any column order, ignores extra columns and blank lines', () => {
    const gt = parsePointsCsv('y0, x0 ,x1,y1,label\n2,1,10,20,a\n\n4,3,30,40,b\n');
    expect(gt.kind).toBe('points');
    expect(trueTarget(gt, 1, 2)).toEqual([10, 20]);
    expect(trueTarget(gt, 3, 4)).toEqual([30, 40]);
    expect(trueTarget(gt, 3, 3)).toBeNull();
  });

  it('names the line and column of a bad cell, and a bad header', () => {
    expect(() => parsePointsCsv('x0,y0,x1,y1\n1,2,3,4\n1,2,x,4')).toThrow(/line 3: "x" in column x1/);
    expect(() => parsePointsCsv('a,b,c,d\n1,2,3,4')).toThrow(/header must name x0,y0,x1,y1/);
    expect(() => parsePointsCsv('x0,y0,x1,y1\n')).toThrow(/no correspondences/);
    expect(() => parsePointsCsv('')).toThrow(/empty/);
    expect(() => parsePointsCsv('x0,y0,x1,y1\n1,2,3')).toThrow(/line 2: "" in column y1/);
  });
});

describe('parseGroundTruthFile', () => {
  it('chooses the reader by extension', () => {
    const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    expect(parseGroundTruthFile('H.txt', enc('1 0 0 0 1 0 0 0 1')).kind).toBe('homography');
    expect(parseGroundTruthFile('flow.FLO', flo(1, 1, [[0, 0]])).kind).toBe('flow');
    expect(parseGroundTruthFile('points.csv', enc('x0,y0,x1,y1\n0,0,1,1')).kind).toBe('points');
    expect(() => parseGroundTruthFile('image.png', new Uint8Array(4))).toThrow(GroundTruthError);
    expect(() => parseGroundTruthFile('H.txt', enc('1 2 3'))).toThrow(/9 numbers/);
  });

  it('checks a dense map against the source size', () => {
    const gt = parseFlo(flo(2, 1, [[0, 0], [0, 0]]));
    expect(() => checkGroundTruthSize(gt, 2, 1)).not.toThrow();
    expect(() => checkGroundTruthSize(gt, 3, 1)).toThrow(/flow map is 2×1 but the source image is 3×1/);
  });
});
