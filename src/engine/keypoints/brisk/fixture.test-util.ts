/**
 * The OpenCV BRISK fixture (scripts/oracles/brisk_opencv.py), decoded for the tests. Kept free of Node
 * APIs (the engine compiles without them): the tests read the file and pass its text in.
 */
import type { Grey8 } from './grey';
import { BRISK_WORDS } from './descriptor';

export interface FixtureKeypoint { x: number; y: number; size: number; angle: number; response: number; octave: number; descriptor: string; id?: number }
export interface BriskFixture { width: number; height: number; grey: Grey8; detected: FixtureKeypoint[]; given: FixtureKeypoint[]; givenTotal: number }

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0, bits = 0, n = 0;
  for (const ch of clean) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) { bits -= 8; out[n++] = (acc >> bits) & 255; }
  }
  return out;
}

export function parseBriskFixture(text: string): BriskFixture {
  const raw = JSON.parse(text) as Omit<BriskFixture, 'grey'> & { grey: string };
  return { ...raw, grey: { width: raw.width, height: raw.height, data: fromBase64(raw.grey) } };
}

/** OpenCV's 64 bytes (hex) → 16 little-endian uint32 words, the layout of describeBrisk. */
export function fixtureWords(hex: string): Uint32Array {
  const out = new Uint32Array(BRISK_WORDS);
  for (let b = 0; b < 4 * BRISK_WORDS; b++) out[b >> 2] |= parseInt(hex.slice(2 * b, 2 * b + 2), 16) << (8 * (b & 3));
  return out;
}
