#!/usr/bin/env python3
"""Times the peers on the benchmark's images, at the same parameters as Matchscope's defaults.

  python3 scripts/bench/peers.py SOURCE.png REPEATS

Prints JSON: {"daisy": {...}, "sift": {...}} with median milliseconds, or {"missing": [...]} for what
is not installed. DAISY: skimage.feature.daisy(step=1, radius=15, rings=3, histograms=8,
orientations=8) on the grey image (200-D at every pixel at least `radius` from the border).
SIFT: OpenCV's SIFT_create() defaults, detectAndCompute on the 8-bit grey image.
BRISK: BRISK_create(30, 4), detectAndCompute on the same image, one thread.
"""
import json
import statistics
import sys
import time

path, repeats = sys.argv[1], int(sys.argv[2])
out = {"missing": []}

try:
    import numpy as np
    from skimage import io, color
    from skimage.feature import daisy
    img = io.imread(path)
    grey = color.rgb2gray(img[..., :3]) if img.ndim == 3 else img / 255.0
    runs = []
    for r in range(repeats + 1):
        t0 = time.perf_counter()
        d = daisy(grey, step=1, radius=15, rings=3, histograms=8, orientations=8)
        if r > 0:
            runs.append((time.perf_counter() - t0) * 1000)
    out["daisy"] = {"median": statistics.median(runs), "min": min(runs), "runs": len(runs),
                    "shape": list(d.shape), "version": __import__("skimage").__version__}
except ImportError as e:
    out["missing"].append(f"scikit-image ({e})")

try:
    import cv2
    g8 = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    sift = cv2.SIFT_create()
    runs = []
    n = 0
    for r in range(repeats + 1):
        t0 = time.perf_counter()
        kps, desc = sift.detectAndCompute(g8, None)
        if r > 0:
            runs.append((time.perf_counter() - t0) * 1000)
        n = len(kps)
    out["sift"] = {"median": statistics.median(runs), "min": min(runs), "runs": len(runs), "keypoints": n,
                   "version": cv2.__version__, "threads": cv2.getNumThreads()}
    # Matchscope's wasm backend runs on one thread here; OpenCV's figure on one thread too, for a like pair.
    cv2.setNumThreads(1)
    runs = []
    for r in range(repeats + 1):
        t0 = time.perf_counter()
        sift.detectAndCompute(g8, None)
        if r > 0:
            runs.append((time.perf_counter() - t0) * 1000)
    out["sift_1thread"] = {"median": statistics.median(runs), "min": min(runs), "runs": len(runs)}
    # BRISK at Matchscope's defaults (threshold 30, 4 octaves), still on one thread.
    brisk = cv2.BRISK_create(30, 4)
    runs = []
    for r in range(repeats + 1):
        t0 = time.perf_counter()
        kps, _ = brisk.detectAndCompute(g8, None)
        if r > 0:
            runs.append((time.perf_counter() - t0) * 1000)
    out["brisk"] = {"median": statistics.median(runs), "min": min(runs), "runs": len(runs), "keypoints": len(kps)}
except ImportError as e:
    out["missing"].append(f"OpenCV ({e})")

print(json.dumps(out))
