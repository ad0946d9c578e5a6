#!/usr/bin/python3
"""
Golden fixture for src/engine/descriptors/hog.ts: scikit-image's HOG on a grey crop of graf1.

  /usr/bin/python3 scripts/oracles/hog_skimage.py    (Debian python3, scikit-image 0.19.3, OpenCV 4.6)

Writes src/engine/descriptors/fixtures/hog_skimage.json with the crop (8-bit grey, row-major) and
skimage.feature.hog(img, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2),
block_norm='L2-Hys', feature_vector=False), i.e. one 2x2x9 block per (block row, block col). Block (r, c)
covers rows 8r..8r+15 and columns 8c..8c+15, which is the dense block that hog.ts centres on pixel
(x, y) = (8c + 8, 8r + 8).
"""
import json
import os

import cv2
import numpy as np
import skimage
from skimage.feature import hog

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
SRC = os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png')
OUT = os.path.normpath(os.path.join(ROOT, 'src', 'engine', 'descriptors', 'fixtures', 'hog_skimage.json'))
X0, Y0, W, H = 330, 260, 64, 48


def main():
    grey = cv2.cvtColor(cv2.imread(SRC, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)[Y0:Y0 + H, X0:X0 + W]
    img = grey.astype(np.float64) / 255.0
    blocks = hog(img, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2),
                 block_norm='L2-Hys', feature_vector=False)
    n_rows, n_cols = blocks.shape[:2]
    fixture = {
        'source': f'graf1.png grey (cv2 BGR2GRAY), crop x0={X0} y0={Y0} w={W} h={H}',
        'oracle': f'skimage {skimage.__version__} feature.hog(orientations=9, pixels_per_cell=(8,8), '
                  "cells_per_block=(2,2), block_norm='L2-Hys', feature_vector=False) on grey/255",
        'width': W,
        'height': H,
        'gray': grey.ravel().tolist(),
        'cellSize': 8,
        'cellsPerBlock': 2,
        'orientations': 9,
        # blocks[r][c] = 36 values laid out (cell row, cell col, orientation bin), as skimage returns them.
        'blocks': [[[round(float(v), 7) for v in blocks[r, c].ravel()] for c in range(n_cols)] for r in range(n_rows)],
    }
    with open(OUT, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
    print(f'wrote {OUT}: {n_rows}x{n_cols} blocks, {os.path.getsize(OUT)} bytes')


if __name__ == '__main__':
    main()
