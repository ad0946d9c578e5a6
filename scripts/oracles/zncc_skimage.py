#!/usr/bin/python3
"""
Golden fixture for src/engine/descriptors/zncc.ts (descriptors `zncc` and `ncc`).

  /usr/bin/python3 scripts/oracles/zncc_skimage.py    (Debian python3, scikit-image 0.19.3, OpenCV 4.6)

On a grey crop of graf1 it takes k x k templates cut from the image itself and records
  - skimage.feature.match_template(image, template): ZNCC of the template against every window,
  - cv2.matchTemplate(image, template, cv2.TM_CCORR_NORMED): NCC (no mean removal), as a second oracle.
Both outputs are 'valid': entry [i][j] is the window whose top-left pixel is (j, i), i.e. whose centre is
(j + r, i + r), r = (k - 1) / 2. The template centred on (tx, ty) is the window of that pixel, so the dot
product of the descriptors of (tx, ty) and (j + r, i + r) must equal entry [i][j].
"""
import json
import os

import cv2
import numpy as np
import skimage
from skimage.feature import match_template

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
SRC = os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png')
OUT = os.path.normpath(os.path.join(ROOT, 'src', 'engine', 'descriptors', 'fixtures', 'zncc_skimage.json'))
X0, Y0, W, H = 330, 260, 40, 32
TEMPLATES = [(7, 12, 10), (7, 27, 20), (5, 5, 25)]  # (k, tx, ty): k x k window centred on pixel (tx, ty)


def main():
    grey = cv2.cvtColor(cv2.imread(SRC, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)[Y0:Y0 + H, X0:X0 + W]
    img = grey.astype(np.float64) / 255.0
    cases = []
    for k, tx, ty in TEMPLATES:
        r = (k - 1) // 2
        tpl = img[ty - r:ty + r + 1, tx - r:tx + r + 1]
        zncc = match_template(img, tpl)
        ncc = cv2.matchTemplate(img.astype(np.float32), tpl.astype(np.float32), cv2.TM_CCORR_NORMED)
        cases.append({
            'size': k, 'tx': tx, 'ty': ty,
            'zncc': [[round(float(v), 7) for v in row] for row in zncc],
            'ncc': [[round(float(v), 7) for v in row] for row in ncc],
        })
    fixture = {
        'source': f'graf1.png grey (cv2 BGR2GRAY), crop x0={X0} y0={Y0} w={W} h={H}',
        'oracle': f'skimage {skimage.__version__} feature.match_template (ZNCC); '
                  f'OpenCV {cv2.__version__} matchTemplate TM_CCORR_NORMED (NCC, float32)',
        'width': W,
        'height': H,
        'gray': grey.ravel().tolist(),
        'cases': cases,
    }
    with open(OUT, 'w') as f:
        json.dump(fixture, f, separators=(',', ':'))
    print(f'wrote {OUT}: {len(cases)} templates, {os.path.getsize(OUT)} bytes')


if __name__ == '__main__':
    main()
