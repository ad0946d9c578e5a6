"""Writes src/engine/descriptors/fixtures/daisy_rotation_crop.json: a 96x96 crop of
public/samples/graffiti/graf1.png at (x, y) = (380, 260), as 8-bit RGB, for DAISY's rotation tests
(daisy.oriented.test.ts rotates it in the test itself, so no reference output is stored).
Run: /usr/bin/python3 scripts/oracles/daisy_rotation_crop.py
"""
import json
import pathlib

import numpy as np
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parents[2]
X0, Y0, SIZE = 380, 260, 96

rgb = np.asarray(Image.open(ROOT / 'public/samples/graffiti/graf1.png').convert('RGB'))
crop = rgb[Y0:Y0 + SIZE, X0:X0 + SIZE]
out = {
    'source': 'scripts/oracles/daisy_rotation_crop.py',
    'crop': {'image': 'public/samples/graffiti/graf1.png', 'x0': X0, 'y0': Y0},
    'width': SIZE, 'height': SIZE,
    'rgb8': crop.reshape(-1).astype(int).tolist(),
}
(ROOT / 'src/engine/descriptors/fixtures/daisy_rotation_crop.json').write_text(json.dumps(out, separators=(',', ':')))
