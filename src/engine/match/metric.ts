/**
 * How descriptors are compared. Every metric here is a function of the squared Euclidean distance d²,
 * so nearest-neighbour search is always one matrix product (d² = ‖a‖² + ‖b‖² − 2a·b):
 *  - `l2`: score = ‖a − b‖ (lower is better);
 *  - `hamming`: bits stored as 0/1, so ‖a − b‖² is the number of differing bits (lower is better);
 *  - `cosine`: vectors are unit length, so a·b = 1 − d²/2 (higher is better, −1…1).
 */
export type Metric = 'l2' | 'hamming' | 'cosine';

export interface MetricInfo {
  readonly id: Metric;
  /** What the score is, in words, for legends and tooltips. */
  readonly label: string;
  readonly higherIsBetter: boolean;
}

export const METRICS: Record<Metric, MetricInfo> = {
  l2: { id: 'l2', label: 'Euclidean distance ‖a − b‖', higherIsBetter: false },
  hamming: { id: 'hamming', label: 'Hamming distance (differing bits)', higherIsBetter: false },
  cosine: { id: 'cosine', label: 'cosine similarity a·b', higherIsBetter: true },
};

/** What a click query's scores can be: a descriptor metric, mutual information of grey levels, or a pair network's output. */
export type ScoreKind = Metric | 'mi' | '2ch';

export const SCORE_INFO: Record<ScoreKind, { readonly label: string; readonly higherIsBetter: boolean }> = {
  ...METRICS,
  mi: { label: 'mutual information Σ log P₁₂/(P₁P₂) over the window (nats)', higherIsBetter: true },
  '2ch': { label: '2-channel network output o (> 0: same point)', higherIsBetter: true },
};

/** The score of a pair from its squared distance, in the metric's own units. */
export function scoreFromSqDist(metric: Metric, sqDist: number): number {
  const d2 = Math.max(0, sqDist);
  switch (metric) {
    case 'l2':
      return Math.sqrt(d2);
    case 'hamming':
      return Math.round(d2);
    case 'cosine':
      return 1 - d2 / 2;
  }
}
