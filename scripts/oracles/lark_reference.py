#!/usr/bin/python3
"""Golden fixture for LARK (src/engine/descriptors/lark.ts), written from the papers with NumPy loops.

H. J. Seo and P. Milanfar, "Training-free, generic object detection using locally adaptive regression
kernels", PAMI 2010 / "Face verification using the LARK representation", TIFS 2011; H. Takeda et al. 2007.

Independent of lark.ts where it matters: the covariance comes from np.linalg.svd of the matrix of gradients
in the disc (lark.ts solves the 2x2 eigenproblem in closed form), det C from np.linalg.det, every kernel
value from the quadratic form written out per neighbour. Shared conventions (stated as deviations in
lark.ts): BT.601 grey of the 8-bit RGB / 255, divided by the crop's sample standard deviation; central
differences with the edge pixel repeated; the binary disc of radius r; the edge pixel repeated for windows
that cross the border; the kernel vector L2-normalised.

Writes src/engine/descriptors/fixtures/lark_reference.json. Run: /usr/bin/python3 scripts/oracles/lark_reference.py
"""
import json
import os

import cv2
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SRC = os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png')
OUT = os.path.join(ROOT, 'src', 'engine', 'descriptors', 'fixtures', 'lark_reference.json')
CROP = (400, 300, 24, 20)  # x, y, width, height in graf1.png
CASES = [dict(window=5, h=1.0, alpha=0.13, detWeight=True), dict(window=3, h=0.7, alpha=0.5, detWeight=False)]


def clamp(v, lo, hi):
    return min(max(v, lo), hi)


def lark(rgb8, window, h, alpha, det_weight):
    H, W, _ = rgb8.shape
    rgb = rgb8.astype(np.float64) / 255.0
    grey = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    std = grey.std(ddof=1)
    g = grey / std if std > 0 else grey
    px = lambda y, x: g[clamp(y, 0, H - 1), clamp(x, 0, W - 1)]
    gx = np.array([[(px(y, x + 1) - px(y, x - 1)) / 2 for x in range(W)] for y in range(H)])
    gy = np.array([[(px(y + 1, x) - px(y - 1, x)) / 2 for x in range(W)] for y in range(H)])
    r = (window - 1) // 2
    disc = [(dy, dx) for dy in range(-r, r + 1) for dx in range(-r, r + 1) if np.hypot(dx, dy) <= r]
    C = np.zeros((H, W, 2, 2))
    for y in range(H):
        for x in range(W):
            G = np.array([[gx[clamp(y + dy, 0, H - 1), clamp(x + dx, 0, W - 1)],
                           gy[clamp(y + dy, 0, H - 1), clamp(x + dx, 0, W - 1)]] for dy, dx in disc])
            _, s, vt = np.linalg.svd(G, full_matrices=False)
            v1, v2 = vt[0], vt[1]
            sigma = (s[0] + 1.0) / (s[1] + 1.0)
            gamma = ((s[0] * s[1] + 1e-7) / len(disc)) ** alpha
            C[y, x] = gamma * (sigma * np.outer(v1, v1) + np.outer(v2, v2) / sigma)
    out = np.zeros((H, W, window * window))
    for y in range(H):
        for x in range(W):
            k = []
            for dy in range(-r, r + 1):
                for dx in range(-r, r + 1):
                    Cl = C[clamp(y + dy, 0, H - 1), clamp(x + dx, 0, W - 1)]
                    d = np.array([dx, dy], dtype=np.float64)
                    w = np.sqrt(np.linalg.det(Cl)) if det_weight else 1.0
                    k.append(w * np.exp(-(d @ Cl @ d) / (2 * h * h)))
            k = np.array(k)
            out[y, x] = k / np.linalg.norm(k)
    return out


def main():
    x0, y0, w, h = CROP
    bgr = cv2.imread(SRC, cv2.IMREAD_COLOR)
    rgb8 = bgr[y0:y0 + h, x0:x0 + w, ::-1]
    cases = []
    for c in CASES:
        d = lark(rgb8, c['window'], c['h'], c['alpha'], c['detWeight'])
        cases.append({'params': c, 'rows': [round(float(v), 7) for v in d.reshape(-1)]})
    doc = {
        'source': 'scripts/oracles/lark_reference.py (NumPy %s, OpenCV %s for PNG reading)' % (np.__version__, cv2.__version__),
        'image': {'width': w, 'height': h, 'rgb8': [int(v) for v in rgb8.reshape(-1)]},
        'cases': cases,
    }
    with open(OUT, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
