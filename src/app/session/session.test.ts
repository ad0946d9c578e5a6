import { describe, expect, it } from 'vitest';
import { buildSession, parseSession, sha256Hex, SessionError } from './session';
import { DEFAULT_SETTINGS } from '../store/settings';
import { DEFAULT_VIEW } from '../store/view';

const stamp = (name: string) => ({ name, sha256: 'ab'.repeat(32), width: 741, height: 500 });

function valid() {
  return buildSession({
    images: { source: stamp('left.png'), target: stamp('right.png') },
    settings: { ...DEFAULT_SETTINGS, descriptorId: 'census', params: { census: { size: 9 } }, stride: 4, ratio: 0.8 },
    view: { ...DEFAULT_VIEW, tab: 'compare', zoom: 2.5, hover: { side: 'source', x: 1, y: 2 } },
    query: { from: 'source', x: 400, y: 250 },
  }, new Date('2026-11-25T12:00:00Z'));
}

describe('session files', () => {
  it('round-trip: what is saved is what is restored, params validated, the pointer left out', () => {
    const doc = valid();
    expect(doc.view).not.toHaveProperty('hover');
    const back = parseSession(JSON.stringify(doc));
    expect(back).toEqual(doc);
    expect(back.settings.params.census).toEqual({ size: 9 });
  });

  it('refuses files that are not ours or were tampered with, saying what is wrong', () => {
    const bad = (edit: (d: ReturnType<typeof valid> & Record<string, unknown>) => void) => {
      const d = JSON.parse(JSON.stringify(valid()));
      edit(d);
      return () => parseSession(JSON.stringify(d));
    };
    expect(() => parseSession('{not json')).toThrow(/not JSON/);
    expect(() => parseSession('{"app":"other"}')).toThrow(/not a Matchscope session/);
    expect(bad((d) => { d.version = 2 as never; })).toThrow(/version must be 1/);
    expect(bad((d) => { d.settings.descriptorId = 'evil'; })).toThrow(/settings.descriptorId is not a descriptor/);
    expect(bad((d) => { d.settings.stride = 0; })).toThrow(/settings.stride must be in 1…64/);
    expect(bad((d) => { d.settings.params = { census: { size: 4 } }; })).toThrow(SessionError);
    expect(bad((d) => { d.settings.params = { census: { size: 4 } }; })).toThrow(/settings.params.census are invalid/);
    expect(bad((d) => { d.view.tab = 'admin' as never; })).toThrow(/view.tab is not a view/);
    expect(bad((d) => { d.view.zoom = 1e9; })).toThrow(/view.zoom/);
    expect(bad((d) => { d.images.source!.sha256 = 'xyz'; })).toThrow(/sha256/);
    expect(bad((d) => { d.query!.x = 741; })).toThrow(/query.x must be in 0…740/);
    expect(bad((d) => { d.settings.ratio = 3; })).toThrow(/ratio/);
  });

  it('drops params of descriptors it does not know (older or newer files) and keeps the rest', () => {
    const d = JSON.parse(JSON.stringify(valid()));
    d.settings.params.gone = { anything: 1 };
    expect(parseSession(JSON.stringify(d)).settings.params).toEqual({ census: { size: 9 } });
  });

  it('hashes bytes with SHA-256', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc').buffer as ArrayBuffer)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
