/** The image around a described pixel, cut from the displayed original, to draw under a descriptor figure. */
import { workingScale, type LoadedImage } from '../../store/images';
import type { Underlay } from './DescriptorFigure';

/**
 * The square of half-side `extent` working pixels around working pixel (x, y), as a data URL placed at
 * −extent…extent in the figure's units (the described pixel spans −½…½). Pixels outside the image are
 * transparent.
 */
export function underlayFor(img: LoadedImage, x: number, y: number, extent: number): Underlay {
  const { sx, sy } = workingScale(img);
  const side = Math.max(8, Math.min(256, Math.round((2 * extent) / sx)));
  const canvas = document.createElement('canvas');
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  // Working edge u (pixel i spans i − ½ … i + ½) is original canvas coordinate (u + ½)/s.
  ctx.drawImage(img.display, (x - extent + 0.5) / sx, (y - extent + 0.5) / sy, (2 * extent) / sx, (2 * extent) / sy, 0, 0, side, side);
  return { href: canvas.toDataURL(), x: -extent, y: -extent, size: 2 * extent };
}
