/**
 * The worker side of the Evaluation panel and the distortion generator, kept beside handlers.ts so the
 * API file stays short. Everything numeric is the engine's (evaluateMaps, distortImage).
 */
import { throwIfAborted } from '../engine/core/abort';
import type { RgbImage } from '../engine/core/image';
import { downscaleArea } from '../engine/core/workingSize';
import { getDescriptor } from '../engine/descriptors/registry';
import type { ParamsOf } from '../engine/descriptors/contract';
import { distortImage, validateDistortion, type DistortionSpec } from '../engine/distort/index';
import { mul3 } from '../engine/distort/geometric';
import { evaluateMaps, type EvalSettings } from '../engine/eval/evaluate';
import { errorField } from '../engine/eval/errorMap';
import type { GroundTruth } from '../engine/eval/groundTruth';
import { checkGroundTruthSize } from '../engine/eval/readers';
import type { DescriptorMap } from '../engine/match/descriptorMap';
import type { CallContext } from './protocol';

interface Side {
  width: number;
  height: number;
  image: RgbImage;
}

export interface EvaluateArgs extends EvalSettings {
  descriptorId: string;
  params: ParamsOf;
  gt: GroundTruth;
}

export async function evaluateInWorker(args: EvaluateArgs, a: DescriptorMap, b: DescriptorMap, source: Side, target: Side, describeMs: number, ctx: CallContext) {
  const d = getDescriptor(args.descriptorId);
  checkGroundTruthSize(args.gt, source.width, source.height);
  const t0 = performance.now();
  const sizes = {
    source: { width: source.width, height: source.height, workingWidth: source.image.width, workingHeight: source.image.height },
    target: { width: target.width, height: target.height, workingWidth: target.image.width, workingHeight: target.image.height },
  };
  const r = await evaluateMaps(a, b, d.metric, args.gt, sizes, args, { signal: ctx.signal, onProgress: (f) => ctx.progress(`evaluating ${d.id}`, f) });
  return {
    descriptorId: d.id,
    metrics: r.metrics,
    /** End-point error per evaluated point (original target pixels), for curves. */
    epe: Float32Array.from(r.evaluated.epe),
    /** Every matched source point with its EPE (NaN where not evaluated), for the error map; the grid cell in original pixels. */
    errorMap: errorField(r.matches, r.evaluated, args.stride * (source.width / source.image.width)),
    /** Describe (0 when both maps were cached) + match + score. */
    seconds: (describeMs + performance.now() - t0) / 1000,
  };
}

export interface DistortArgs {
  spec: Partial<DistortionSpec>;
  /** Preview: shrink the source to fit this many pixels on its longer side first. Absent = full size. */
  maxSide?: number;
}

/**
 * Distorts the source's working image. The homography returned maps ORIGINAL source pixels to target
 * pixels (the target is made at the working size): H · S, S the original → working map per axis.
 */
export async function distortInWorker(args: DistortArgs, source: Side, ctx: CallContext) {
  const spec = validateDistortion(args.spec);
  let img = source.image;
  if (args.maxSide && Math.max(img.width, img.height) > args.maxSide) {
    const k = args.maxSide / Math.max(img.width, img.height);
    img = downscaleArea(img, Math.max(1, Math.floor(img.width * k)), Math.max(1, Math.floor(img.height * k)));
  }
  const sx = img.width / source.width;
  const sy = img.height / source.height;
  ctx.progress('distorting', 0);
  // Translation is given in original pixels; the image being warped may be smaller.
  const { image, H } = distortImage(img, { ...spec, tx: spec.tx * sx, ty: spec.ty * sy });
  throwIfAborted(ctx.signal);
  const S = [sx, 0, 0.5 * sx - 0.5, 0, sy, 0.5 * sy - 0.5, 0, 0, 1];
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  for (let i = 0, j = 0; j < image.data.length; i += 4, j += 3) {
    rgba[i] = image.data[j] * 255;
    rgba[i + 1] = image.data[j + 1] * 255;
    rgba[i + 2] = image.data[j + 2] * 255;
    rgba[i + 3] = 255;
  }
  let png: ArrayBuffer | null = null;
  if (!args.maxSide) {
    const canvas = new OffscreenCanvas(image.width, image.height);
    canvas.getContext('2d')!.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
    png = await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer();
  }
  return { width: image.width, height: image.height, rgba, png, H: mul3(H, S) };
}
