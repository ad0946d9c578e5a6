/**
 * An image file → the working image the engine computes on, plus what is needed to report coordinates
 * in the file's own pixels. Images over the working limit are shrunk by area averaging, with a notice.
 */
import { readFileSync } from 'node:fs';
import type { RgbImage } from '../engine/core/image';
import { downscaleArea, toOriginal, toWorking, workingSize } from '../engine/core/workingSize';
import type { ImageRef } from '../engine/io/matchesDocument';
import { decodeImage, ImageDecodeError } from './decodeImage';
import { CliError } from './errors';
import type { Log } from './log';

export interface LoadedImage {
  readonly path: string;
  /** Size of the image as displayed (after EXIF orientation), in original pixels. */
  readonly width: number;
  readonly height: number;
  /** What descriptors are computed on: the image itself, or its area-averaged reduction. */
  readonly working: RgbImage;
}

/** Per-axis working/original scale, as buildMatchesDocument computes it. */
export function scalesOf(img: LoadedImage): { sx: number; sy: number } {
  return { sx: img.working.width / img.width, sy: img.working.height / img.height };
}

export function imageRef(img: LoadedImage): ImageRef {
  return { path: img.path, width: img.width, height: img.height, workingWidth: img.working.width, workingHeight: img.working.height };
}

/** Working pixel → original pixel coordinates, rounded to 1/1000 px like the matches file. */
export function workingToOriginal(img: LoadedImage, x: number, y: number): [number, number] {
  const { sx, sy } = scalesOf(img);
  return [round3(toOriginal(x, sx)), round3(toOriginal(y, sy))];
}

/** Original pixel coordinates → the nearest working pixel, clamped into the working image. */
export function originalToWorkingPixel(img: LoadedImage, x: number, y: number): [number, number] {
  const { sx, sy } = scalesOf(img);
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.round(v)));
  return [clamp(toWorking(x, sx), img.working.width), clamp(toWorking(y, sy), img.working.height)];
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Reads and decodes `path`; `role` names it in errors ("source image"). Throws CliError. */
export function loadImage(path: string, role: string, maxPixels: number, log: Log): LoadedImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${role} ${path}: ${fileErrorText(e)}`);
  }
  let decoded;
  try {
    decoded = decodeImage(bytes);
  } catch (e) {
    if (!(e instanceof ImageDecodeError)) throw e;
    throw new CliError(`cannot read ${role} ${path}: ${e.message}`);
  }
  const full = decoded.image;
  const size = workingSize(full.width, full.height, maxPixels);
  if (size.scale === 1) return { path, width: full.width, height: full.height, working: full };
  const mp = ((full.width * full.height) / 1e6).toFixed(2);
  log.notice(
    `${role} ${path} is ${full.width}×${full.height} (${mp} MP), over --max-pixels ${maxPixels}: ` +
      `computing at ${size.width}×${size.height}; coordinates are still reported in original pixels`,
  );
  return { path, width: full.width, height: full.height, working: downscaleArea(full, size.width, size.height) };
}

/** Node's file errors in words: "no such file", not "ENOENT: no such file or directory, open '…'". */
export function fileErrorText(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a folder on its path is not a directory';
    default: return e instanceof Error ? e.message : String(e);
  }
}
