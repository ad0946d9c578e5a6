/**
 * The playground's Konva stage: the source image with the warped k×k sampling grid T_θ(G) over it (and
 * the handles of the projective corners or TPS control points), and beside it the bilinearly sampled
 * output V with the regular grid G it was sampled on.
 */
import { useRef } from 'react';
import { Circle, Image as KImage, Layer, Rect, Shape, Stage, Text } from 'react-konva';
import type Konva from 'konva';
import { imageToStage, paneRects, paneTransform, stageToImage, type PaneTransform } from '../../canvas/paneLayout';
import { toNormalised, toPixel } from '../../../engine/stn/sampler';
import { IDENTITY_THETA } from '../../../engine/stn/affine';
import { gridLines, warpGrid, type Warp } from '../../../engine/stn/warp';
import type { Point } from '../../../engine/stn/tps';
import { useElementSize } from './useElementSize';

interface Props {
  source: HTMLCanvasElement;
  output: HTMLCanvasElement | null;
  warp: Warp | null;
  k: number;
  /** Draggable handles in normalised source coordinates, and what a drag does. */
  handles: Point[];
  onHandle: (i: number, p: Point) => void;
}

/** Draws polylines and points given in normalised coordinates of a w×h image on pane t. */
function drawGrid(c: CanvasRenderingContext2D, t: PaneTransform, w: number, h: number, warp: Warp, k: number, colour: string) {
  const at = (u: number, v: number) => imageToStage(t, toPixel(u, w), toPixel(v, h));
  c.beginPath();
  for (const line of gridLines(warp, k, 40)) {
    for (let s = 0; s < line.length / 2; s++) {
      const p = at(line[2 * s], line[2 * s + 1]);
      if (s === 0) c.moveTo(p.x, p.y);
      else c.lineTo(p.x, p.y);
    }
  }
  c.strokeStyle = colour;
  c.lineWidth = 1.2;
  c.stroke();
  const pts = warpGrid(warp, k, k);
  c.beginPath();
  for (let i = 0; i < k * k; i++) {
    const p = at(pts[2 * i], pts[2 * i + 1]);
    c.moveTo(p.x + 2.5, p.y);
    c.arc(p.x, p.y, 2.5, 0, 2 * Math.PI);
  }
  c.fillStyle = '#fde725';
  c.fill();
}

export function PlaygroundStage({ source, output, warp, k, handles, onHandle }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const { w, h } = useElementSize(box);
  const rects = paneRects(w, h, source.width / source.height);
  const ts = paneTransform(rects[0], source.width, source.height, 0.8, 0.5, 0.5);
  const to = output ? paneTransform(rects[1], output.width, output.height, 0.8, 0.5, 0.5) : null;
  const toStage = (p: Point) => imageToStage(ts, toPixel(p[0], source.width), toPixel(p[1], source.height));
  const onDrag = (i: number) => (e: Konva.KonvaEventObject<DragEvent>) => {
    const u = stageToImage(ts, e.target.x(), e.target.y());
    const clamp = (v: number) => Math.max(-3, Math.min(3, v));
    onHandle(i, [clamp(toNormalised(u.x, source.width)), clamp(toNormalised(u.y, source.height))]);
  };
  return (
    <div ref={box} className="playground-stage" data-testid="playground-stage" data-panes={JSON.stringify([ts, to].map((t) => t && { ox: t.ox, oy: t.oy, scale: t.scale }))}>
      <Stage width={w} height={h}>
        <Layer>
          {rects.map((r, i) => <Rect key={i} x={r.x} y={r.y} width={r.w} height={r.h} fill="#15171c" listening={false} />)}
          {rects.map((r, i) => <Text key={`t${i}`} x={r.x + 6} y={r.y + 4} fill="#9aa3b2" fontSize={12} listening={false}
            text={i === 0 ? 'Source U with the sampling grid T_θ(G)' : `Output V (${output?.width ?? 0}×${output?.height ?? 0}), bilinearly sampled on the regular grid G`} />)}
          <KImage image={source} x={ts.ox} y={ts.oy} width={source.width * ts.scale} height={source.height * ts.scale} listening={false} />
          {output && to && <KImage image={output} x={to.ox} y={to.oy} width={output.width * to.scale} height={output.height * to.scale} listening={false} />}
          <Shape listening={false} sceneFunc={(ctx) => {
            const c = (ctx as unknown as { _context: CanvasRenderingContext2D })._context;
            if (warp) drawGrid(c, ts, source.width, source.height, warp, k, '#7cc4ff');
            if (output && to) drawGrid(c, to, output.width, output.height, { kind: 'affine', theta: IDENTITY_THETA }, k, '#7cc4ff');
          }} />
          {handles.map((p, i) => {
            const s = toStage(p);
            return <Circle key={`${handles.length}-${i}`} name="handle" x={s.x} y={s.y} radius={7} fill="#ff4fd8" stroke="#000" strokeWidth={2} draggable onDragMove={onDrag(i)} />;
          })}
        </Layer>
      </Stage>
    </div>
  );
}
