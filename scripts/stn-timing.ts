/**
 * Timings of the Grids view's engine pieces on this machine (Node, wasm for the tensor part): the
 * playground's grid generators and bilinear sampler, and oriented SIFT's θ₀ map of a whole image.
 * Run: npx tsx scripts/stn-timing.ts
 */
import path from 'node:path';
import '../src/engine/tf/registerNode';
import { activateBackend, backendOrder } from '../src/engine/tf/backends';
import { NODE_ENVIRONMENT } from '../src/engine/tf/registerNode';
import { loadImage } from '../src/cli/loadImage';
import { affineGrid, composeTheta } from '../src/engine/stn/affine';
import { homographyFromPoints, projectiveGrid, UNIT_CORNERS } from '../src/engine/stn/projective';
import { regularControls, solveTps, tpsGrid } from '../src/engine/stn/tps';
import { bilinearSample } from '../src/engine/stn/sampler';
import { siftOrientationMap, siftOrientationsAt } from '../src/engine/stn/siftFrames';

const root = path.resolve(import.meta.dirname, '../public/samples');
const quiet = { progress: () => {}, notice: () => {} } as never;
const img = loadImage(path.join(root, 'motorcycle/left.png'), 'left.png', 1e9, quiet).working;

function median(f: () => unknown, runs = 7): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main() {
  await activateBackend(backendOrder('wasm', NODE_ENVIRONMENT));
  const [w, h] = [240, 162];
  const theta = composeTheta({ scale: 0.6, rotation: 30, shear: 0.1, tx: 0.1, ty: 0 });
  const hom = homographyFromPoints(UNIT_CORNERS, [[-0.8, -1], [0.9, -0.7], [1, 1], [-1, 0.8]]);
  const controls = regularControls(3);
  const tps = solveTps(controls, controls.map(([x, y], i) => (i === 4 ? [0.2, -0.1] as const : [x, y] as const)));
  const grids = { affine: affineGrid(theta, w, h), projective: projectiveGrid(hom, w, h), tps: tpsGrid(tps, w, h) };
  console.log(`image ${img.width}×${img.height}; output ${w}×${h} (the playground's); median of 7 runs`);
  console.log(`affine grid ${median(() => affineGrid(theta, w, h)).toFixed(2)} ms, projective grid ${median(() => projectiveGrid(hom, w, h)).toFixed(2)} ms, TPS solve (9 controls) ${median(() => solveTps(controls, controls)).toFixed(3)} ms, TPS grid ${median(() => tpsGrid(tps, w, h)).toFixed(2)} ms`);
  for (const [k, g] of Object.entries(grids)) console.log(`bilinear sample (${k} grid) ${median(() => bilinearSample(img, g, w, h)).toFixed(2)} ms`);
  const t: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await siftOrientationMap(img, 4, -1);
    t.push(performance.now() - t0);
  }
  console.log(`oriented SIFT θ₀ map (binSize 4, wasm): ${t.map((v) => v.toFixed(0)).join(' / ')} ms (first includes warm-up)`);
  const t0 = performance.now();
  await siftOrientationsAt(img, [{ x: 330, y: 200 }, { x: 282, y: 199 }], 4, -1);
  console.log(`θ₀ at 2 pixels from crops (the inspector's pair): ${(performance.now() - t0).toFixed(0)} ms`);
}

void main();
