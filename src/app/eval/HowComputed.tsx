/** The formulas, stated as engine/eval/metrics.ts, evaluate.ts and cornerError.ts compute them. */
import { CORNER_RANSAC } from '../../engine/eval/cornerError';

export function HowComputed() {
  const { threshold, iterations, seed } = CORNER_RANSAC;
  return (
    <details className="how-computed">
      <summary>How this is computed</summary>
      <ul>
        <li><b>Matches</b>: every source grid point (the Stride setting; sparse .csv points at their own pixels) takes its nearest
          neighbour among the target grid (Target stride), refined to the best pixel within ±⌊target stride/2⌋. No ratio test, no
          mutual filter. Coordinates are converted to original pixels before scoring.</li>
        <li><b>Evaluated points</b>: those whose ground truth is known (disparity/flow finite, homography defined) and whose true
          target lies inside the target image: −½ ≤ x′ &lt; W − ½ and −½ ≤ y′ &lt; H − ½.</li>
        <li><b>Truth</b>: homography [x′ y′ w]ᵀ = H [x y 1]ᵀ, divided by w; disparity x′ = x − d(x, y), y′ = y; flow x′ = x + u,
          y′ = y + v (|u| or |v| &gt; 10⁹ unknown); points: the CSV's x1, y1. Maps are read at the nearest pixel.</li>
        <li><b>EPE</b> = ‖(x̂′, ŷ′) − (x′, y′)‖₂ in target pixels; <b>EPE med</b> = median over evaluated points (mean of the two
          middle values for an even count).</li>
        <li><b>PCK@T</b> = #{'{'}EPE ≤ T{'}'} / #evaluated, T = 1, 3, 5, 10 px; <b>PCK@α</b>: T = α · max(W, H) of the target, α = 0.05, 0.1.</li>
        <li><b>Mutual</b>: evaluated matches whose target grid point has this source point as its own nearest neighbour (among the
          source grid); <b>precision@T</b> = #{'{'}mutual, EPE ≤ T{'}'} / #mutual.</li>
        <li><b>MMA</b> (HPatches-style, as in D2-Net) = mean of the mutual precision@T over T = 1, 2, …, 10 px.</li>
        <li data-testid="how-corner"><b>Corner error</b> (homography truth only; SuperPoint's HPatches measure): Ĥ = RANSAC on all mutual
          matches, in original pixels of both images (normalised DLT on 4 random matches, {iterations} iterations, seed {seed}, inlier
          when ‖x′ − Ĥx‖₂ ≤ {threshold} px; the best count, ties to the smaller squared error, refit on its inliers); then
          corner = ¼ Σ<sub>c</sub> ‖Ĥc − Hc‖₂ over the source corners c = (0, 0), (W−1, 0), (W−1, H−1), (0, H−1), in target pixels;{' '}
          <b>inliers</b> = Ĥ's inlier count. Fewer than 4 mutual matches, no non-degenerate sample, or a corner sent to infinity: no
          value, and the reason is shown. Not in <code>--json</code> (its shape is fixed); in the CLI's table and CSV.</li>
        <li><b>Error map</b>: each evaluated source grid point drawn as its stride × stride cell, colour = EPE on the colour map,
          level round(255 · min(EPE, max) / max); hatched cells have no ground truth (or a true target outside the target image).</li>
        <li>An empty set gives “–” (NaN), never 0. The CLI's <code>matchscope eval</code> runs the same code
          (<code>evaluateMaps</code>) and gives the same numbers for the same stride settings.</li>
      </ul>
    </details>
  );
}
