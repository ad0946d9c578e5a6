import { describe, expect, it } from 'vitest';
import { parsePointsCsv, pointsToWorking } from './points';
import type { LoadedImage } from './loadImage';
import { CliError } from './errors';

const image = (width: number, height: number, ww = width, wh = height): LoadedImage => ({
  path: 'img.png',
  width,
  height,
  working: { width: ww, height: wh, data: new Float32Array(ww * wh * 3) },
});

describe('parsePointsCsv', () => {
  it('reads x,y lines with an optional header, blank lines, comments and CRLF', () => {
    const text = 'x, y\r\n3.4,2.6\r\n\r\n# a comment\n 0 , 0 \n1e1,-0.4\n.5,+7';
    expect(parsePointsCsv(text, 'p.csv')).toEqual([
      { x: 3.4, y: 2.6, line: 2 },
      { x: 0, y: 0, line: 5 },
      { x: 10, y: -0.4, line: 6 },
      { x: 0.5, y: 7, line: 7 },
    ]);
  });

  it('names the file and line of a malformed row', () => {
    expect(() => parsePointsCsv('x,y\n1,2\n3;4\n', 'p.csv')).toThrow('points file p.csv, line 3: expected "x,y" (two numbers), got "3;4"');
    expect(() => parsePointsCsv('1,2,3', 'p.csv')).toThrow(/line 1/);
    expect(() => parsePointsCsv('1,2\nx,y', 'p.csv')).toThrow(/line 2/); // a header only comes first
    expect(() => parsePointsCsv('x,y\n\n', 'p.csv')).toThrow('points file p.csv has no points');
    expect(() => parsePointsCsv('nan,1', 'p.csv')).toThrow(CliError);
  });
});

describe('pointsToWorking', () => {
  it('rounds to the nearest pixel; a point belongs to the image while it rounds into it', () => {
    const pts = parsePointsCsv('3.4,2.6\n-0.5,0.49\n11.49,8.4', 'p.csv');
    const set = pointsToWorking(pts, image(12, 9), 'p.csv');
    expect(Array.from(set.xs)).toEqual([3, 0, 11]);
    expect(Array.from(set.ys)).toEqual([3, 0, 8]);
  });

  it('rejects a point outside the image, naming its line', () => {
    const pts = parsePointsCsv('x,y\n1,1\n11.5,3\n', 'p.csv');
    expect(() => pointsToWorking(pts, image(12, 9), 'p.csv')).toThrow(
      'points file p.csv, line 3: (11.5, 3) is outside the 12×9 image (pixel centres run from (0, 0) to (11, 8))',
    );
    expect(() => pointsToWorking(parsePointsCsv('0,-0.6', 'p.csv'), image(12, 9), 'p.csv')).toThrow(/line 1/);
  });

  it('maps original pixels to a downscaled working image, clamped at the edges', () => {
    // Half size: original x covers working (x + 0.5)/2 − 0.5, so 0 → −0.25 → 0 and 11 → 5.25 → 5.
    const set = pointsToWorking(parsePointsCsv('0,0\n11,7\n5,4', 'p.csv'), image(12, 8, 6, 4), 'p.csv');
    expect(Array.from(set.xs)).toEqual([0, 5, 2]);
    expect(Array.from(set.ys)).toEqual([0, 3, 2]);
  });
});
