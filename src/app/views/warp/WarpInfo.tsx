/** What the warp is made of, in words and numbers: H as a matrix, inlier counts, coverage and residual. */
import type { ComputeResult } from '../../../worker/handlers';
import type { WarpOutput } from './useWarp';
import type { WarpSettings } from './WarpControls';
import type { TruthState } from './hooks';
import { FlowLegend } from './FlowLegend';
import { meanCornerError } from '../../../engine/geometry/homography';

function Matrix({ H, caption }: { H: Float64Array; caption: string }) {
  const fmt = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3));
  return (
    <figure className="h-matrix" data-testid="warp-h" data-h={JSON.stringify(Array.from(H))}>
      <figcaption>{caption}</figcaption>
      <table>
        <tbody>
          {[0, 1, 2].map((r) => (
            <tr key={r}>{[0, 1, 2].map((c) => <td key={c}>{fmt(H[r * 3 + c] + 0)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function WarpInfo(props: { s: WarpSettings; w: WarpOutput; compute: ComputeResult; truth: TruthState; tgtPixels: number; source: { width: number; height: number } }) {
  const { s, w, compute, truth } = props;
  const valid = w.warped?.validCount ?? 0;
  const stride = compute.options.stride;
  return (
    <aside className="warp-info" aria-label="Warp details" data-testid="warp-info" data-through={s.through} data-kept={w.keptCount}
      data-valid={valid} data-mad={Number.isFinite(w.mad) ? w.mad.toFixed(3) : ''}
      data-inliers={w.ransac?.ok ? w.ransac.result.inlierCount : ''}>
      <p>{w.keptCount.toLocaleString()} of {w.total.toLocaleString()} matches used{s.mutualOnly ? ' (mutual only' : ' ('}{w.scoreText !== 'all' ? `, score ${w.scoreText})` : ')'}.</p>
      {s.through === 'field' && (
        <p className="hint">
          The dense nearest-neighbour field: each kept grid match stands for its {stride}×{stride} cell (the stride,
          in working pixels), which moves rigidly with it, so target pixel q in the cell around x₁ samples the
          source at x₀ + (q − x₁), bilinearly. Where cells overlap, the better score wins. Masked (not drawn):
          target pixels no kept cell covers, i.e. where the grid match failed the mutual check or the score
          threshold, or where no match landed.
        </p>
      )}
      {s.through === 'ransac' && w.ransac?.ok && (
        <>
          <Matrix H={w.ransac.result.H} caption="H (source → target, original pixels), refit on all inliers" />
          <p data-testid="ransac-inliers">
            <span className="inlier-key">■</span> {w.ransac.result.inlierCount.toLocaleString()} inliers,{' '}
            <span className="outlier-key">■</span> {(w.keptCount - w.ransac.result.inlierCount).toLocaleString()} outliers
            {' '}({((100 * w.ransac.result.inlierCount) / Math.max(1, w.keptCount)).toFixed(1)} % inliers)
          </p>
          <p className="hint">
            Normalised DLT (Hartley) on 4 random matches per iteration, {s.iterations} iterations (seeded), inlier when
            ‖x₁ − H x₀‖ ≤ {s.threshold} px. Dots mark each match’s target point; an inlier’s line runs to where H sends its source point.
          </p>
          {truth.kind === 'homography' && (
            <p data-testid="ransac-vs-truth">
              Against the ground truth: the image corners land {meanCornerError(w.ransac.result.H, truth.H, props.source.width, props.source.height).toFixed(1)} px
              {' '}from where {truth.file} puts them (mean of 4).
            </p>
          )}
          {w.ransac.result.inlierCount < Math.max(12, 0.1 * w.keptCount) && (
            <p className="warn">Few inliers: these matches do not agree on one homography, so this H is not to be trusted. A more distinctive descriptor or a stricter score threshold helps.</p>
          )}
        </>
      )}
      {s.through === 'truth' && truth.kind === 'homography' && <Matrix H={truth.H} caption={`Ground truth ${truth.file} (source → target)`} />}
      {'error' in w.mapped && <p className="warn" role="alert">{w.mapped.error}</p>}
      {w.warped && s.display !== 'flow' && (
        <p>
          {((100 * valid) / props.tgtPixels).toFixed(1)} % of target pixels have a source value; mean |warped − target|
          over them: <strong>{w.mad.toFixed(1)}</strong> grey levels (0–255).
        </p>
      )}
      {s.display === 'flow' && w.flow && <FlowLegend maxRad={w.flow.maxRad} />}
      {s.display === 'flow' && (
        <p className="hint">Flow of the NN field over the source: target position − source position, in original pixels, each grid cell in its match’s colour.</p>
      )}
    </aside>
  );
}
