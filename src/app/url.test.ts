import { describe, expect, it } from 'vitest';
import { settingsFromQuery, settingsToQuery } from './url';
import { DEFAULT_SETTINGS } from './store/settings';

describe('settings in the address bar', () => {
  it('reads valid values and round-trips them', () => {
    const s = settingsFromQuery('?descriptor=census&stride=4&tstride=1&mutual=0&refine=0&ratio=0.7&backend=webgpu&p.size=9', DEFAULT_SETTINGS);
    expect(s).toMatchObject({ descriptorId: 'census', stride: 4, targetStride: 1, mutual: false, refine: false, ratio: 0.7, backend: 'webgpu' });
    expect(s.params.census).toEqual({ size: 9 });
    const again = settingsFromQuery(settingsToQuery(s, s.params.census), DEFAULT_SETTINGS);
    expect(again).toEqual(s);
  });

  it('carries the int16 precision only when asked for, and ignores unknown precisions', () => {
    expect(settingsToQuery(DEFAULT_SETTINGS, {})).not.toContain('precision');
    const s = settingsFromQuery('?precision=int16', DEFAULT_SETTINGS);
    expect(s.precision).toBe('int16');
    expect(settingsToQuery(s, {})).toContain('precision=int16');
    expect(settingsFromQuery('?precision=int8', DEFAULT_SETTINGS).precision).toBe('float32');
  });

  it('ignores what it cannot use instead of failing', () => {
    const s = settingsFromQuery('?descriptor=nope&stride=-3&ratio=7&backend=quantum&p.size=8', DEFAULT_SETTINGS);
    expect(s.descriptorId).toBe(DEFAULT_SETTINGS.descriptorId);
    expect(s.stride).toBe(DEFAULT_SETTINGS.stride);
    expect(s.ratio).toBe(DEFAULT_SETTINGS.ratio);
    expect(s.backend).toBe('auto');
    expect(s.params[s.descriptorId]).toBeUndefined(); // p.size=8 is even: rejected, defaults kept
  });
});
