#!/usr/bin/python3
"""Golden values for src/engine/descriptors/daisy.ts.

1. A plain NumPy DAISY written from the paper, with the constants of Tola's reference code:
   E. Tola, V. Lepetit, P. Fua, "DAISY: An efficient dense descriptor applied to wide-baseline stereo",
   IEEE TPAMI 32(5), 2010; libdaisy as kept in OpenCV contrib (xfeatures2d/src/daisy.cpp):
   - layered_gradient: GaussianBlur(5x5, sigma 0.5), Sobel aperture 1 scaled by 1/2 (central differences),
     G_o = max(0, cos(o) dx + sin(o) dy), o = 2 pi h / H;
   - the maps are smoothed by sqrt(1.6^2 - 0.25) ("pull this to 1.6 as in sift");
   - compute_cube_sigmas: Sigma_i = R i / (2Q), applied incrementally, sqrt(Sigma_i^2 - Sigma_{i-1}^2);
   - every Gaussian has filter_size(sigma, 5) = int(5 sigma) made odd (at least 3) taps, replicated borders;
   - compute_grid_points: petal j of ring i at (x, y) = (rho cos t, rho sin t), rho = R i / Q,
     t = 2 pi j / T; the centre and ring 1 read Sigma_1, ring i reads Sigma_i;
   - bi_get_histogram: bilinear interpolation; normalize_partial / normalize_full / normalize_sift_way.
   Per-point loops, float64, independent of the TypeScript code.
   With an orientation offset theta the petal angles become t + theta and the maps are taken at o + theta
   (Matchscope's steered variant; libdaisy instead interpolates the theta = 0 bins).
   Borders: the smoothed maps are read as zero outside the image (libdaisy instead zeroes a petal whose centre
   is not inside [0, W-1) x [0, H-1)); the interior points below do not depend on this, the border points do.
2. skimage.feature.daisy(normalization='daisy') at the same points, for a looser structural comparison.

Input: a 48x48 crop of public/samples/graffiti/graf1.png at (x, y) = (400, 300), grey = 0.299 R + 0.587 G +
0.114 B in [0, 1], rounded to 1e-6 (the stored values are exactly what both sides compute on).

Run from the repository root: /usr/bin/python3 scripts/oracles/daisy_reference.py
"""
import json
import math
import os

import cv2
import numpy as np
from skimage.feature import daisy as skimage_daisy

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'src', 'engine', 'descriptors', 'fixtures', 'daisy_reference.json')
X0, Y0, SIZE = 400, 300, 48
# Interior points (x, y): every petal of radius 15 stays inside the 48x48 crop.
POINTS = [(16, 16), (24, 16), (31, 16), (16, 24), (24, 24), (31, 24), (16, 31), (24, 31), (31, 31),
          (20, 27), (27, 20), (22, 29)]
# Border points: petals leave the crop (only for the Tola-style cases; skimage has no descriptor there).
BORDER_POINTS = [(0, 0), (3, 20), (47, 47), (44, 2), (10, 46)]


def gaussian_kernel(sigma, radius):
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    g = np.exp(-x * x / (2 * sigma * sigma))
    return g / g.sum()


def tola_radius(sigma):
    size = int(5 * sigma)
    if size % 2 == 0:
        size += 1
    return (max(3, size) - 1) // 2


def blur(img, sigma, radius=None):
    """Separable Gaussian of each channel of (C, H, W), borders replicated."""
    r = tola_radius(sigma) if radius is None else radius
    k = gaussian_kernel(sigma, r)
    p = np.pad(img, ((0, 0), (r, r), (r, r)), mode='edge')
    h, w = img.shape[1:]
    tmp = sum(k[i] * p[:, :, i:i + w] for i in range(2 * r + 1))
    return sum(k[i] * tmp[:, i:i + h, :] for i in range(2 * r + 1))


def smoothed_levels(gray, R, Q, H, theta):
    g = blur(gray[None], 0.5, 2)[0]
    gp = np.pad(g, 1, mode='edge')
    dx = (gp[1:-1, 2:] - gp[1:-1, :-2]) / 2
    dy = (gp[2:, 1:-1] - gp[:-2, 1:-1]) / 2
    o = 2 * np.pi * np.arange(H) / H + theta
    maps = np.maximum(np.cos(o)[:, None, None] * dx + np.sin(o)[:, None, None] * dy, 0)
    level = blur(maps, math.sqrt(1.6 ** 2 - 0.25))
    levels, prev = [], 0.0
    for i in range(1, Q + 1):
        sigma = R * i / (2 * Q)
        level = blur(level, math.sqrt(sigma ** 2 - prev ** 2))
        levels.append(level)
        prev = sigma
    return levels


def bilinear(cube, x, y):
    """cube (H, rows, cols) at real (x, y), bilinearly, the maps taken as zero outside the image."""
    rows, cols = cube.shape[1:]
    x0, y0 = int(math.floor(x)), int(math.floor(y))
    fx, fy = x - x0, y - y0

    def at(xi, yi):
        inside = 0 <= xi < cols and 0 <= yi < rows
        return cube[:, yi, xi] if inside else np.zeros(cube.shape[0])

    return ((1 - fx) * (1 - fy) * at(x0, y0) + fx * (1 - fy) * at(x0 + 1, y0)
            + (1 - fx) * fy * at(x0, y0 + 1) + fx * fy * at(x0 + 1, y0 + 1))


def normalise(desc, how, H):
    d = desc.copy()
    if how == 'partial':
        for g in range(0, len(d), H):
            n = np.linalg.norm(d[g:g + H])
            if n != 0:
                d[g:g + H] /= n
    elif how == 'full':
        n = np.linalg.norm(d)
        if n != 0:
            d /= n
    elif how == 'sift':
        for _ in range(5):
            n = np.linalg.norm(d)
            if n > 1e-5:
                d /= n
            changed = np.any(d > 0.154)
            d = np.minimum(d, 0.154)
            if not changed:
                break
    return d


def tola_daisy(gray, points, R=15.0, Q=3, T=8, H=8, normalization='partial', orientation=0.0):
    theta = math.radians(orientation)
    levels = smoothed_levels(gray, R, Q, H, theta)
    out = []
    for (x, y) in points:
        hists = [bilinear(levels[0], x, y)]
        for i in range(1, Q + 1):
            rho = R * i / Q
            for j in range(T):
                t = 2 * math.pi * j / T + theta
                hists.append(bilinear(levels[i - 1], x + rho * math.cos(t), y + rho * math.sin(t)))
        out.append(normalise(np.concatenate(hists), normalization, H))
    return np.array(out)


def main():
    bgr = cv2.imread(os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png'), cv2.IMREAD_COLOR)
    rgb = bgr[Y0:Y0 + SIZE, X0:X0 + SIZE, ::-1].astype(np.float64) / 255
    gray = np.round(rgb @ np.array([0.299, 0.587, 0.114]), 6)

    configs = [
        dict(),
        dict(orientation=22.5),
        dict(R=10.0, Q=2, T=6, H=4, normalization='sift'),
        dict(R=7.5, Q=3, T=5, H=6, normalization='full', orientation=-40.0),
    ]
    cases = []
    for cfg in configs:
        params = dict(radius=cfg.get('R', 15.0), rings=cfg.get('Q', 3), petals=cfg.get('T', 8),
                      orientations=cfg.get('H', 8), normalization=cfg.get('normalization', 'partial'),
                      orientation=cfg.get('orientation', 0.0))
        d = tola_daisy(gray, POINTS, **cfg)
        b = tola_daisy(gray, BORDER_POINTS, **cfg)
        cases.append({'params': params, 'descriptors': np.round(d, 6).tolist(),
                      'border': np.round(b, 6).tolist()})
        print(params, 'dim', d.shape[1])

    # skimage: descriptor [i, j] is pixel (x, y) = (j + radius, i + radius).
    R = 15
    sk = skimage_daisy(gray, step=1, radius=R, rings=3, histograms=8, orientations=8, normalization='daisy')
    sk_points = np.array([sk[y - R, x - R] for (x, y) in POINTS])

    fixture = {
        'source': 'scripts/oracles/daisy_reference.py',
        'crop': {'image': 'public/samples/graffiti/graf1.png', 'x0': X0, 'y0': Y0},
        'width': SIZE,
        'height': SIZE,
        'gray': gray.flatten().tolist(),
        'points': [list(p) for p in POINTS],
        'borderPoints': [list(p) for p in BORDER_POINTS],
        'tola': cases,
        'skimage': {
            'call': "skimage.feature.daisy(gray, step=1, radius=15, rings=3, histograms=8, orientations=8, normalization='daisy')",
            'version': __import__('skimage').__version__,
            'descriptors': np.round(sk_points, 6).tolist(),
        },
    }
    with open(OUT, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
    print('wrote', OUT, os.path.getsize(OUT), 'bytes')


if __name__ == '__main__':
    main()
