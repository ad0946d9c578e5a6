/**
 * Descriptor sampling grids: the current descriptor's sampling pattern (its own `pattern()`) drawn large at
 * the clicked pixel and at its best match, and over each whole image on a sparse grid — turned by each
 * pixel's θ₀ where the descriptor turns it (oriented dense SIFT, DAISY 'dominant') — or, instead, Lowe's DoG keypoints with
 * their oriented 4×4 SIFT grids.
 */
import { useMemo, useRef, useState } from 'react';
import { Circle, Group, Image as KImage, Layer, Rect, Shape, Stage, Text } from 'react-konva';
import type Konva from 'konva';
import { useApp } from '../../store';
import { currentParams } from '../../store/settings';
import { workingScale, type LoadedImage } from '../../store/images';
import { ensureKeypoints, runQuery } from '../../engine/controller';
import { imageToStage, paneTransform, stageToImage, insideRect, type PaneTransform } from '../../canvas/paneLayout';
import { getDescriptor } from '../../../engine/descriptors/registry';
import { gridPoints, type PointSet } from '../../../engine/core/grid';
import { toOriginal, toWorking } from '../../../engine/core/workingSize';
import type { Side } from '../../../worker/handlers';
import { emptyPlaced, keypointPattern, largestKeypoints, patternExtent, patternMarks, placePattern, type PlacedPattern } from './placePattern';
import { geometryNote } from './geometryNote';
import { closeUp, gridsPanes, sparseSpacing } from './gridsLayout';
import { briskKeypointPattern, separatedKeypoints } from './briskPattern';
import { drawPlaced } from './drawPlaced';
import { useElementSize } from './useElementSize';
import { useFrames } from './useFrames';
import { useUcnFrames } from './useUcnFrames';

const SIDES: Side[] = ['source', 'target'];
/** Keypoint frames drawn per image: the largest, since hundreds of small 4×4 grids only make a smear. */
const MAX_FRAMES = 100;
type Overlay = 'grid' | 'keypoints';

export function DescriptorGrids() {
  const images = useApp((s) => s.images);
  const settings = useApp((s) => s.settings);
  const result = useApp((s) => s.query?.result ?? null);
  const sparse = useApp((s) => s.sparse);
  const [overlay, setOverlay] = useState<Overlay>('grid');
  const box = useRef<HTMLDivElement>(null);
  const { w, h } = useElementSize(box);
  const d = getDescriptor(settings.descriptorId);
  const p = currentParams(settings);
  const pattern = d.pattern?.(p) ?? null;
  const note = geometryNote(d.id, p);
  const turns = note.handling === 'per-pixel-orientation';
  const spacing = sparseSpacing(d.radius(p));
  const grids = useMemo(() => {
    const g = (img: LoadedImage | null): PointSet | null => (img ? gridPoints(img.workingWidth, img.workingHeight, spacing) : null);
    return { source: g(images.source), target: g(images.target) };
  }, [images.source, images.target, spacing]);
  const pair = useMemo(() => (result && result.descriptorId === d.id ? { from: result.from, x: result.x, y: result.y, bestX: result.bestX, bestY: result.bestY } : null), [result, d.id]);
  const frameKind = turns ? (d.id === 'daisy' ? 'daisy' : 'sift') : null;
  const frames = useFrames(frameKind, Number(frameKind === 'daisy' ? p.radius : p.binSize), Number(p.sigma ?? 0), grids, pair);
  const ucnFrames = useUcnFrames(note.handling === 'per-cell-transform', pair);

  const panes = gridsPanes(w, h);
  const overviews = SIDES.map((side, i) => {
    const img = images[side];
    return img ? paneTransform(panes[2 + i], img.width, img.height, 1, 0.5, 0.5) : null;
  });
  // Everything drawn, in original-image pixels per side: the overlay on the overviews, the pattern at the pair.
  const placed = SIDES.map((side) => {
    const img = images[side];
    const out = emptyPlaced();
    if (!img) return out;
    const { sx, sy } = workingScale(img);
    if (overlay === 'keypoints') {
      const kp = sparse?.[side];
      // BRISK keypoints carry scale = size / 2 (see handlers.ts) and draw their own 60-point pattern.
      const brisk = sparse?.method === 'brisk';
      const frame = brisk ? (s: number) => briskKeypointPattern(2 * s) : keypointPattern;
      if (kp) for (const i of brisk ? separatedKeypoints(kp.x, kp.y, kp.scale, MAX_FRAMES) : largestKeypoints(kp.scale, MAX_FRAMES)) placePattern(frame(kp.scale[i]), toOriginal(kp.x[i], sx), toOriginal(kp.y[i], sy), kp.angle?.[i] ?? 0, 1 / sx, out);
    } else if (pattern && grids[side]) {
      const g = grids[side]!;
      const th = frames.grid[side];
      for (let i = 0; i < g.xs.length; i++) placePattern(pattern, toOriginal(g.xs[i], sx), toOriginal(g.ys[i], sy), th ? th[i] : 0, 1 / sx, out);
    }
    return out;
  });
  const sparseCount = SIDES.map((side) => (overlay === 'keypoints' ? (sparse?.[side].x.length ?? 0) : (grids[side]?.xs.length ?? 0)));
  const pairPoints = pair ? [{ side: pair.from, x: pair.x, y: pair.y }, { side: (pair.from === 'source' ? 'target' : 'source') as Side, x: pair.bestX, y: pair.bestY }] : [];
  const closeUps = pairPoints.flatMap((pt, i) => {
    const img = images[pt.side];
    if (!img) return [];
    const { sx, sy } = workingScale(img);
    const [x, y] = [toOriginal(pt.x, sx), toOriginal(pt.y, sy)];
    const theta = turns ? (frames.pair?.[i] ?? null) : 0;
    // UCN HN-ST: the transformer's own frame at this pixel (rotation and scale of its 3×3 grid of cells).
    const st = note.handling === 'per-cell-transform' ? (ucnFrames?.[i] ?? null) : null;
    const marks = pattern && theta !== null ? placePattern(pattern, x, y, st ? st.angle : theta, (st ? st.scale : 1) / sx) : emptyPlaced();
    const stLabel = st ? `, φ = ${((st.angle * 180) / Math.PI).toFixed(1)}°, σ = ${st.scale.toFixed(2)}` : '';
    const label = `${i === 0 ? 'Query' : 'Best match'}: ${pt.side} (${Math.round(x * 100) / 100}, ${Math.round(y * 100) / 100})${turns && theta !== null ? `, θ₀ = ${((theta * 180) / Math.PI).toFixed(1)}°` : ''}${stLabel}`;
    // HN-ST's grid grows with σ (up to 2): room for the largest.
    const reach = (pattern ? patternExtent(pattern) : d.radius(p)) * (note.handling === 'per-cell-transform' ? 2 : 1);
    return [{ img, side: pt.side, x, y, t: closeUp(panes[i], x, y, (reach * 1.1 + 2) / sx), marks, label }];
  });
  const markersOn = (side: Side) => closeUps.filter((c) => c.side === side).map((c) => ({ x: c.x, y: c.y }));

  const onClick = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const pos = e.target.getStage()!.getPointerPosition()!;
    SIDES.forEach((side, i) => {
      const t = overviews[i];
      const img = images[side];
      if (!t || !img || !insideRect(panes[2 + i], pos.x, pos.y)) return;
      const u = stageToImage(t, pos.x, pos.y);
      if (u.x < -0.5 || u.y < -0.5 || u.x > img.width - 0.5 || u.y > img.height - 0.5) return;
      const s = workingScale(img);
      void runQuery(side, toWorking(u.x, s.sx), toWorking(u.y, s.sy));
    });
  };
  const choose = (o: Overlay) => {
    setOverlay(o);
    if (o === 'keypoints') void ensureKeypoints();
  };

  return (
    <div className="descriptor-grids" data-testid="descriptor-grids" data-overlay={overlay} data-geometry={note.handling}
      data-pattern-marks={pattern && closeUps.length ? patternMarks(pattern) : 0} data-sparse={JSON.stringify(sparseCount)}
      data-theta0={JSON.stringify(frames.pair)} data-ucn-st={JSON.stringify(ucnFrames)} data-panes={JSON.stringify(overviews.map((t) => t && { ox: t.ox, oy: t.oy, scale: t.scale }))}>
      <div className="grids-bar">
        <fieldset className="modes">
          <legend>Over the images</legend>
          <label><input type="radio" name="grid-overlay" checked={overlay === 'grid'} onChange={() => choose('grid')} /> {d.label} on a {spacing}-px grid</label>
          <label><input type="radio" name="grid-overlay" checked={overlay === 'keypoints'} onChange={() => choose('keypoints')} /> {sparse?.method === 'brisk' ? 'BRISK keypoints (sampling patterns)' : 'DoG keypoints (sparse SIFT frames)'}</label>
        </fieldset>
        <p className="hint" data-testid="geometry-note">{note.text} {pattern ? pattern.caption : 'This descriptor publishes no sampling pattern.'}</p>
      </div>
      <div ref={box} className="grids-stage">
        <Stage width={w} height={h} onClick={onClick}>
          <Layer imageSmoothingEnabled={false}>
            {panes.map((r, i) => <Rect key={i} x={r.x} y={r.y} width={r.w} height={r.h} fill="#15171c" />)}
            {closeUps.map((c, i) => <PaneImage key={`c${i}`} img={c.img} t={c.t} marks={c.marks} width={2} colour="#fde725" markers={[{ x: c.x, y: c.y }]} label={c.label} />)}
          </Layer>
          <Layer>
            {SIDES.map((side, i) => <PaneImage key={side} img={images[side]} t={overviews[i]} marks={placed[i]} width={1} colour={overlay === 'keypoints' ? '#ff4fd8' : '#7cc4ff'}
              markers={markersOn(side)} label={overlay === 'keypoints' ? `${side}: ${sparse?.method === 'brisk' ? 'up to ' : 'the '}${Math.min(MAX_FRAMES, sparseCount[i])} ${sparse?.method === 'brisk' ? '' : 'largest '}of ${sparseCount[i]} ${sparse?.method === 'brisk' ? 'BRISK keypoints (the largest that do not overlap), 60-point patterns' : 'DoG keypoints, 4×4 bins of 3σ'} (click to query)` : `${side}: ${sparseCount[i]} grid points (click to query)`} />)}
          </Layer>
        </Stage>
        {!pair && <p className="hint grids-empty">{images.source && images.target
          ? 'Click a pixel in either image below: its sampling pattern is drawn large here, at the pixel and at its best match.'
          : 'Load two images (drop them in the Matches view, or use Open source… / Open target…) to see sampling grids on them.'}</p>}
      </div>
    </div>
  );
}

interface PaneImageProps {
  img: LoadedImage | null;
  t: PaneTransform | null;
  marks: PlacedPattern;
  width: number;
  colour: string;
  /** The query or its match (original pixels), ringed in magenta. */
  markers: { x: number; y: number }[];
  label: string;
}

function PaneImage({ img, t, marks, width, colour, markers, label }: PaneImageProps) {
  if (!img || !t) return null;
  return (
    <Group clipX={t.x} clipY={t.y} clipWidth={t.w} clipHeight={t.h}>
      <KImage image={img.display} x={t.ox} y={t.oy} width={img.width * t.scale} height={img.height * t.scale} />
      <Shape listening={false} sceneFunc={(ctx) => drawPlaced((ctx as unknown as { _context: CanvasRenderingContext2D })._context, t, marks, colour, width)} />
      {markers.map((m, i) => {
        const s = imageToStage(t, m.x, m.y);
        return <Circle key={i} x={s.x} y={s.y} radius={6} stroke="#ff4fd8" strokeWidth={2.5} listening={false} />;
      })}
      <Rect x={t.x} y={t.y} width={Math.min(t.w, label.length * 7 + 12)} height={20} fill="#000000aa" listening={false} />
      <Text x={t.x + 6} y={t.y + 4} text={label} fill="#e6e9ef" fontSize={12} listening={false} />
    </Group>
  );
}
