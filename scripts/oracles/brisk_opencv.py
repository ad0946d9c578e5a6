#!/usr/bin/python3
"""Golden values for src/engine/keypoints/brisk/: OpenCV's BRISK detector and descriptor.

Reference implementation: OpenCV 4.6 (Debian's python3-opencv), cv2.BRISK_create(thresh=30, octaves=4,
patternScale=1). It works on 8-bit grey values; the TS side gets the same bytes.

OpenCV's BRISK conventions (read from modules/features2d/src/brisk.cpp):
  - pt: 0-based, pixel centres at integers, in the input frame;
  - size: 12 * (continuous scale), i.e. the pattern's extent; angle in degrees [0, 360), from +x towards +y
    with y down the rows; compute() recomputes the angle from the long pairs even on given keypoints;
  - octave: the index of the scale-space layer (0 = c_0, 1 = d_0, 2 = c_1, ...);
  - descriptor: 64 bytes = 512 bits, bit k of the short-pair list in byte k >> 3, bit k & 7 (little endian),
    so the 16 little-endian uint32 words of the TS side hold the same bits.

Fixture contents:
  - grey: the 240 x 180 crop of public/samples/graffiti/graf1.png at (x, y) = (280, 220), BT.601 grey
    (cv2.COLOR_BGR2GRAY), base64 of the row-major bytes;
  - detected: detectAndCompute's keypoints with their descriptors (hex);
  - given: keypoints on a grid of positions and sizes 8 ... 60 passed to compute(); those it keeps (far
    enough from the border for their pattern), with the angle it assigns and the descriptor.

Run from the repository root: /usr/bin/python3 scripts/oracles/brisk_opencv.py
"""
import base64
import json
import os

import cv2

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png')
OUT = os.path.join(ROOT, 'src', 'engine', 'keypoints', 'brisk', 'fixtures', 'brisk_opencv.json')
X0, Y0, W, H = 280, 220, 240, 180


def record(k, d):
    return {
        'x': round(float(k.pt[0]), 4), 'y': round(float(k.pt[1]), 4), 'size': round(float(k.size), 4),
        'angle': round(float(k.angle), 4), 'response': round(float(k.response), 4), 'octave': int(k.octave),
        'descriptor': bytes(d).hex(),
    }


def main():
    grey = cv2.cvtColor(cv2.imread(SRC, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)[Y0:Y0 + H, X0:X0 + W].copy()
    brisk = cv2.BRISK_create(30, 4, 1.0)
    kps, desc = brisk.detectAndCompute(grey, None)
    detected = [record(k, d) for k, d in zip(kps, desc)]

    given = []
    i = 0
    for size in (8.0, 12.0, 17.5, 25.0, 36.0, 60.0):
        for y in range(20, H - 19, 23):
            for x in range(20, W - 19, 29):
                # Off-integer positions exercise the fractional box borders.
                given.append(cv2.KeyPoint(x + 0.37 * (i % 3), y + 0.21 * (i % 5), size, 0.0, 0.0, 0, i))
                i += 1
    kept, gdesc = brisk.compute(grey, given)
    given_out = [dict(record(k, d), id=int(k.class_id)) for k, d in zip(kept, gdesc)]

    fx = {
        'source': 'public/samples/graffiti/graf1.png', 'crop': {'x': X0, 'y': Y0, 'width': W, 'height': H},
        'opencv': cv2.__version__, 'params': {'threshold': 30, 'octaves': 4, 'patternScale': 1.0},
        'width': W, 'height': H, 'grey': base64.b64encode(grey.tobytes()).decode('ascii'),
        'detected': detected, 'given': given_out, 'givenTotal': len(given),
    }
    with open(OUT, 'w') as f:
        json.dump(fx, f, separators=(',', ':'))
    print(f'{len(detected)} detected, {len(given_out)}/{len(given)} given kept, {os.path.getsize(OUT)} bytes -> {OUT}')


if __name__ == '__main__':
    main()
