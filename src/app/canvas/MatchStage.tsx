/**
 * The Konva stage: source and target side by side, match lines across the gap, the heatmap over the
 * queried-against image, and markers. Layers are fed by the pure builders; input is handled here.
 */
import { useMemo, useRef } from 'react';
import { useSize } from './useSize';
import { Circle, Group, Image as KImage, Layer, Line, Rect, Shape, Stage, Text } from 'react-konva';
import type Konva from 'konva';
import { useApp } from '../store';
import { workingScale, type LoadedImage } from '../store/images';
import type { Side } from '../../worker/handlers';
import { METRICS } from '../../engine/match/metric';
import { toOriginal, toWorking } from '../../engine/core/workingSize';
import { runQuery } from '../engine/controller';
import { bucketSegments, buildMatchSegments, correctnessBuckets, CORRECTNESS_STYLES } from './builders';
import { useCorrectnessTruth } from '../eval/useCorrectnessTruth';
import { colorMapLut, lutColor } from '../../engine/core/colormaps';
import { imageToStage, insideRect, panBy, paneRects, paneTransform, stageToImage, zoomAt, type PaneTransform } from './paneLayout';
import { useHeatmapCanvas, type HeatmapSource } from './useHeatmapCanvas';
import { ErrorMapLayer } from '../eval/ErrorMapLayer';

const SIDES: Side[] = ['source', 'target'];

export function MatchStage() {
  const box = useRef<HTMLDivElement>(null);
  const { w, h } = useSize(box);
  const images = useApp((s) => s.images);
  const view = useApp((s) => s.view);
  const compute = useApp((s) => s.compute);
  const query = useApp((s) => s.query);
  const sparse = useApp((s) => (s.view.showKeypoints ? s.sparse : null));
  // The Heatmap view is the same stage without match lines.
  const showLines = useApp((s) => s.view.tab === 'matches');
  const aspects = SIDES.map((sd) => images[sd]).filter((i) => i !== null).map((i) => i.width / i.height);
  const rects = paneRects(w, h, aspects.length ? aspects.reduce((a, b) => a + b) / aspects.length : 4 / 3);
  const transforms = SIDES.map((side, i) => {
    const img = images[side];
    return img ? paneTransform(rects[i], img.width, img.height, view.zoom, view.cx, view.cy) : null;
  }) as [PaneTransform | null, PaneTransform | null];
  const lut = colorMapLut(view.colorMap);
  const heat = useHeatmapCanvas(query?.result ?? null, view.colorMap, view.heatmapRange)?.canvas ?? null;
  const drag = useRef<{ x: number; y: number; moved: boolean; cx: number; cy: number; side: number } | null>(null);

  // The Evaluation panel's "colour correct / wrong" toggle: null when off or without ground truth.
  const correctness = useCorrectnessTruth();
  const segments = useMemo(() => {
    if (!compute || !images.source || !images.target) return null;
    const segs = buildMatchSegments(compute.matches, view.maxLines, METRICS[compute.metric].higherIsBetter, workingScale(images.source), workingScale(images.target),
      { mutualOnly: view.lineMutualOnly, scoreLimit: view.lineScoreLimit });
    if (correctness) {
      const buckets = correctnessBuckets(segs.coords, correctness.truth, images.target.width, images.target.height, correctness.threshold);
      return { ...segs, buckets, styles: CORRECTNESS_STYLES as readonly string[] };
    }
    return { ...segs, buckets: bucketSegments(segs.color), styles: null };
  }, [compute, images.source, images.target, view.maxLines, view.lineMutualOnly, view.lineScoreLimit, correctness]);

  const sparseSegs = useMemo(() => {
    if (!sparse || !images.source || !images.target) return null;
    // Sparse scores are SIFT's cosine similarity or BRISK's 1 − Hamming / 512: higher is better.
    return buildMatchSegments(sparse.matches, view.maxLines, true, workingScale(images.source), workingScale(images.target));
  }, [sparse, images.source, images.target, view.maxLines]);

  const paneAt = (px: number, py: number) => rects.findIndex((r) => insideRect(r, px, py));

  const onDown = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const p = e.target.getStage()!.getPointerPosition()!;
    drag.current = { x: p.x, y: p.y, moved: false, cx: view.cx, cy: view.cy, side: paneAt(p.x, p.y) };
  };
  const onMove = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const p = e.target.getStage()!.getPointerPosition()!;
    const i = paneAt(p.x, p.y);
    const t = transforms[i];
    const img = images[SIDES[i]];
    if (t && img) {
      const u = stageToImage(t, p.x, p.y);
      useApp.getState().setView({ hover: { side: SIDES[i], x: u.x, y: u.y } });
    }
    const d = drag.current;
    if (!d) return;
    if (Math.hypot(p.x - d.x, p.y - d.y) > 4) d.moved = true;
    const td = transforms[d.side];
    const imgd = images[SIDES[d.side]];
    if (d.moved && td && imgd) {
      useApp.getState().setView(panBy(d, td, imgd.width, imgd.height, p.x - d.x, p.y - d.y));
    }
  };
  const onUp = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const d = drag.current;
    drag.current = null;
    if (!d || d.moved) return;
    const p = e.target.getStage()!.getPointerPosition()!;
    const i = paneAt(p.x, p.y);
    const t = transforms[i];
    const img = images[SIDES[i]];
    if (!t || !img) return;
    const u = stageToImage(t, p.x, p.y);
    if (u.x < -0.5 || u.y < -0.5 || u.x > img.width - 0.5 || u.y > img.height - 0.5) return;
    const s = workingScale(img);
    void runQuery(SIDES[i], toWorking(u.x, s.sx), toWorking(u.y, s.sy));
  };
  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const p = e.target.getStage()!.getPointerPosition()!;
    const i = paneAt(p.x, p.y);
    const t = transforms[i];
    const img = images[SIDES[i]];
    if (!t || !img) return;
    useApp.getState().setView(zoomAt(t, img.width, img.height, view.zoom, e.evt.deltaY, p));
  };

  return (
    <div ref={box} className="stage-box" data-testid="stage"
      data-panes={JSON.stringify(transforms.map((t) => t && { ox: t.ox, oy: t.oy, scale: t.scale }))} data-rects={JSON.stringify(rects)}
      data-names={JSON.stringify(SIDES.map((sd) => images[sd]?.name ?? null))}
      data-lines={showLines && segments ? segments.coords.length / 4 : 0}
      data-sparse-lines={sparseSegs ? sparseSegs.coords.length / 4 : 0}
      data-correct={segments?.styles ? JSON.stringify(segments.buckets.map((b) => b.length)) : undefined}>
      <Stage width={w} height={h} onMouseDown={onDown} onMouseMove={onMove} onMouseUp={onUp} onWheel={onWheel}
        onMouseLeave={() => { drag.current = null; useApp.getState().setView({ hover: null }); }}>
        <Layer imageSmoothingEnabled={view.zoom < 1.01}>
          {SIDES.map((side, i) => (
            <Pane key={side} side={side} img={images[side]} t={transforms[i]} rect={rects[i]}
              heat={query && query.from !== side ? heat : null} heatOpacity={view.heatmapOpacity} />
          ))}
        </Layer>
        <ErrorMapLayer t={transforms[0]} rect={rects[0]} />
        <Layer listening={false}>
          {showLines && segments && transforms[0] && transforms[1] && (
            <Shape
              sceneFunc={(ctx) => {
                const c = (ctx as unknown as { _context: CanvasRenderingContext2D })._context;
                const [a, b] = transforms as [PaneTransform, PaneTransform];
                c.lineWidth = 1;
                segments.buckets.forEach((list, k) => {
                  if (list.length === 0) return;
                  c.beginPath();
                  for (const j of list) {
                    const p0 = imageToStage(a, segments.coords[j * 4], segments.coords[j * 4 + 1]);
                    const p1 = imageToStage(b, segments.coords[j * 4 + 2], segments.coords[j * 4 + 3]);
                    c.moveTo(p0.x, p0.y);
                    c.lineTo(p1.x, p1.y);
                  }
                  c.strokeStyle = segments.styles ? segments.styles[k] : lutColor(lut, (k + 0.5) / segments.buckets.length);
                  // Lines step back while a query's heatmap is shown, so the heatmap stays readable.
                  c.globalAlpha = query ? 0.3 : 0.7;
                  c.stroke();
                });
              }}
            />
          )}
          {sparse && transforms[0] && transforms[1] && images.source && images.target && (
            <Shape
              sceneFunc={(ctx) => {
                const c = (ctx as unknown as { _context: CanvasRenderingContext2D })._context;
                const [a, b] = transforms as [PaneTransform, PaneTransform];
                const sa = workingScale(images.source!);
                const sb = workingScale(images.target!);
                // Keypoints: circles of radius σ (3σ would hide the image), both panes in one path.
                c.beginPath();
                for (const [pts, t, s] of [[sparse.source, a, sa], [sparse.target, b, sb]] as const) {
                  for (let i = 0; i < pts.x.length; i++) {
                    const p = imageToStage(t, toOriginal(pts.x[i], s.sx), toOriginal(pts.y[i], s.sy));
                    const r = Math.max(2, (pts.scale[i] / s.sx) * t.scale);
                    c.moveTo(p.x + r, p.y);
                    c.arc(p.x, p.y, r, 0, 2 * Math.PI);
                  }
                }
                c.globalAlpha = 0.8;
                c.lineWidth = 1;
                c.strokeStyle = '#7cc4ff';
                c.stroke();
                c.beginPath();
                // The best matches only, as many as the Lines slider allows (ASIFT finds thousands).
                const m = sparseSegs!.coords;
                for (let i = 0; i < m.length; i += 4) {
                  const p0 = imageToStage(a, m[i], m[i + 1]);
                  const p1 = imageToStage(b, m[i + 2], m[i + 3]);
                  c.moveTo(p0.x, p0.y);
                  c.lineTo(p1.x, p1.y);
                }
                c.globalAlpha = 0.9;
                c.lineWidth = 1.5;
                c.strokeStyle = '#ff4fd8';
                c.stroke();
              }}
            />
          )}
          {query && <QueryMarkers query={query} images={images} transforms={transforms} />}
        </Layer>
      </Stage>
    </div>
  );
}

function Pane(props: { side: Side; img: LoadedImage | null; t: PaneTransform | null; rect: { x: number; y: number; w: number; h: number }; heat: HeatmapSource | null; heatOpacity: number }) {
  const { side, img, t, rect, heat } = props;
  return (
    <Group clipX={rect.x} clipY={rect.y} clipWidth={rect.w} clipHeight={rect.h}>
      <Rect x={rect.x} y={rect.y} width={rect.w} height={rect.h} fill="#15171c" />
      {img && t ? (
        <>
          <KImage image={img.display} x={t.ox} y={t.oy} width={img.width * t.scale} height={img.height * t.scale} />
          {heat && <KImage image={heat} x={t.ox} y={t.oy} width={img.width * t.scale} height={img.height * t.scale} opacity={props.heatOpacity} />}
        </>
      ) : (
        <Text x={rect.x} y={rect.y + rect.h / 2 - 20} width={rect.w} align="center" fill="#9aa3b2" fontSize={15}
          text={`Drop the ${side} image here\n(or use “Open ${side}…”, or paste)`} lineHeight={1.5} />
      )}
    </Group>
  );
}

function QueryMarkers(props: { query: NonNullable<ReturnType<typeof useApp.getState>['query']>; images: Record<Side, LoadedImage | null>; transforms: [PaneTransform | null, PaneTransform | null] }) {
  const { query, images, transforms } = props;
  const from = query.from;
  const to: Side = from === 'source' ? 'target' : 'source';
  const fi = from === 'source' ? 0 : 1;
  const tf0 = transforms[fi];
  const tf1 = transforms[1 - fi];
  const imgF = images[from];
  const imgT = images[to];
  if (!tf0 || !imgF) return null;
  const sf = workingScale(imgF);
  const q = imageToStage(tf0, toOriginal(query.x, sf.sx), toOriginal(query.y, sf.sy));
  const r = query.result;
  let best = null;
  if (r && tf1 && imgT) {
    const st = workingScale(imgT);
    best = imageToStage(tf1, toOriginal(r.bestX, st.sx), toOriginal(r.bestY, st.sy));
  }
  return (
    <>
      <Crosshair x={q.x} y={q.y} />
      {best && (
        <>
          <Line points={[q.x, q.y, best.x, best.y]} stroke="#ffffff" strokeWidth={1} dash={[6, 4]} opacity={0.7} />
          <Circle x={best.x} y={best.y} radius={9} stroke="#000" strokeWidth={4} />
          <Circle x={best.x} y={best.y} radius={9} stroke="#ff4fd8" strokeWidth={2} />
        </>
      )}
    </>
  );
}

export function Crosshair({ x, y }: { x: number; y: number }) {
  const arm = 10;
  return (
    <>
      {[4, 2].map((wdt) => (
        <Line key={wdt} points={[x - arm, y, x + arm, y]} stroke={wdt === 4 ? '#000' : '#fff'} strokeWidth={wdt} />
      ))}
      {[4, 2].map((wdt) => (
        <Line key={`v${wdt}`} points={[x, y - arm, x, y + arm]} stroke={wdt === 4 ? '#000' : '#fff'} strokeWidth={wdt} />
      ))}
    </>
  );
}
