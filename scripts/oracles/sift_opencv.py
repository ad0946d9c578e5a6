#!/usr/bin/python3
"""Golden values for src/engine/keypoints/dog.ts: OpenCV's SIFT detector and descriptor.

Reference implementation: OpenCV 4.6 (Debian's python3-opencv), cv2.SIFT_create() with its defaults
(nOctaveLayers = 3, contrastThreshold = 0.04, edgeThreshold = 10, sigma = 1.6, first octave upsampled x2).
It works on 8-bit grey values in 0..255 (thresholds are scaled by 255 internally), so the TS side, on
grey / 255, sees the same image.

OpenCV's keypoint conventions (read from modules/features2d/src/sift.dispatch.cpp and sift.simd.hpp):
  - pt: 0-based, pixel centres at integers, in the input frame (upsampled-octave coordinates halved, which
    ignores the quarter-pixel shift of the x2 bilinear upsampling);
  - size: diameter = 2 sigma in input pixels;
  - angle: degrees in [0, 360), measured from +x towards +y with y pointing down the rows;
  - response: |D(x^)| of the refined extremum, D on images in [0, 1];
  - octave: packed (octave & 255) | (layer << 8) | (round((xi + 0.5) * 255) << 16), octave -1 = upsampled;
  - descriptor: 128 bytes, layout [(row bin * 4 + column bin) * 8 + orientation bin], unit vector clipped at
    0.2, renormalised and scaled by 512 then saturated to uint8 (so it must be renormalised to compare).

Input: the 160 x 120 crop of public/samples/graffiti/graf1.png at (x, y) = (300, 250), grey = OpenCV's
BT.601 conversion (cv2.COLOR_BGR2GRAY) rounded to 8 bits, stored row-major in the fixture.

Run from the repository root: /usr/bin/python3 scripts/oracles/sift_opencv.py
"""
import json
import os

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png')
OUT = os.path.join(ROOT, 'src', 'engine', 'keypoints', 'fixtures', 'sift_opencv.json')
X0, Y0, W, H = 300, 250, 160, 120


def main():
    bgr = cv2.imread(SRC, cv2.IMREAD_COLOR)
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)[Y0:Y0 + H, X0:X0 + W].copy()
    sift = cv2.SIFT_create()
    kps, desc = sift.detectAndCompute(grey, None)
    keypoints = []
    for k, d in zip(kps, desc):
        octave = k.octave & 255
        octave = octave - 256 if octave >= 128 else octave
        keypoints.append({
            'x': round(float(k.pt[0]), 4), 'y': round(float(k.pt[1]), 4),
            'size': round(float(k.size), 4), 'angle': round(float(k.angle), 3),
            'response': round(float(k.response), 6), 'octave': octave, 'layer': (k.octave >> 8) & 255,
            'descriptor': [int(v) for v in d],
        })
    fx = {
        'source': 'public/samples/graffiti/graf1.png', 'crop': {'x': X0, 'y': Y0, 'width': W, 'height': H},
        'opencv': cv2.__version__, 'width': W, 'height': H,
        'grey': [int(v) for v in grey.ravel()],
        'keypoints': keypoints,
    }
    with open(OUT, 'w') as f:
        json.dump(fx, f, separators=(',', ':'))
    print(f'{len(keypoints)} keypoints, {os.path.getsize(OUT)} bytes -> {OUT}')


if __name__ == '__main__':
    main()
