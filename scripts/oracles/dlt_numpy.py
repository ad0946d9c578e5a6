"""Reference for src/engine/geometry/homography.ts: Hartley-normalised DLT solved by NumPy's SVD
(Hartley & Zisserman, Multiple View Geometry, Algorithm 4.2), and OpenCV's least-squares findHomography
for comparison. Points come from a fixed LCG so the TS test can rebuild nothing: they are stored.

Run: /usr/bin/python3 scripts/oracles/dlt_numpy.py > src/engine/geometry/fixtures/dlt_noisy.json
"""
import json
import numpy as np
import cv2

rng = np.random.default_rng(11)
H_true = np.array([[0.92, 0.11, 23.5], [-0.07, 1.03, -14.2], [1.2e-4, -8e-5, 1.0]])
n = 60
p0 = np.column_stack([rng.uniform(0, 639, n), rng.uniform(0, 479, n)])
q = np.column_stack([p0, np.ones(n)]) @ H_true.T
p1 = q[:, :2] / q[:, 2:] + rng.normal(0, 0.7, (n, 2))


def normalise(p):
    c = p.mean(axis=0)
    s = np.sqrt(2) / np.mean(np.linalg.norm(p - c, axis=1))
    return np.array([[s, 0, -s * c[0]], [0, s, -s * c[1]], [0, 0, 1]])


T0, T1 = normalise(p0), normalise(p1)
a = (np.column_stack([p0, np.ones(n)]) @ T0.T)
b = (np.column_stack([p1, np.ones(n)]) @ T1.T)
rows = []
for (x, y, _), (u, v, _) in zip(a, b):
    rows.append([0, 0, 0, -x, -y, -1, v * x, v * y, v])
    rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, -u])
_, _, vt = np.linalg.svd(np.array(rows))
H = np.linalg.inv(T1) @ vt[-1].reshape(3, 3) @ T0
H /= H[2, 2]
H_cv, _ = cv2.findHomography(p0, p1, 0)
print(json.dumps({
    'x0': p0[:, 0].tolist(), 'y0': p0[:, 1].tolist(), 'x1': p1[:, 0].tolist(), 'y1': p1[:, 1].tolist(),
    'H_svd': H.ravel().tolist(), 'H_opencv_lsq': H_cv.ravel().tolist(),
}))
