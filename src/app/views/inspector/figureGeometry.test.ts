import { describe, expect, it } from 'vitest';
import { layoutExtent, sectorPath, sharedRange, sharedScale } from './figureGeometry';
import { descriptorLayout } from './layout';

describe('figure geometry', () => {
  it('reaches the outer SIFT cells and the outer LSS ring', () => {
    // 4×4 cells of 4 px: the outer cell centre is 6 px out, plus half a cell.
    expect(layoutExtent(descriptorLayout('sift', { binSize: 4, sigma: -1, oriented: false }, 128))).toBe(8);
    expect(layoutExtent(descriptorLayout('lss', { radius: 20, patch: 5, angles: 20, rings: 4, samples: 2, varNoise: 0.0025 }, 80))).toBeCloseTo(20, 12);
    expect(layoutExtent(descriptorLayout('patch', { size: 5 }, 75))).toBe(2.5);
  });

  it('shares one scale across both vectors and never divides by zero', () => {
    expect(sharedScale([0.1, -0.5], [0.3])).toBe(0.5);
    expect(sharedScale([0, 0], null)).toBeGreaterThan(0);
    expect(sharedRange([0.2, 0.5], [0.1])).toEqual({ lo: 0.1, hi: 0.5 });
    expect(sharedRange([0.3], null).hi).toBeGreaterThan(0.3);
  });

  it('draws a sector from its inner to its outer radius, clockwise on screen', () => {
    expect(sectorPath(1, 2, 0, Math.PI / 2)).toBe('M 2.000 0.000 A 2 2 0 0 1 0.000 2.000 L 0.000 1.000 A 1 1 0 0 0 1.000 0.000 Z');
  });
});
