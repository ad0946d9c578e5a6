/** The files `matchscope describe` writes: the JSON document, and the points file beside a .npy. */
import type { ParamsOf } from '../../engine/descriptors/contract';
import type { LoadedImage } from '../loadImage';
import { float32Text } from '../output';

export interface DescribeResult {
  descriptor: { id: string; params: ParamsOf; dim: number };
  img: LoadedImage;
  /** Grid stride, or null for points from a file. */
  stride: number | null;
  /** Sampled points in original pixels, [x, y]. */
  points: [number, number][];
}

function header(r: DescribeResult) {
  return {
    descriptor: r.descriptor,
    width: r.img.width,
    height: r.img.height,
    working: { width: r.img.working.width, height: r.img.working.height },
    stride: r.stride,
  };
}

/**
 * The JSON document as text chunks, one point or one descriptor per line, so a large map is never one
 * giant string. `rows` is (N, D) float32 with N = points.length.
 */
export function* describeJsonChunks(r: DescribeResult & { rows: Float32Array }): Generator<string> {
  const head = JSON.stringify(header(r), null, 2);
  yield `${head.slice(0, -2)},\n  "points": [`;
  for (let i = 0; i < r.points.length; i++) yield `${i ? ',' : ''}\n    [${r.points[i][0]}, ${r.points[i][1]}]`;
  yield '\n  ],\n  "descriptors": [';
  const d = r.descriptor.dim;
  for (let i = 0; i < r.points.length; i++) {
    const row = Array.from(r.rows.subarray(i * d, (i + 1) * d), float32Text);
    yield `${i ? ',' : ''}\n    [${row.join(', ')}]`;
  }
  yield '\n  ]\n}\n';
}

/**
 * What goes beside FILE.npy. With --stride 1 the array is (H, W, D) over the working image, so the file
 * says how to map an index to original pixels instead of listing H·W points.
 */
export function pointsSidecar(r: DescribeResult) {
  if (r.stride === 1) {
    return {
      ...header(r),
      layout: '(H, W, D)',
      note: 'array[r, c] is working pixel (c, r); in original pixels x = (c + 0.5) * width / working.width - 0.5, y likewise',
    };
  }
  return { ...header(r), layout: '(N, D)', points: r.points };
}

/** `out.npy` → `out.points.json`. */
export function sidecarPath(npyPath: string): string {
  return `${npyPath.replace(/\.npy$/i, '')}.points.json`;
}
