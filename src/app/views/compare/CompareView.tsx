/**
 * Compare: one query, several descriptors. The query image sits in the first pane; each compared
 * descriptor gets a pane of the other image with its own heatmap and best match, and a table row with
 * its score, ties and time. Zoom and pan are the app's shared view, so every pane moves together.
 */
import { useEffect, useRef } from 'react';
import { Circle, Group, Image as KImage, Layer, Rect, Stage, Text } from 'react-konva';
import type Konva from 'konva';
import { useApp } from '../../store';
import { workingScale, type LoadedImage } from '../../store/images';
import { DESCRIPTORS, getDescriptor } from '../../../engine/descriptors/registry';
import { SCORE_INFO } from '../../../engine/match/metric';
import { toOriginal, toWorking } from '../../../engine/core/workingSize';
import { runQuery } from '../../engine/controller';
import type { ColorMapName } from '../../../engine/core/colormaps';
import { imageToStage, insideRect, panBy, paneTransform, stageToImage, zoomAt, type PaneRect, type PaneTransform } from '../../canvas/paneLayout';
import { useHeatmapCanvas, type HeatmapSource } from '../../canvas/useHeatmapCanvas';
import { useSize } from '../../canvas/useSize';
import { Crosshair } from '../../canvas/MatchStage';
import type { Side } from '../../../worker/handlers';
import { gridRects } from './compareLayout';
import { COMPARE_MAX, COMPARE_MIN, initialIds, toggleId, useCompare, type CompareEntry } from './compareStore';
import { useCompareRunner } from './useCompareRunner';
import { useEval } from '../../eval/evalStore';
import { trueTarget } from '../../../engine/eval/groundTruth';

const other = (s: Side): Side => (s === 'source' ? 'target' : 'source');
const r2 = (v: number) => Math.round(v * 100) / 100;

export function CompareView() {
  const ids = useCompare((s) => s.ids);
  const descriptorId = useApp((s) => s.settings.descriptorId);
  useEffect(() => {
    if (useCompare.getState().ids.length === 0) useCompare.getState().setIds(initialIds(descriptorId));
  }, [descriptorId]);
  useCompareRunner();
  return (
    <div className="compare" data-testid="compare">
      <DescriptorChooser ids={ids} />
      <CompareStage ids={ids} />
      <CompareTable ids={ids} />
    </div>
  );
}

function DescriptorChooser({ ids }: { ids: string[] }) {
  return (
    <fieldset className="compare-chooser">
      <legend>Compare {COMPARE_MIN}–{COMPARE_MAX} descriptors</legend>
      {DESCRIPTORS.map((d) => {
        const on = ids.includes(d.id);
        return (
          <label key={d.id} title={d.summary}>
            <input type="checkbox" checked={on} disabled={on ? ids.length <= COMPARE_MIN : ids.length >= COMPARE_MAX}
              onChange={() => useCompare.getState().setIds(toggleId(ids, d.id))} />
            {d.label}
          </label>
        );
      })}
    </fieldset>
  );
}

function CompareStage({ ids }: { ids: string[] }) {
  const box = useRef<HTMLDivElement>(null);
  const { w, h } = useSize(box);
  const images = useApp((s) => s.images);
  const view = useApp((s) => s.view);
  const query = useApp((s) => s.query);
  const entries = useCompare((s) => s.entries);
  const drag = useRef<{ x: number; y: number; moved: boolean; cx: number; cy: number; pane: number } | null>(null);
  const from: Side = query?.from ?? 'source';
  const to = other(from);
  const imgs = [images[from], ...ids.map(() => images[to])];
  const aspect = images.source ? images.source.width / images.source.height : 4 / 3;
  const rects = gridRects(w, h, 1 + ids.length, aspect);
  const transforms = rects.map((r, i) => (imgs[i] ? paneTransform(r, imgs[i].width, imgs[i].height, view.zoom, view.cx, view.cy) : null));
  const paneAt = (px: number, py: number) => rects.findIndex((r) => insideRect(r, px, py));

  const onDown = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const p = e.target.getStage()!.getPointerPosition()!;
    drag.current = { x: p.x, y: p.y, moved: false, cx: view.cx, cy: view.cy, pane: paneAt(p.x, p.y) };
  };
  const onMove = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const d = drag.current;
    if (!d) return;
    const p = e.target.getStage()!.getPointerPosition()!;
    if (Math.hypot(p.x - d.x, p.y - d.y) > 4) d.moved = true;
    const t = transforms[d.pane];
    const img = imgs[d.pane];
    if (d.moved && t && img) useApp.getState().setView(panBy(d, t, img.width, img.height, p.x - d.x, p.y - d.y));
  };
  const onUp = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved) return;
    const p = e.target.getStage()!.getPointerPosition()!;
    const i = paneAt(p.x, p.y);
    const t = transforms[i];
    const img = imgs[i];
    if (!t || !img) return;
    const u = stageToImage(t, p.x, p.y);
    if (u.x < -0.5 || u.y < -0.5 || u.x > img.width - 0.5 || u.y > img.height - 0.5) return;
    // The first pane asks from the query image; the others ask back from the other image.
    const side = i === 0 ? from : to;
    const s = workingScale(img);
    void runQuery(side, toWorking(u.x, s.sx), toWorking(u.y, s.sy));
  };
  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const p = e.target.getStage()!.getPointerPosition()!;
    const i = paneAt(p.x, p.y);
    const t = transforms[i];
    const img = imgs[i];
    if (t && img) useApp.getState().setView(zoomAt(t, img.width, img.height, view.zoom, e.evt.deltaY, p));
  };

  let cross = null;
  const q0 = transforms[0];
  if (query && q0 && images[from]) {
    const s = workingScale(images[from]);
    cross = imageToStage(q0, toOriginal(query.x, s.sx), toOriginal(query.y, s.sy));
  }
  return (
    <div ref={box} className="compare-stage" data-testid="compare-stage" data-panes={JSON.stringify(transforms.map((t) => t && { ox: t.ox, oy: t.oy, scale: t.scale }))}>
      <Stage width={w} height={h} onMouseDown={onDown} onMouseMove={onMove} onMouseUp={onUp} onWheel={onWheel}
        onMouseLeave={() => { drag.current = null; }}>
        <Layer imageSmoothingEnabled={view.zoom < 1.01}>
          <PaneImage rect={rects[0]} t={transforms[0]} img={imgs[0]} label={`Query: ${from}`} heat={null} opacity={0} />
          {ids.map((id, k) => (
            <ResultPane key={id} id={id} rect={rects[k + 1]} t={transforms[k + 1]} img={imgs[k + 1]} entry={entries[id]} colorMap={view.colorMap}
              mode={view.heatmapRange} opacity={view.heatmapOpacity} />
          ))}
        </Layer>
        <Layer listening={false}>{cross && <Crosshair x={cross.x} y={cross.y} />}</Layer>
      </Stage>
      {!query && <p className="compare-hint">Click a pixel in the first pane (or in any view) to compare the descriptors there.</p>}
    </div>
  );
}

function ResultPane(props: { id: string; rect: PaneRect; t: PaneTransform | null; img: LoadedImage | null; entry: CompareEntry | undefined; colorMap: ColorMapName; mode: ReturnType<typeof useApp.getState>['view']['heatmapRange']; opacity: number }) {
  const { id, rect, t, img, entry } = props;
  const result = entry?.status === 'done' ? entry.result : null;
  const heat = useHeatmapCanvas(result, props.colorMap, props.mode)?.canvas ?? null;
  const d = getDescriptor(id);
  const state = !entry ? '' : entry.status === 'pending' ? ' (computing…)' : entry.status === 'failed' ? ' (failed)' : '';
  let best = null;
  if (result && t && img) {
    const s = workingScale(img);
    best = imageToStage(t, toOriginal(result.bestX, s.sx), toOriginal(result.bestY, s.sy));
  }
  return (
    <>
      <PaneImage rect={rect} t={t} img={img} label={`${d.label}${state}`} heat={heat} opacity={props.opacity} />
      {best && (
        <Group clipX={rect.x} clipY={rect.y} clipWidth={rect.w} clipHeight={rect.h} listening={false}>
          <Circle x={best.x} y={best.y} radius={9} stroke="#000" strokeWidth={4} />
          <Circle x={best.x} y={best.y} radius={9} stroke="#ff4fd8" strokeWidth={2} />
        </Group>
      )}
    </>
  );
}

function PaneImage(props: { rect: PaneRect; t: PaneTransform | null; img: LoadedImage | null; label: string; heat: HeatmapSource | null; opacity: number }) {
  const { rect, t, img, heat } = props;
  return (
    <Group clipX={rect.x} clipY={rect.y} clipWidth={rect.w} clipHeight={rect.h}>
      <Rect x={rect.x} y={rect.y} width={rect.w} height={rect.h} fill="#15171c" />
      {img && t && <KImage image={img.display} x={t.ox} y={t.oy} width={img.width * t.scale} height={img.height * t.scale} />}
      {img && t && heat && <KImage image={heat} x={t.ox} y={t.oy} width={img.width * t.scale} height={img.height * t.scale} opacity={props.opacity} />}
      <Rect x={rect.x} y={rect.y} width={Math.min(rect.w, 8 + props.label.length * 7.5)} height={22} fill="rgba(0,0,0,0.65)" listening={false} />
      <Text x={rect.x + 6} y={rect.y + 5} text={props.label} fill="#e6e9ef" fontSize={13} listening={false} />
    </Group>
  );
}

function CompareTable({ ids }: { ids: string[] }) {
  const entries = useCompare((s) => s.entries);
  const images = useApp((s) => s.images);
  const query = useApp((s) => s.query);
  const gt = useEval((s) => s.gt);
  if (!query) return null;
  const to = images[other(query.from)];
  const fromImg = images[query.from];
  // Ground truth maps source → target (original pixels); a query from the target has no answer from it.
  let truth: [number, number] | null = null;
  if (gt && query.from === 'source' && fromImg) {
    const sc = workingScale(fromImg);
    truth = trueTarget(gt.truth, toOriginal(query.x, sc.sx), toOriginal(query.y, sc.sy));
  }
  const gtColumn = gt !== null;
  return (
    <table className="compare-table" data-testid="compare-table">
      <thead>
        <tr><th>Descriptor</th><th>Best match (x, y)</th><th>Score</th><th>Ties</th><th>Time</th>{gtColumn && <th title={`‖best match − true match‖ in original pixels, from the ground truth “${gt.name}”.`}>Error vs GT</th>}</tr>
      </thead>
      <tbody>
        {ids.map((id) => {
          const e = entries[id];
          const d = getDescriptor(id);
          if (!e || e.status === 'pending' || !to) return <tr key={id} data-descriptor={id} data-status="pending"><td>{d.label}</td><td colSpan={gtColumn ? 5 : 4}>computing…</td></tr>;
          if (e.status === 'failed') return <tr key={id} data-descriptor={id} data-status="failed"><td>{d.label}</td><td colSpan={gtColumn ? 5 : 4} className="warn">{e.error}</td></tr>;
          const r = e.result;
          const s = workingScale(to);
          const bx = r2(toOriginal(r.bestX, s.sx));
          const by = r2(toOriginal(r.bestY, s.sy));
          const metric = SCORE_INFO[r.metric];
          const err = truth ? Math.hypot(bx - truth[0], by - truth[1]) : null;
          return (
            <tr key={id} data-descriptor={id} data-status="done" data-best-x={bx} data-best-y={by} data-score={r.bestScore} data-ties={r.ties} data-error={err ?? undefined}>
              <td>{d.label}</td>
              <td>({bx}, {by})</td>
              <td>{Number.isInteger(r.bestScore) ? r.bestScore : r.bestScore.toFixed(4)} <small>{metric.label}</small></td>
              <td className={r.ties > 1 ? 'warn' : ''}>{r.ties}</td>
              <td title="Includes describing both images when their maps were not cached yet.">{r.ms.toFixed(0)} ms</td>
              {gtColumn && <td>{err === null ? (query.from === 'source' ? 'no ground truth here' : 'query from the source for this') : `${err.toFixed(1)} px`}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
