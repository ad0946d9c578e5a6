/** The distance the inspector shows between two vectors, in the descriptor's metric's own units. Pure. */
import { scoreFromSqDist, type Metric } from '../../../engine/match/metric';

/**
 * ‖a − b‖² accumulated in float64, then the metric's score (l2: ‖a − b‖; hamming: differing bits;
 * cosine: 1 − d²/2), the same function the matcher applies to its squared distances.
 */
export function pairScore(metric: Metric, a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`vectors differ in length: ${a.length} vs ${b.length}`);
  let d2 = 0;
  for (let i = 0; i < a.length; i++) d2 += (a[i] - b[i]) ** 2;
  return scoreFromSqDist(metric, d2);
}
