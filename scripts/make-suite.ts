/**
 * Writes a synthetic evaluation suite for `matchscope eval --suite`: pairs made with the distortion
 * generator (src/engine/distort) from the shipped sample images, each folder holding source.png,
 * target.png and H.txt (exact homography, source → target). The sources are area-downscaled by
 * --shrink (default 2) so a suite of all descriptors runs in minutes.
 *
 *   npx tsx scripts/make-suite.ts OUT_DIR [--shrink 2] [--sources graf,moto]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { downscaleArea } from '../src/engine/core/workingSize';
import type { RgbImage } from '../src/engine/core/image';
import { distortImage, formatHomography, type DistortionSpec } from '../src/engine/distort/index';
import { decodeImage } from '../src/cli/decodeImage';

const args = process.argv.slice(2);
const out = args[0];
if (!out || out.startsWith('-')) {
  process.stderr.write('usage: npx tsx scripts/make-suite.ts OUT_DIR [--shrink 2]\n');
  process.exit(2);
}
const shrink = args.includes('--shrink') ? Number(args[args.indexOf('--shrink') + 1]) : 2;
const only = args.includes('--sources') ? args[args.indexOf('--sources') + 1].split(',') : ['graf', 'moto'];

const root = path.resolve(import.meta.dirname, '../public/samples');
const load = (rel: string): RgbImage => {
  const img = decodeImage(readFileSync(path.join(root, rel))).image;
  return shrink > 1 ? downscaleArea(img, Math.floor(img.width / shrink), Math.floor(img.height / shrink)) : img;
};
const FILES: Record<string, string> = { graf: 'graffiti/graf1.png', moto: 'motorcycle/left.png' };
const sources: Record<string, RgbImage> = Object.fromEntries(only.map((k) => [k, load(FILES[k])]));

/** Each distortion once per source: geometric, photometric, modality-like, and two combinations. */
const SPECS: Record<string, Partial<DistortionSpec>> = {
  'rot15': { rotationDeg: 15 },
  'rot45': { rotationDeg: 45, scale: 0.8 },
  'rot90': { rotationDeg: 90, scale: 0.75 },
  'scale0.7': { scale: 0.7 },
  'scale1.4': { scale: 1.4 },
  'scale0.5+blur1': { scale: 0.5, blur: 1 },
  'affine': { shear: 0.3, aspect: 1.2, rotationDeg: 5 },
  'projective': { px: 0.25, py: 0.15, scale: 0.85 },
  'translate': { tx: 23.5, ty: -11 },
  'gamma0.5': { gamma: 0.5, tx: 5, ty: 3 },
  'exposure+1': { exposureEv: 1, tx: 5, ty: 3 },
  'noise0.08': { noise: 0.08, seed: 11, tx: 5, ty: 3 },
  'blur2': { blur: 2, tx: 5, ty: 3 },
  'jpeg10': { jpegQuality: 10, tx: 5, ty: 3 },
  'invert': { modality: 'invert', tx: 5, ty: 3 },
  'swap': { modality: 'swap', tx: 5, ty: 3 },
  'gradient': { modality: 'gradient', tx: 5, ty: 3 },
  'infrared': { modality: 'infrared', tx: 5, ty: 3 },
  'rot10+noise': { rotationDeg: 10, noise: 0.05, seed: 3 },
  'proj+jpeg+gamma': { px: 0.15, py: -0.1, jpegQuality: 30, gamma: 1.8 },
};

function writePng(file: string, img: RgbImage): void {
  const png = new PNG({ width: img.width, height: img.height });
  for (let i = 0, j = 0; j < img.data.length; i += 4, j += 3) {
    for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(Math.min(1, Math.max(0, img.data[j + c])) * 255);
    png.data[i + 3] = 255;
  }
  writeFileSync(file, PNG.sync.write(png));
}

let n = 0;
for (const [srcName, src] of Object.entries(sources)) {
  for (const [specName, spec] of Object.entries(SPECS)) {
    const dir = path.join(out, `${srcName}-${specName}`);
    mkdirSync(dir, { recursive: true });
    const { image, H } = distortImage(src, spec);
    writePng(path.join(dir, 'source.png'), src);
    writePng(path.join(dir, 'target.png'), image);
    writeFileSync(path.join(dir, 'H.txt'), formatHomography(H));
    writeFileSync(path.join(dir, 'spec.json'), `${JSON.stringify(spec)}\n`);
    n++;
  }
}
const sizes = Object.entries(sources).map(([k, v]) => `${k} ${v.width}×${v.height}`).join(', ');
process.stderr.write(`wrote ${n} pairs (${sizes}) to ${out}\n`);
