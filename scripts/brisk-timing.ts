/**
 * Times BRISK in Node: detection, description and brute-force Hamming matching, on a 640×480 crop of
 * graffiti 1 and on the full graffiti 1 → 3 pair (800×640). Prints the median ms of 3 runs per stage, and
 * OpenCV 4.6's BRISK on the same inputs when /usr/bin/python3 has cv2 (the peer ratio is ours / OpenCV's).
 * Run: npx tsx scripts/brisk-timing.ts
 */
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';
import { rgbaToRgbImage } from '../src/engine/core/image';
import { toGrey8, type Grey8 } from '../src/engine/keypoints/brisk/grey';
import { detectBrisk } from '../src/engine/keypoints/brisk/detector';
import { describeBrisk } from '../src/engine/keypoints/brisk/descriptor';
import { matchBrisk } from '../src/engine/keypoints/brisk/match';

const grey = (file: string) => { const p = PNG.sync.read(fs.readFileSync(file)); return toGrey8(rgbaToRgbImage(p.data, p.width, p.height)); };
const crop = (g: Grey8, x0: number, y0: number, w: number, h: number): Grey8 => {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(g.data.subarray((y0 + y) * g.width + x0, (y0 + y) * g.width + x0 + w), y * w);
  return { width: w, height: h, data };
};
function median3<T>(f: () => T): { ms: number; out: T } {
  const ms: number[] = [];
  let out!: T;
  for (let r = 0; r < 3; r++) { const t = performance.now(); out = f(); ms.push(performance.now() - t); }
  return { ms: ms.sort((a, b) => a - b)[1], out };
}
function run(label: string, a: Grey8, b: Grey8) {
  const det = median3(() => detectBrisk(a).keypoints);
  const desc = median3(() => describeBrisk(a, det.out));
  const setOf = (g: Grey8) => { const d = describeBrisk(g, detectBrisk(g).keypoints); return { x: Float32Array.from(d.keypoints, (k) => k.x), y: Float32Array.from(d.keypoints, (k) => k.y), descriptors: d.descriptors }; };
  const sa = setOf(a), sb = setOf(b);
  const match = median3(() => matchBrisk(sa, sb, { ratio: 0.8, mutual: false }));
  const pairs = sa.x.length * sb.x.length;
  console.log(`${label}: detect ${det.ms.toFixed(0)} ms (${det.out.length} keypoints), describe ${desc.ms.toFixed(0)} ms (${desc.out.keypoints.length} kept), ` +
    `match ${sa.x.length}×${sb.x.length} both ways ${match.ms.toFixed(0)} ms (${(2 * pairs / match.ms / 1000).toFixed(1)} M distances/s)`);
  return { det: det.ms + desc.ms, match: match.ms };
}

const g1 = grey('public/samples/graffiti/graf1.png');
const g3 = grey('public/samples/graffiti/graf3.png');
const ours640 = run('640×480 crop of graf1 vs graf3 crop', crop(g1, 80, 80, 640, 480), crop(g3, 80, 80, 640, 480));
const oursFull = run('graf1 → graf3 800×640', g1, g3);

const py = `
import cv2, time, statistics as st
a = cv2.cvtColor(cv2.imread('public/samples/graffiti/graf1.png'), cv2.COLOR_BGR2GRAY)
b = cv2.cvtColor(cv2.imread('public/samples/graffiti/graf3.png'), cv2.COLOR_BGR2GRAY)
br = cv2.BRISK_create(30, 4)
def t(f):
    ms = []
    for _ in range(3):
        s = time.perf_counter(); f(); ms.append(1000 * (time.perf_counter() - s))
    return st.median(ms)
for A, B in ((a[80:560, 80:720].copy(), b[80:560, 80:720].copy()), (a, b)):
    da = br.detectAndCompute(A, None)[1]; db = br.detectAndCompute(B, None)[1]
    bf = cv2.BFMatcher(cv2.NORM_HAMMING)
    print(t(lambda: br.detectAndCompute(A, None)), t(lambda: (bf.knnMatch(da, db, k=2), bf.knnMatch(db, da, k=1))))
`;
try {
  const out = execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(' ').map(Number));
  const show = (label: string, o: number[], ours: { det: number; match: number }) =>
    console.log(`OpenCV 4.6 ${label}: detect+describe ${o[0].toFixed(0)} ms, match ${o[1].toFixed(0)} ms; peer ratio ${(ours.det / o[0]).toFixed(1)}× and ${(ours.match / o[1]).toFixed(1)}×`);
  show('640×480', out[0], ours640);
  show('800×640', out[1], oursFull);
} catch (e) {
  console.log(`OpenCV not timed: ${(e as Error).message.split('\n')[0]}`);
}
