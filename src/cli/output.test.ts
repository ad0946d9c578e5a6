import { describe, expect, it } from 'vitest';
import { float32Text } from './output';

describe('float32Text', () => {
  it('writes the shortest text that reads back as the same float32', () => {
    for (const v of [0.2, 1 / 3, 60 / 255, 1e-7, 123456.789, -0.1, 3.4028234663852886e38]) {
      const f = Math.fround(v);
      const text = float32Text(f);
      expect(Math.fround(Number(text))).toBe(f);
      expect(text.replace(/^-|\.|e.*$/g, '').replace(/^0+/, '').length).toBeLessThanOrEqual(9);
    }
    expect(float32Text(Math.fround(0.2))).toBe('0.2');
    expect(float32Text(Math.fround(60 / 255))).toBe('0.23529412');
    expect([0, 1, -3].map(float32Text)).toEqual(['0', '1', '-3']);
    expect(float32Text(NaN)).toBe('null');
  });
});
