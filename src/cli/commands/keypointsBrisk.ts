/** `matchscope keypoints --method brisk`: BRISK keypoints (Leutenegger et al., ICCV 2011) and their 512-bit descriptors. */
import { briskDetectAndDescribe } from '../../engine/keypoints/brisk/brisk';
import { BRISK_WORDS } from '../../engine/keypoints/brisk/descriptor';
import type { LoadedImage } from '../loadImage';
import { scalesOf } from '../loadImage';
import { since, type Log } from '../log';
import { toOriginal } from '../../engine/core/workingSize';

/** Hex of the 64 descriptor bytes in OpenCV's order (word w, little endian), so OpenCV's rows compare directly. */
function hex(words: Uint32Array, row: number): string {
  let s = '';
  for (let w = 0; w < BRISK_WORDS; w++) {
    const v = words[row * BRISK_WORDS + w];
    for (let b = 0; b < 4; b++) s += ((v >>> (8 * b)) & 255).toString(16).padStart(2, '0');
  }
  return s;
}

export function briskKeypointsDocument(img: LoadedImage, params: { threshold: number; octaves: number }, log: Log) {
  const t0 = performance.now();
  const found = briskDetectAndDescribe(img.working, params);
  log.progress(`${found.keypoints.length} BRISK keypoints in ${since(t0).toFixed(0)} ms (${found.octavesUsed} octaves)`);
  const { sx, sy } = scalesOf(img);
  const r3 = (n: number) => Math.round(n * 1000) / 1000;
  const keypoints = found.keypoints.map((k) => ({
    x: r3(toOriginal(k.x, sx)), y: r3(toOriginal(k.y, sy)), size: r3(k.size / sx), angle: r3((k.angle * Math.PI) / 180), response: r3(k.response), layer: k.layer,
  }));
  const descriptors = keypoints.map((_, i) => hex(found.set.descriptors, i));
  return { width: img.width, height: img.height, method: 'brisk', params: { ...params, octavesUsed: found.octavesUsed }, keypoints, descriptors };
}
