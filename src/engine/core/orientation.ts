/**
 * EXIF orientation (tag 0x0112): how a camera's stored pixels must be turned to be seen upright.
 * Ref: JEITA CP-3451 (Exif 2.32), tag "Orientation": for each value, where the stored 0th row and 0th
 * column appear on the display. Browsers apply it when decoding (`image-orientation: from-image`), so
 * the CLI applies it too and both see the same pixels.
 *
 * Stored pixel (x, y) of a W×H image lands on display pixel:
 *   1 (x, y)              2 (W−1−x, y)           3 (W−1−x, H−1−y)   4 (x, H−1−y)
 *   5 (y, x)              6 (H−1−y, x)           7 (H−1−y, W−1−x)   8 (y, W−1−x)
 * Values 5 to 8 swap width and height.
 */

export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface RgbaBuffer {
  /** (H, W, 4) uint8, row-major. */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export function isExifOrientation(v: unknown): v is ExifOrientation {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 8;
}

/** Whether an orientation swaps width and height (the 90° turns and the two diagonal flips). */
export function swapsAxes(orientation: ExifOrientation): boolean {
  return orientation >= 5;
}

/** For display pixel (x', y') of a w'×h' output, the stored pixel (x, y) it shows, for a W×H input. */
function storedPixel(o: ExifOrientation, xo: number, yo: number, w: number, h: number): [number, number] {
  switch (o) {
    case 1: return [xo, yo];
    case 2: return [w - 1 - xo, yo];
    case 3: return [w - 1 - xo, h - 1 - yo];
    case 4: return [xo, h - 1 - yo];
    case 5: return [yo, xo];
    case 6: return [yo, h - 1 - xo];
    case 7: return [w - 1 - yo, h - 1 - xo];
    case 8: return [w - 1 - yo, xo];
  }
}

/**
 * Applies an EXIF orientation to RGBA pixels. In: (H, W, 4) uint8. Out: a new (H', W', 4) uint8 buffer,
 * with H' = W and W' = H for orientations 5 to 8. The input is never modified (a copy even for 1).
 */
export function applyOrientation(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  orientation: number,
): RgbaBuffer {
  if (!isExifOrientation(orientation)) throw new RangeError(`EXIF orientation must be an integer 1..8, got ${orientation}`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError(`RGBA buffer has ${rgba.length} bytes, expected ${width}×${height}×4`);
  const swap = swapsAxes(orientation);
  const outW = swap ? height : width;
  const outH = swap ? width : height;
  const out = new Uint8Array(rgba.length);
  for (let yo = 0; yo < outH; yo++) {
    for (let xo = 0; xo < outW; xo++) {
      const [x, y] = storedPixel(orientation, xo, yo, width, height);
      const from = (y * width + x) * 4;
      const to = (yo * outW + xo) * 4;
      out[to] = rgba[from];
      out[to + 1] = rgba[from + 1];
      out[to + 2] = rgba[from + 2];
      out[to + 3] = rgba[from + 3];
    }
  }
  return { data: out, width: outW, height: outH };
}
