/**
 * Times the Warp view's geometry in Node on the Graffiti pair (800×640): the RANSAC fit, the backward maps
 * and the bilinear warps, as the page runs them on the main thread. Prints median ms of 5 runs.
 * Run: npx tsx scripts/warp-timing.ts
 */
import fs from 'node:fs';
import { PNG } from 'pngjs';
import { gridPoints } from '../src/engine/core/grid';
import { mulberry32 } from '../src/engine/core/random';
import { parseHomography } from '../src/engine/eval/groundTruth';
import { fieldMapFromMatches } from '../src/engine/geometry/correspondenceField';
import { flowToRgba } from '../src/engine/geometry/flowColor';
import { applyHomography } from '../src/engine/geometry/homography';
import { ransacHomography } from '../src/engine/geometry/ransac';
import { homographyMap, warpRgba } from '../src/engine/geometry/warp';

const png = PNG.sync.read(fs.readFileSync('public/samples/graffiti/graf1.png'));
const src = { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
const gt = parseHomography(fs.readFileSync('public/samples/graffiti/H1to3.txt', 'utf8'));
if (gt.kind !== 'homography') throw new Error('expected a homography');

// Stride-8 grid matches: 50 % follow the ground truth, 50 % are random (like a weak descriptor's).
const g = gridPoints(800, 640, 8);
const rand = mulberry32(1);
const m = { x0: [] as number[], y0: [] as number[], x1: [] as number[], y1: [] as number[] };
for (let i = 0; i < g.xs.length; i++) {
  const p = applyHomography(gt.H, g.xs[i], g.ys[i])!;
  const good = rand() < 0.5;
  m.x0.push(g.xs[i]);
  m.y0.push(g.ys[i]);
  m.x1.push(good ? Math.round(p[0]) : Math.floor(rand() * 800));
  m.y1.push(good ? Math.round(p[1]) : Math.floor(rand() * 640));
}
const frame = { width: 800, height: 640, sx: 1, sy: 1 };

function time(label: string, f: () => unknown) {
  const t: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} ${t[2].toFixed(1).padStart(7)} ms`);
}

console.log(`Graffiti 800×640, ${m.x0.length} grid matches (half of them outliers), Node ${process.version}`);
time('RANSAC, 2000 iterations, threshold 3 px', () => ransacHomography(m, { threshold: 3, iterations: 2000 }));
time('homography backward map (800×640)', () => homographyMap(gt.H, 800, 640));
const hm = homographyMap(gt.H, 800, 640);
time('bilinear warp of RGBA through it', () => warpRgba(src, hm));
time('NN field map from the grid matches (cells 8×8)', () => fieldMapFromMatches(m, frame, frame, { cell: 8 }));
const u = new Float32Array(800 * 640).map(() => rand() * 20 - 10);
time('Middlebury colours of an 800×640 flow', () => flowToRgba(u, u, 800, 640));
const r = ransacHomography(m, { threshold: 3, iterations: 2000 })!;
console.log(`RANSAC: ${r.inlierCount} inliers of ${m.x0.length}`);
