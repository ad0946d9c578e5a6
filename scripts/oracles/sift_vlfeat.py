#!/usr/bin/python3
"""Golden values for src/engine/descriptors/sift.ts: VLFeat's dense SIFT (vl_dsift) through ctypes.

Reference implementation: A. Vedaldi and B. Fulkerson, VLFeat 0.9.21, vl/dsift.c, called from Debian's
/usr/lib/x86_64-linux-gnu/libvl.so. What vl_dsift computes (read from dsift.c and dsift.h):
  - gradients by central differences (one-sided on the image border), angle = atan2(gy, gx) with y pointing
    DOWN the rows, each gradient split linearly between the two nearest of 8 orientation bins;
  - the 8 maps are convolved with a triangle of half-width binSize (bilinear spatial binning) and sampled at
    the 4 x 4 bin centres, which are binSize apart; the descriptor centre (keypoint x, y) lies 1.5 binSize
    from the top-left bin centre, so with binSize = 4 it is an integer pixel;
  - window: Gaussian with sigma = windowSize * binSize = 2 binSize (windowSize's default), centred on the
    keypoint; with flat_window = true each bin is instead reweighted by the mean of that Gaussian over the bin;
  - layout: descriptor[(biny * 4 + binx) * 8 + bint], orientation fastest, then x bin, then y bin;
  - L2-normalise (norm + FLT_EPSILON), clamp at 0.2, L2-normalise again.
  vl_dsift_set_flat_window is an inline function in dsift.h (not exported), so the script sets the filter's
  useFlatWindow field directly; the struct layout below mirrors VlDsiftFilter in dsift.h.

Two runs on the same pre-smoothed image, both stored: flat_window = true ("flat", vl_phow's default, the
same per-bin approximation Matchscope makes) and flat_window = false ("gaussian", the per-pixel window).

Input: the 64 x 64 crop of public/samples/graffiti/graf1.png at (x, y) = (384, 320), grey = OpenCV's
BT.601 conversion rounded to 8 bits (stored), in [0, 1] as grey / 255. Both sides pre-smooth it with
sigma = sqrt((binSize / 3)^2 - 0.25) (vl_phow's rule with magnif = 3): a sampled Gaussian exp(-i^2 / 2 sigma^2),
i = -ceil(4 sigma) ... ceil(4 sigma), normalised, applied along x then y, borders replicated (filters.ts).

Stored points: an 8 x 8 grid of descriptor centres whose whole support (2.5 binSize - 1 pixels and the
gradient stencil) lies inside the crop, so the border handling of neither side matters.

Run from the repository root: /usr/bin/python3 scripts/oracles/sift_vlfeat.py
"""
import ctypes as C
import json
import math
import os

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'src', 'engine', 'descriptors', 'fixtures', 'sift_vlfeat.json')
SRC = os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png')
X0, Y0, SIZE = 384, 320, 64
BIN_SIZE = 4
MAGNIF = 3.0
SIGMA = math.sqrt((BIN_SIZE / MAGNIF) ** 2 - 0.25)
# Centres 10 ... 52: the support reaches 2.5 * 4 - 1 = 9 pixels, plus 1 for the gradient.
GRID = list(range(10, 53, 6))


class Keypoint(C.Structure):
    _fields_ = [('x', C.c_double), ('y', C.c_double), ('s', C.c_double), ('norm', C.c_double)]


class Geometry(C.Structure):
    _fields_ = [('numBinT', C.c_int), ('numBinX', C.c_int), ('numBinY', C.c_int),
                ('binSizeX', C.c_int), ('binSizeY', C.c_int)]


class DsiftFilter(C.Structure):
    _fields_ = [('imWidth', C.c_int), ('imHeight', C.c_int), ('stepX', C.c_int), ('stepY', C.c_int),
                ('boundMinX', C.c_int), ('boundMinY', C.c_int), ('boundMaxX', C.c_int), ('boundMaxY', C.c_int),
                ('geom', Geometry), ('useFlatWindow', C.c_int), ('windowSize', C.c_double),
                ('numFrames', C.c_int), ('descrSize', C.c_int),
                ('frames', C.POINTER(Keypoint)), ('descrs', C.POINTER(C.c_float)),
                ('numBinAlloc', C.c_int), ('numFrameAlloc', C.c_int), ('numGradAlloc', C.c_int),
                ('grads', C.POINTER(C.POINTER(C.c_float))),
                ('convTmp1', C.POINTER(C.c_float)), ('convTmp2', C.POINTER(C.c_float))]


def load_vl():
    vl = C.CDLL('/usr/lib/x86_64-linux-gnu/libvl.so')
    vl.vl_dsift_new_basic.restype = C.POINTER(DsiftFilter)
    vl.vl_dsift_new_basic.argtypes = [C.c_int, C.c_int, C.c_int, C.c_int]
    vl.vl_dsift_process.argtypes = [C.POINTER(DsiftFilter), C.POINTER(C.c_float)]
    vl.vl_dsift_delete.argtypes = [C.POINTER(DsiftFilter)]
    return vl


def vl_dsift(vl, img, bin_size, flat):
    """All descriptors at step 1: returns {(x, y): float32[128]} keyed by the integer keypoint centre."""
    h, w = img.shape
    im = np.ascontiguousarray(img, dtype=np.float32)  # row-major: im[y * w + x], as dsift.c reads it
    f = vl.vl_dsift_new_basic(w, h, 1, bin_size)
    f.contents.useFlatWindow = 1 if flat else 0
    assert f.contents.windowSize == 2.0 and f.contents.geom.numBinT == 8 and f.contents.geom.numBinX == 4
    vl.vl_dsift_process(f, im.ctypes.data_as(C.POINTER(C.c_float)))
    n, d = f.contents.numFrames, f.contents.descrSize
    descrs = np.ctypeslib.as_array(f.contents.descrs, shape=(n * d,)).reshape(n, d).copy()
    out = {}
    for k in range(n):
        kp = f.contents.frames[k]
        assert kp.x == int(kp.x) and kp.y == int(kp.y)
        out[(int(kp.x), int(kp.y))] = descrs[k]
    vl.vl_dsift_delete(f)
    return out


def gaussian_blur(img, sigma):
    """filters.ts gaussianBlur: normalised taps for i = -ceil(4 sigma)..ceil(4 sigma), x then y, replicated."""
    r = max(1, math.ceil(4 * sigma))
    i = np.arange(-r, r + 1, dtype=np.float64)
    k = np.exp(-i * i / (2 * sigma * sigma))
    k /= k.sum()
    h, w = img.shape
    p = np.pad(img, r, mode='edge')
    tmp = sum(k[a] * p[:, a:a + w] for a in range(2 * r + 1))
    return sum(k[a] * tmp[a:a + h, :] for a in range(2 * r + 1))


def main():
    bgr = cv2.imread(SRC, cv2.IMREAD_COLOR)
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)[Y0:Y0 + SIZE, X0:X0 + SIZE]
    smooth = gaussian_blur(grey.astype(np.float64) / 255.0, SIGMA)
    vl = load_vl()
    flat = vl_dsift(vl, smooth, BIN_SIZE, True)
    gauss = vl_dsift(vl, smooth, BIN_SIZE, False)
    points = [(x, y) for y in GRID for x in GRID]
    norms = [float(np.linalg.norm(flat[p])) for p in points]
    assert min(norms) > 0.999, 'a stored descriptor is not unit length (flat region?)'
    fixture = {
        'source': f'graf1.png crop x0={X0} y0={Y0} {SIZE}x{SIZE}, grey = cv2 BT.601 uint8',
        'generator': 'scripts/oracles/sift_vlfeat.py (VLFeat 0.9.21 vl_dsift via ctypes)',
        'width': SIZE,
        'height': SIZE,
        'binSize': BIN_SIZE,
        'sigma': SIGMA,
        'layout': 'descriptor[(ybin * 4 + xbin) * 8 + orientation]; orientation o at angle 2 pi o / 8 from +x towards +y (down)',
        'grey': grey.flatten().tolist(),
        'points': [list(p) for p in points],
        'flat': [[round(float(v), 6) for v in flat[p]] for p in points],
        'gaussian': [[round(float(v), 6) for v in gauss[p]] for p in points],
    }
    with open(OUT, 'w') as fh:
        json.dump(fixture, fh, separators=(',', ':'))
        fh.write('\n')
    print(f'wrote {OUT}: {len(points)} points, {os.path.getsize(OUT)} bytes')


if __name__ == '__main__':
    main()
