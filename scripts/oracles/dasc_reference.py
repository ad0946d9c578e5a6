#!/usr/bin/python3
"""Golden fixture for DASC, written from the paper with plain NumPy (no box-filter algebra).

S. Kim, D. Min, B. Ham, S. Ryu, M. N. Do and K. Sohn, "DASC: Dense adaptive self-correlation descriptor
for multi-modal and multi-spectral correspondence", CVPR 2015 (TPAMI 2017).

For pair l = (p, q) and pixel x, with s = x + p and t = x + q:
  w(s, s')  guided-filter kernel of the grey image (He et al., ECCV 2010, Eq. 19):
            (1/|w|^2) sum over windows k containing s and s' of (1 + (I_s - mu_k)(I_s' - mu_k) / (var_k + eps))
  G_s = sum w(s, s') I_s',  G_t = sum w(s, s') I_{s' + t - s}
  C   = sum w (I_s' - G_s)(I_t' - G_t) / sqrt((sum w (I_s' - G_s)^2 + tau)(sum w (I_t' - G_t)^2 + tau))
  d_l = exp(-(1 - min(|C|, 1)) / sigma),  D = d / ||d||
The kernel is built explicitly, window by window, so this checks the TypeScript's guided-filter algebra
rather than repeating it. The image is padded once by M + 2r with the edge pixel repeated, as in dasc.ts.

Writes src/engine/descriptors/fixtures/dasc_reference.json. Run: /usr/bin/python3 scripts/oracles/dasc_reference.py
"""
import json
import os

import cv2
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'src', 'engine', 'descriptors', 'fixtures', 'dasc_reference.json')

SEED = 20150607  # DASC_PATTERN_SEED in dasc.ts
PARAMS = dict(pairs=128, radius=15, gfRadius=2, epsilon=0.09, sigma=0.5, signed=False)
TAU = 1e-5  # DASC_VARIANCE_FLOOR in dasc.ts
CROP = (470, 150, 40, 40)  # x, y, width, height in graf1.png: the rooster's eye and comb, strong edges


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    return nxt


def sampling_pattern(count, radius, seed=SEED):
    nxt = mulberry32(seed)
    coord = lambda: int(np.floor(nxt() * (2 * radius + 1))) - radius
    pairs = []
    while len(pairs) < count:
        p = (coord(), coord())
        q = (coord(), coord())
        if p != q:
            pairs.append((p, q))
    return pairs


def gf_kernel(I, r, eps):
    """w[y, x, dy + 2r, dx + 2r] = guided-filter weight of pixel (y + dy, x + dx) for output pixel (y, x),
    for every (y, x) at least 2r inside I. Built window by window from the definition."""
    H, W = I.shape
    k = 2 * r + 1
    # Window statistics for every window centre c with the whole window inside I.
    mu = np.zeros((H, W))
    var = np.zeros((H, W))
    for cy in range(r, H - r):
        for cx in range(r, W - r):
            win = I[cy - r:cy + r + 1, cx - r:cx + r + 1]
            mu[cy, cx] = win.mean()
            var[cy, cx] = win.var()
    m = 2 * r
    out = np.zeros((H - 2 * m, W - 2 * m, 2 * m + 1, 2 * m + 1))
    ys, xs = np.mgrid[m:H - m, m:W - m]
    for ky in range(-r, r + 1):          # window centre c = s + (ky, kx)
        for kx in range(-r, r + 1):
            cy, cx = ys + ky, xs + kx
            mu_c, var_c = mu[cy, cx], var[cy, cx]
            Is = I[ys, xs]
            for ly in range(-r, r + 1):  # s' = c + (ly, lx)
                for lx in range(-r, r + 1):
                    Isp = I[cy + ly, cx + lx]
                    wgt = (1 + (Is - mu_c) * (Isp - mu_c) / (var_c + eps)) / (k * k) ** 2
                    out[:, :, ky + ly + m, kx + lx + m] += wgt
    return out


def dasc_reference(grey, pattern, radius, r, eps, sigma, signed):
    H, W = grey.shape
    halo = radius + 2 * r
    I = np.pad(grey, halo, mode='edge')
    w = gf_kernel(I, r, eps)  # for s on the padded image shrunk by 2r: offset halo - 2r = radius
    m = 2 * r
    offs = np.arange(-m, m + 1)
    d = np.zeros((H, W, len(pattern)))
    ys, xs = np.mgrid[0:H, 0:W]
    for l, ((py, px), (qy, qx)) in enumerate(pattern):
        sy, sx = ys + py + halo, xs + px + halo  # s in padded coordinates
        ty, tx = ys + qy + halo, xs + qx + halo
        wgt = w[sy - m, sx - m]  # (H, W, 4r+1, 4r+1)
        ps = I[sy[..., None, None] + offs[:, None], sx[..., None, None] + offs[None, :]]
        pt = I[ty[..., None, None] + offs[:, None], tx[..., None, None] + offs[None, :]]
        gs = (wgt * ps).sum(axis=(2, 3))
        gt = (wgt * pt).sum(axis=(2, 3))
        cs = ps - gs[..., None, None]
        ct = pt - gt[..., None, None]
        cov = (wgt * cs * ct).sum(axis=(2, 3))
        vs = (wgt * cs * cs).sum(axis=(2, 3))
        vt = (wgt * ct * ct).sum(axis=(2, 3))
        c = cov / np.sqrt((vs + TAU) * (vt + TAU))
        c = np.clip(c, -1, 1) if signed else np.minimum(np.abs(c), 1)
        d[..., l] = np.exp(-(1 - c) / sigma)
    return d / np.linalg.norm(d, axis=2, keepdims=True)


def main():
    bgr = cv2.imread(os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png'), cv2.IMREAD_COLOR)
    x0, y0, w0, h0 = CROP
    rgb = bgr[y0:y0 + h0, x0:x0 + w0, ::-1].astype(np.float64)
    grey = (0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]) / 255.0  # toGray in padding.ts
    pattern = sampling_pattern(PARAMS['pairs'], PARAMS['radius'])
    d = dasc_reference(grey, pattern, PARAMS['radius'], PARAMS['gfRadius'], PARAMS['epsilon'], PARAMS['sigma'], PARAMS['signed'])
    # Points: a 6x6 grid from edge to edge, so the replicated border is checked too.
    coords = sorted({int(round(v)) for v in np.linspace(0, w0 - 1, 6)})
    points = [(x, y) for y in coords for x in coords]
    # The same descriptors on the inverted image 1 - I, for the record (C is invariant to it).
    d_inv = dasc_reference(1.0 - grey, pattern, PARAMS['radius'], PARAMS['gfRadius'], PARAMS['epsilon'], PARAMS['sigma'], PARAMS['signed'])
    fixture = {
        'source': 'scripts/oracles/dasc_reference.py: explicit guided-filter kernel, float64',
        'image': {'file': 'public/samples/graffiti/graf1.png', 'crop': {'x': x0, 'y': y0}, 'width': w0, 'height': h0,
                  'rgb8': rgb.astype(np.uint8).reshape(-1).tolist()},
        'params': PARAMS,
        'seed': SEED,
        'tau': TAU,
        'pattern': [[p[0], p[1], q[0], q[1]] for p, q in pattern],
        'points': [{'x': x, 'y': y, 'd': [round(float(v), 7) for v in d[y, x]]} for x, y in points],
        'inversionCosine': {'min': float((d * d_inv).sum(axis=2).min()), 'mean': float((d * d_inv).sum(axis=2).mean())},
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
    print(f'wrote {OUT}: {len(points)} points x {len(pattern)} pairs, {os.path.getsize(OUT)} bytes;',
          'inversion cosine min', fixture['inversionCosine']['min'])


if __name__ == '__main__':
    main()
