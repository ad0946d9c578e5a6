/**
 * The error map over the source pane: each evaluated grid point as a square of its cell, filled with its
 * end-point error's colour (canvas/errorMap.ts bins them, one fill per colour); points without ground truth
 * are left transparent with a diagonal hatch. Its own layer, under the match lines, no input.
 */
import { Group, Layer, Shape } from 'react-konva';
import { colorMapLut } from '../../engine/core/colormaps';
import { imageToStage, type PaneTransform } from '../canvas/paneLayout';
import { useErrorMap } from './useErrorMap';

export function ErrorMapLayer({ t, rect }: { t: PaneTransform | null; rect: { x: number; y: number; w: number; h: number } }) {
  const map = useErrorMap();
  // The layer stays mounted (empty when off), so the stage's canvases keep their order: images, this, lines.
  return <Layer listening={false}>{map && t && <ErrorCellsShape t={t} rect={rect} map={map} />}</Layer>;
}

function ErrorCellsShape({ t, rect, map }: { t: PaneTransform; rect: { x: number; y: number; w: number; h: number }; map: NonNullable<ReturnType<typeof useErrorMap>> }) {
  const { field, cells, opts } = map;
  const lut = colorMapLut(opts.colorMap);
  return (
    <Group clipX={rect.x} clipY={rect.y} clipWidth={rect.w} clipHeight={rect.h}>
      <Shape
        sceneFunc={(ctx) => {
          const c = (ctx as unknown as { _context: CanvasRenderingContext2D })._context;
          const half = (field.cell * t.scale) / 2;
          // Edges snapped to whole stage pixels, so neighbouring cells meet without anti-aliased seams.
          const square = (i: number) => {
            const p = imageToStage(t, field.x[i], field.y[i]);
            const x0 = Math.round(p.x - half);
            const y0 = Math.round(p.y - half);
            return [x0, y0, Math.max(1, Math.round(p.x + half) - x0), Math.max(1, Math.round(p.y + half) - y0)] as const;
          };
          c.globalAlpha = opts.opacity;
          cells.levels.forEach((list, k) => {
            if (list.length === 0) return;
            c.beginPath();
            for (const i of list) c.rect(...square(i));
            c.fillStyle = `rgb(${lut[k * 3]},${lut[k * 3 + 1]},${lut[k * 3 + 2]})`;
            c.fill();
          });
          c.beginPath();
          for (const i of cells.missing) {
            const [x0, y0, w, h] = square(i);
            c.moveTo(x0, y0 + h);
            c.lineTo(x0 + w, y0);
          }
          c.globalAlpha = 0.7;
          c.lineWidth = 1;
          c.strokeStyle = '#c8ccd4';
          c.stroke();
        }}
      />
    </Group>
  );
}
