/**
 * One image at its own resolution, fitted to the area (CSS object-fit), with an SVG overlay in the same
 * image coordinates: the residual of each match under the homography (inliers green, outliers red) and
 * the swipe line. The canvas is the full-resolution composite, so what is exported is what is shown.
 */
import { useEffect, useRef } from 'react';

export interface MatchOverlay {
  /** Per match: target position (x₁) and where H sends the source point (H x₀), original pixels. */
  x1: Float64Array;
  y1: Float64Array;
  hx: Float64Array;
  hy: Float64Array;
  inlier: Uint8Array;
}

/**
 * Inliers: a dot at x₁ and the residual from x₁ to H x₀ (short by definition). Outliers: a dot at x₁ only,
 * since a line to where H sends a wrong match would cross the whole image and hide it.
 */
function overlayPath(o: MatchOverlay, inlier: 0 | 1): string {
  const parts: string[] = [];
  for (let i = 0; i < o.x1.length; i++) {
    if (o.inlier[i] !== inlier) continue;
    // Pixel centres sit at integer + ½ in the viewBox.
    const x = (o.x1[i] + 0.5).toFixed(1);
    const y = (o.y1[i] + 0.5).toFixed(1);
    parts.push(`M${x} ${y}h0.01`);
    if (inlier && Number.isFinite(o.hx[i])) parts.push(`M${x} ${y}L${(o.hx[i] + 0.5).toFixed(1)} ${(o.hy[i] + 0.5).toFixed(1)}`);
  }
  return parts.join('');
}

export function WarpCanvas(props: { width: number; height: number; rgba: Uint8ClampedArray<ArrayBuffer>; overlay: MatchOverlay | null; swipe: number | null; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { width, height, rgba, overlay, swipe } = props;
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = width;
    c.height = height;
    c.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [width, height, rgba]);
  return (
    <div className="warp-canvas">
      <canvas ref={ref} role="img" aria-label={props.label} data-testid="warp-canvas" />
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
        {overlay && (
          <>
            <path d={overlayPath(overlay, 0)} stroke="#ff4d4d" strokeWidth={3.5} strokeLinecap="round" fill="none" vectorEffect="non-scaling-stroke" opacity={0.85} />
            <path d={overlayPath(overlay, 1)} stroke="#3ddc84" strokeWidth={3.5} strokeLinecap="round" fill="none" vectorEffect="non-scaling-stroke" opacity={0.9} />
          </>
        )}
        {swipe !== null && <line x1={swipe * width} x2={swipe * width} y1={0} y2={height} stroke="#fff" strokeWidth={2} vectorEffect="non-scaling-stroke" />}
      </svg>
    </div>
  );
}
