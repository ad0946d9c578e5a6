#!/usr/bin/python3
"""Golden fixture for Local Self-Similarity, written from the paper with plain NumPy loops.

E. Shechtman and M. Irani, "Matching local self-similarities across images and videos", CVPR 2007.

For every pixel q: SSD_q(d) between the k x k colour patch at q and the one at q + d (here the mean over the
k^2 pixels and 3 channels of the squared difference, intensities in [0, 1]); var_auto(q) = max SSD_q(d)
over the 8 neighbours |d|_inf = 1; S_q(d) = exp(-SSD_q(d) / max(var_noise, var_auto(q))); log-polar bins
(ring i: radii (R^(i/n), R^((i+1)/n)], sector a: angles [a, a+1) * 360/angles from +x towards +y); the
maximum of S in each bin; a linear stretch of the vector to [0, 1]. The image is padded once by R + k//2
with the edge pixel repeated, as in lss.ts.

Two versions of the bin maximum are written:
  'sampled': over the s x s sampled offsets of each bin that lss.ts uses (lssBinOffsets, re-derived here);
  'full':    over every integer offset d != 0 whose radius and angle fall in the bin (the paper's surface),
             falling back to the sampled offsets for inner bins that contain no integer offset.
The test holds lss.ts to 'sampled' tightly and reports how far the sampling moves it from 'full'.

Writes src/engine/descriptors/fixtures/lss_reference.json. Run: /usr/bin/python3 scripts/oracles/lss_reference.py
"""
import json
import math
import os

import cv2
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'src', 'engine', 'descriptors', 'fixtures', 'lss_reference.json')

PARAMS = dict(radius=20, patch=5, angles=20, rings=4, samples=2, varNoise=0.0025)
CROP = (470, 150, 40, 40)  # x, y, width, height in graf1.png (same crop as the DASC fixture)
NEIGHBOURS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0)]


def bin_offsets(radius, angles, rings, samples):
    """lssBinOffsets in lss.ts: bins[ring * angles + a] = samples^2 offsets (dy, dx), radial index first."""
    bins = []
    for i in range(rings):
        for a in range(angles):
            b = []
            for j in range(samples):
                r = radius ** ((i + (j + 0.5) / samples) / rings)
                for m in range(samples):
                    t = 2 * math.pi * (a + (m + 0.5) / samples) / angles
                    b.append((math.floor(r * math.sin(t) + 0.5), math.floor(r * math.cos(t) + 0.5)))
            bins.append(b)
    return bins


def full_bins(radius, angles, rings, sampled):
    """Every integer offset of each bin (by radius and angle); empty bins keep their sampled offsets."""
    bins = [[] for _ in range(angles * rings)]
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            r = math.hypot(dx, dy)
            if r <= 1 or r > radius:  # ring 0 starts above R^0 = 1
                continue
            ring = min(rings - 1, int(math.floor(math.log(r) / math.log(radius) * rings)))
            if r <= radius ** (ring / rings):  # radii (e_i, e_(i+1)]: a radius on an edge belongs below it
                ring -= 1
            elif ring + 1 < rings and r > radius ** ((ring + 1) / rings):
                ring += 1
            ang = math.atan2(dy, dx) % (2 * math.pi)
            a = min(angles - 1, int(math.floor(ang / (2 * math.pi) * angles)))
            bins[ring * angles + a].append((dy, dx))
    return [b if b else sampled[i] for i, b in enumerate(bins)]


def msd_map(P, offset, halo, H, W, k):
    """Mean squared difference between the k x k patch at every pixel and the patch shifted by offset."""
    dy, dx = offset
    pr = k // 2
    out = np.zeros((H, W))
    for v in range(-pr, pr + 1):
        for u in range(-pr, pr + 1):
            a = P[halo + v:halo + v + H, halo + u:halo + u + W]
            b = P[halo + v + dy:halo + v + dy + H, halo + u + dx:halo + u + dx + W]
            out += ((a - b) ** 2).sum(axis=2)
    return out / (3 * k * k)


def lss_reference(rgb, p, bins):
    H, W, _ = rgb.shape
    k, R = p['patch'], p['radius']
    halo = R + k // 2
    P = np.pad(rgb, ((halo, halo), (halo, halo), (0, 0)), mode='edge')
    cache = {}

    def msd(o):
        if o not in cache:
            cache[o] = msd_map(P, o, halo, H, W, k)
        return cache[o]

    var_auto = np.max([msd(o) for o in NEIGHBOURS], axis=0)
    norm = np.maximum(p['varNoise'], var_auto)
    desc = np.zeros((H, W, len(bins)))
    for i, b in enumerate(bins):
        desc[..., i] = np.max([np.exp(-msd(o) / norm) for o in b], axis=0)
    lo = desc.min(axis=2, keepdims=True)
    hi = desc.max(axis=2, keepdims=True)
    return (desc - lo) / np.maximum(hi - lo, 1e-6)


def main():
    bgr = cv2.imread(os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png'), cv2.IMREAD_COLOR)
    x0, y0, w0, h0 = CROP
    rgb8 = bgr[y0:y0 + h0, x0:x0 + w0, ::-1].copy()
    rgb = rgb8.astype(np.float64) / 255.0
    sampled = bin_offsets(PARAMS['radius'], PARAMS['angles'], PARAMS['rings'], PARAMS['samples'])
    full = full_bins(PARAMS['radius'], PARAMS['angles'], PARAMS['rings'], sampled)
    d_sampled = lss_reference(rgb, PARAMS, sampled)
    d_full = lss_reference(rgb, PARAMS, full)
    d_inv = lss_reference(1.0 - rgb, PARAMS, sampled)
    coords = sorted({int(round(v)) for v in np.linspace(0, w0 - 1, 6)})
    points = [(x, y) for y in coords for x in coords]
    r8 = lambda v: round(float(v), 7)
    fixture = {
        'source': 'scripts/oracles/lss_reference.py: NumPy loops, float64',
        'image': {'file': 'public/samples/graffiti/graf1.png', 'crop': {'x': x0, 'y': y0}, 'width': w0, 'height': h0,
                  'rgb8': rgb8.reshape(-1).tolist()},
        'params': PARAMS,
        'binOffsets': [[[dy, dx] for dy, dx in b] for b in sampled],
        'fullBinSizes': [len(b) for b in full],
        'points': [{'x': x, 'y': y, 'sampled': [r8(v) for v in d_sampled[y, x]], 'full': [r8(v) for v in d_full[y, x]]}
                   for x, y in points],
        'inversionMaxAbsDiff': float(np.abs(d_sampled - d_inv).max()),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
    dist = np.linalg.norm(d_sampled - d_full, axis=2)
    print(f'wrote {OUT}: {len(points)} points, {os.path.getsize(OUT)} bytes; '
          f'full-bin offsets per bin {min(fixture["fullBinSizes"])}..{max(fixture["fullBinSizes"])}; '
          f'|sampled - full| mean {dist.mean():.3f}, max {dist.max():.3f}; inversion max diff {fixture["inversionMaxAbsDiff"]:.2e}')


if __name__ == '__main__':
    main()
