import { describe, expect, it } from 'vitest';
import { progressivePasses, refiningStage } from './progressive';

describe('progressive passes', () => {
  const vga = { width: 640, height: 480 };
  it('previews a large compute at twice the stride, then runs the requested one', () => {
    // Stride 8 on 640×480: 4800 × 4800 pairs.
    expect(progressivePasses(8, 8, vga, vga)).toEqual([{ stride: 16, targetStride: 16, coarse: true }, { stride: 8, targetStride: 8, coarse: false }]);
    expect(progressivePasses(4, 2, vga, vga)[0]).toEqual({ stride: 8, targetStride: 4, coarse: true });
  });
  it('runs a small compute in one pass', () => {
    // Stride 32: 300 × 300 pairs.
    expect(progressivePasses(32, 32, vga, vga)).toEqual([{ stride: 32, targetStride: 32, coarse: false }]);
    expect(progressivePasses(1, 1, { width: 30, height: 20 }, { width: 30, height: 20 })).toHaveLength(1);
    expect(progressivePasses(200, 200, { width: 1e5, height: 1e5 }, { width: 1e5, height: 1e5 })).toHaveLength(1);
  });
  it('says which result is on screen', () => {
    const [c, f] = progressivePasses(8, 8, vga, vga);
    expect(refiningStage(c, f)).toBe('stride 16 preview shown, refining to stride 8');
  });
});
