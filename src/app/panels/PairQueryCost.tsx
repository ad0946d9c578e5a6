/**
 * The cost of a 2-channel click query next to a descriptor network's (Zagoruyko & Komodakis, CVPR 2015; the
 * lecture's point): a pair network runs once per candidate and per query, so all-pairs matching of n patches
 * against n costs n² passes; a descriptor network runs once per patch, 2n in all, and compares vectors after.
 */
import type { EngineApi } from '../../worker/handlers';

type PairResult = Awaited<ReturnType<EngineApi['query2ch']>>;

const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** Seconds in words: 12 ms, 3.4 s, 2.1 min, 5.3 h, 4.0 days. */
export function duration(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}

export function PairQueryCost({ r }: { r: PairResult }) {
  const perPair = r.networkMs / r.passes;
  const n = r.pixels;
  const perTower = r.descriptorMs === null ? null : r.descriptorMs / (r.passes + 1);
  return (
    <div className="pair-cost" data-testid="pair-cost" data-passes={r.passes} data-ms={r.networkMs.toFixed(1)}>
      <p>
        <strong>2-channel:</strong> {fmt(r.passes)} forward passes (one per candidate in the {r.window.x1 - r.window.x0 + 1}×{r.window.y1 - r.window.y0 + 1} window),{' '}
        {duration(r.networkMs)} ({(perPair * 1000).toFixed(0)} µs each).
      </p>
      <p>
        <strong>Descriptor network (DeepDesc):</strong>{' '}
        {perTower === null
          ? 'its weights could not be read, so it was not timed.'
          : <>{fmt(r.passes + 1)} tower passes for the same window, {duration(r.descriptorMs!)}, and those descriptors serve every later query, where the pair network runs again.</>}
      </p>
      <p className="hint">
        All pairs of the n = {fmt(n)} pixels of each image: the pair network needs n² = {(n * n).toExponential(2)} passes
        (≈ {duration(perPair * n * n)} at this rate); a descriptor network 2n = {fmt(2 * n)} passes{perTower === null ? '' : ` (≈ ${duration(perTower * 2 * n)})`} plus n² vector comparisons.
      </p>
    </div>
  );
}
