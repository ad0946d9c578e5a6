/**
 * Matching two sets of sparse SIFT keypoints by their descriptors: exhaustive nearest neighbour (the same
 * tiled search as the dense grid), Lowe's ratio test and the mutual check. Descriptors are unit vectors, so
 * scores are cosine similarities.
 */
import { tf, type Tensor2D } from '../tf';
import { nearestNeighbours, passesRatio } from '../match/nearest';
import type { MatchSet } from '../match/matchPair';
import type { Keypoint } from './keypoint';

export interface KeypointSet {
  keypoints: Keypoint[];
  /** (N × 128) float32, unit rows. */
  descriptors: Float32Array;
}

export async function matchKeypoints(a: KeypointSet, b: KeypointSet, opts: { ratio: number | null; mutual: boolean }): Promise<MatchSet> {
  const n = a.keypoints.length;
  const m = b.keypoints.length;
  const empty = { x0: new Float32Array(0), y0: new Float32Array(0), x1: new Float32Array(0), y1: new Float32Array(0), score: new Float32Array(0), mutual: new Uint8Array(0), candidates: n };
  if (n === 0 || m === 0) return empty;
  const ta = tf.tensor2d(a.descriptors, [n, 128]) as Tensor2D;
  const tb = tf.tensor2d(b.descriptors, [m, 128]) as Tensor2D;
  let nn;
  try {
    nn = await nearestNeighbours(ta, tb);
  } finally {
    tf.dispose([ta, tb]);
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    const mutual = nn.reverseIndex[nn.index[i]] === i;
    if (opts.mutual && !mutual) continue;
    if (opts.ratio !== null && !passesRatio(nn.sqDist1[i], nn.sqDist2[i], opts.ratio)) continue;
    keep.push(i);
  }
  const pick = (f: (i: number) => number) => Float32Array.from(keep, f);
  return {
    x0: pick((i) => a.keypoints[i].x),
    y0: pick((i) => a.keypoints[i].y),
    x1: pick((i) => b.keypoints[nn.index[i]].x),
    y1: pick((i) => b.keypoints[nn.index[i]].y),
    score: pick((i) => 1 - nn.sqDist1[i] / 2),
    mutual: Uint8Array.from(keep, (i) => (nn.reverseIndex[nn.index[i]] === i ? 1 : 0)),
    candidates: n,
  };
}
