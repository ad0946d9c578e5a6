import { describe, expect, it } from 'vitest';
import { COMPARE_MAX, COMPARE_MIN, initialIds, toggleId } from './compareStore';
import { isDescriptorId } from '../../../engine/descriptors/registry';

describe('compare selection', () => {
  it('keeps between two and four descriptors', () => {
    expect(toggleId(['a', 'b'], 'a')).toEqual(['a', 'b']);
    expect(toggleId(['a', 'b', 'c'], 'a')).toEqual(['b', 'c']);
    expect(toggleId(['a', 'b', 'c'], 'd')).toEqual(['a', 'b', 'c', 'd']);
    expect(toggleId(['a', 'b', 'c', 'd'], 'e')).toEqual(['a', 'b', 'c', 'd']);
    expect(COMPARE_MIN).toBe(2);
    expect(COMPARE_MAX).toBe(4);
  });

  it('starts from the current descriptor plus registered classics, without repeats', () => {
    expect(initialIds('sift')).toEqual(['sift', 'daisy', 'census']);
    expect(initialIds('patch')).toEqual(['patch', 'sift', 'daisy']);
    for (const id of initialIds('patch')) expect(isDescriptorId(id)).toBe(true);
  });
});
