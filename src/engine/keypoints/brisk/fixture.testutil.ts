/** The OpenCV BRISK fixture (scripts/oracles/brisk_opencv.py), decoded for the tests. */
import { readFileSync } from 'node:fs';
import type { Grey8 } from './grey';
import { BRISK_WORDS } from './descriptor';

export interface FixtureKeypoint { x: number; y: number; size: number; angle: number; response: number; octave: number; descriptor: string; id?: number }
interface Fixture { width: number; height: number; grey: string; detected: FixtureKeypoint[]; given: FixtureKeypoint[]; givenTotal: number }

export const fixture = JSON.parse(readFileSync(new URL('./fixtures/brisk_opencv.json', import.meta.url), 'utf8')) as Fixture;

export const fixtureGrey: Grey8 = { width: fixture.width, height: fixture.height, data: new Uint8Array(Buffer.from(fixture.grey, 'base64')) };

/** OpenCV's 64 bytes (hex) → 16 little-endian uint32 words, the layout of describeBrisk. */
export function fixtureWords(hex: string): Uint32Array {
  const bytes = Buffer.from(hex, 'hex');
  const out = new Uint32Array(BRISK_WORDS);
  for (let w = 0; w < BRISK_WORDS; w++) out[w] = bytes.readUInt32LE(4 * w);
  return out;
}
