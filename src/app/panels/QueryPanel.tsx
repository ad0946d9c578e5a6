/** The query: type a source pixel, see the best match and its score. */
import { useMemo, useState } from 'react';
import { useApp } from '../store';
import { workingScale } from '../store/images';
import { toOriginal, toWorking } from '../../engine/core/workingSize';
import { SCORE_INFO } from '../../engine/match/metric';
import { rerunQuery, runQuery } from '../engine/controller';
import { Legend } from './Legend';
import { HEATMAP_RANGES, heatmapRange, type HeatmapRange } from '../../engine/match/heatmap';
import { PairQueryCost } from './PairQueryCost';

const r2 = (v: number) => Math.round(v * 100) / 100;

export function QueryPanel() {
  const query = useApp((s) => s.query);
  const images = useApp((s) => s.images);
  const colorMap = useApp((s) => s.view.colorMap);
  const mode = useApp((s) => s.view.heatmapRange);
  const [text, setText] = useState('');
  const res = query?.result ?? null;
  // The range the drawn heatmap was coloured with (the worker's, or the same pure function when recoloured
  // here), so the legend states exactly the range that is drawn.
  const range = useMemo(() => {
    if (!res) return null;
    const h = res.heatmap;
    return h && h.range === mode ? h.scoreRange : heatmapRange(res.scores, res.min, res.max, SCORE_INFO[res.metric].higherIsBetter, mode);
  }, [res, mode]);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
    const src = images.source;
    if (!src) return setProblem('Load a source image first.');
    if (!m) return setProblem('Type two numbers: x, y (source-image pixels).');
    const x = Number(m[1]);
    const y = Number(m[2]);
    if (x < 0 || y < 0 || x > src.width - 1 || y > src.height - 1) return setProblem(`(${x}, ${y}) is outside the ${src.width}×${src.height} source image.`);
    setProblem(null);
    const s = workingScale(src);
    void runQuery('source', toWorking(x, s.sx), toWorking(y, s.sy));
  };

  const r = query?.result;
  let details = null;
  if (query && r && images.source && images.target) {
    const from = images[r.from]!;
    const to = images[r.from === 'source' ? 'target' : 'source']!;
    const sf = workingScale(from);
    const st = workingScale(to);
    // From the result itself, never from the pending query: a new click must not pair with an old answer.
    const q = { x: r2(toOriginal(r.x, sf.sx)), y: r2(toOriginal(r.y, sf.sy)) };
    const b = { x: r2(toOriginal(r.bestX, st.sx)), y: r2(toOriginal(r.bestY, st.sy)) };
    const [s, t] = r.from === 'source' ? [q, b] : [b, q];
    const pending = query.x !== r.x || query.y !== r.y || query.from !== r.from;
    const metric = SCORE_INFO[r.metric];
    details = (
      <>
        <dl className="match-details" data-testid="match-details" data-descriptor={r.descriptorId} data-from={r.from} data-pending={pending}
          data-source-x={s.x} data-source-y={s.y} data-target-x={t.x} data-target-y={t.y} data-score={r.bestScore}>
          <dt>Source</dt><dd>({s.x}, {s.y})</dd>
          <dt>Target</dt><dd>({t.x}, {t.y})</dd>
          <dt>Score</dt><dd>{Number.isInteger(r.bestScore) ? r.bestScore : r.bestScore.toFixed(4)} <small>({metric.label})</small></dd>
          {r.metric === 'mi' && (<><dt>Estimated from</dt><dd data-testid="mi-samples">{r.samples.toLocaleString()} pixel pairs around {r.matchesUsed.toLocaleString()} matches</dd></>)}
          {r.metric === '2ch' && (<><dt>Window</dt><dd>x {r.window.x0}…{r.window.x1}, y {r.window.y0}…{r.window.y1} (working pixels)</dd></>)}
          {r.ties > 1 && (<><dt>Ambiguous</dt><dd className="warn" data-testid="ties">{r.ties.toLocaleString()} pixels tie for the best score; the first in row-major order is shown.</dd></>)}
          <dt>Query time</dt><dd title="The worker's search; then colouring the heatmap there (range, colour map, bitmap)">{r.ms.toFixed(1)} ms{r.heatmap ? ` + ${r.heatmap.ms.toFixed(1)} ms colouring` : ''}</dd>
        </dl>
        {r.metric === '2ch' && <PairQueryCost r={r} />}
        <Legend title={`Heatmap over the ${r.from === 'source' ? 'target' : 'source'}: ${metric.label}`} lo={range!.lo} hi={range!.hi}
          higherIsBetter={metric.higherIsBetter} colorMap={colorMap} testId="heatmap-legend" />
        <label className="row">
          <span>Heatmap range</span>
          <select aria-label="Heatmap range" value={mode} onChange={(e) => useApp.getState().setView({ heatmapRange: e.target.value as HeatmapRange })}>
            {Object.entries(HEATMAP_RANGES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </label>
      </>
    );
  }
  return (
    <section aria-labelledby="query-h">
      <h2 id="query-h">Query</h2>
      <p className="hint">Click a pixel in either image, or type a source pixel and press Enter.</p>
      <input type="text" aria-label="Query point" placeholder="x, y" value={text} onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && submit()} aria-invalid={problem !== null} aria-describedby="query-problem" />
      <p id="query-problem" className="field-problem">{problem}</p>
      <SimilarityChooser />
      {details ?? (query ? <p className="hint">Querying ({query.x}, {query.y})…</p> : null)}
    </section>
  );
}

/** Descriptor distance or mutual information (Hirschmüller 2008) for the click query, with MI's two knobs. */
function SimilarityChooser() {
  const view = useApp((s) => s.view);
  const set = (patch: Partial<typeof view>) => {
    useApp.getState().setView(patch);
    rerunQuery();
  };
  return (
    <>
      <label className="row">
        <span>Similarity</span>
        <select aria-label="Query similarity" value={view.querySimilarity} onChange={(e) => set({ querySimilarity: e.target.value as typeof view.querySimilarity })}>
          <option value="descriptor">descriptor distance</option>
          <option value="mi">mutual information (grey levels)</option>
          <option value="2ch">2-channel network (pair scorer)</option>
        </select>
      </label>
      {view.querySimilarity === '2ch' && (
        <>
          <label className="row" title="Half-side of the square search window around the clicked position in the other image; every pixel in it is one forward pass.">
            <span>Search radius</span>
            <select aria-label="2-channel search radius" value={view.pairRadius} onChange={(e) => set({ pairRadius: Number(e.target.value) })}>
              {[4, 8, 16, 24, 32, 48, 64].map((r) => <option key={r} value={r}>{r} px ({(2 * r + 1) ** 2} passes)</option>)}
            </select>
          </label>
          <p className="hint">
            Zagoruyko &amp; Komodakis (CVPR 2015): the two 31×31 grey patches are stacked as the channels of one input
            and the network outputs one number, o &gt; 0 for the same point. It is not a descriptor: every candidate
            costs a forward pass, and nothing carries over to the next click.
          </p>
        </>
      )}
      {view.querySimilarity === 'mi' && (
        <>
          <div className="row">
            <label title="Grey levels after quantisation. More bins resolve finer relations but need more matches to estimate.">
              <span>Bins</span>
              <select aria-label="MI bins" value={view.miBins} onChange={(e) => set({ miBins: Number(e.target.value) })}>
                {[16, 32, 64, 128, 256].map((b) => <option key={b} value={b}>{b}</option>)}
              </select>
            </label>
            <label title="Side of the window whose pointwise MI is summed (odd).">
              <span>Window</span>
              <select aria-label="MI window" value={view.miWindow} onChange={(e) => set({ miWindow: Number(e.target.value) })}>
                {[3, 5, 7, 9, 11, 15, 21].map((w) => <option key={w} value={w}>{w}×{w}</option>)}
              </select>
            </label>
          </div>
          <p className="hint">
            Hirschmüller (PAMI 2008): the joint histogram P₁₂ of grey levels is sampled around the current matches
            (each match's window, same displacement), Parzen-smoothed (σ = 1 bin), and a candidate scores
            Σ log P₁₂(i, k) / (P₁(i)·P₂(k)) over the window. It rewards any consistent intensity mapping, so it
            survives contrast inversion and other sensors, as long as the matches it learns from are mostly right.
          </p>
        </>
      )}
    </>
  );
}
