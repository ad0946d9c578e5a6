#!/usr/bin/python3
"""
Golden fixture for src/engine/learned/mobilenetV2.ts and the `cnn` descriptor.

  /usr/bin/python3 scripts/oracles/mobilenet.py    (Debian python3, NumPy 1.24, Pillow)

An independent NumPy forward pass of Keras' MobileNetV2 (blocks 0-10) from the decoded weights in
public/models/mobilenet_v2 (model.json + weights.bin, uint8 dequantised as min + scale * q). Unlike the
TypeScript code it does NOT fold BatchNorm: each BN layer is applied as Keras does at inference,
gamma * (x - mean) / sqrt(var + eps) + beta, eps = 1e-3, and convolutions are explicit sums over taps.
Paddings follow the saved layers: 'same' for stride 1, ZeroPadding2D ((0, 1), (0, 1)) then 'valid' for stride 2.

Records, for a 48 x 32 crop of graf1 scaled to [0, 1] (what the shipped BN statistics fit; see below):
  - the raw feature maps (h, w, C) at block_2_add, block_5_add, block_9_add, block_10_project_BN;
  - for block_5_add, full descriptors (bilinear upsampling, cell centres at 8k + 7, L2 norm) at a few pixels.
And checks which input scaling the ImageNet stem was trained with: the mean Conv1 response over two
photographs against bn_Conv1's moving mean, for inputs in [-1, 1] and in [0, 1]. Result: [0, 1] fits
(correlation 0.997 against -0.66); the same holds through every BN layer of blocks 0-10, so the moving
statistics were re-estimated on nsfwjs' [0, 1] inputs even though the convolution weights stayed frozen.
"""
import json
import os

import numpy as np
from PIL import Image

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
MODEL = os.path.join(ROOT, 'public', 'models', 'mobilenet_v2')
OUT = os.path.join(ROOT, 'src', 'engine', 'learned', 'fixtures', 'mobilenet_numpy.json')
X0, Y0, W, H = 300, 240, 48, 32
EPS = 1e-3
BLOCKS = [(1, 16, 1), (6, 24, 2), (6, 24, 1), (6, 32, 2), (6, 32, 1), (6, 32, 1),
          (6, 64, 2), (6, 64, 1), (6, 64, 1), (6, 64, 1), (6, 96, 1)]
LAYERS = {'block_2_add': 2, 'block_5_add': 5, 'block_9_add': 9, 'block_10_project_BN': 10}
PIXELS = [(0, 0), (7, 7), (20, 13), (47, 31), (33, 2), (12, 30)]


def load_weights():
    manifest = json.load(open(os.path.join(MODEL, 'model.json')))
    raw = open(os.path.join(MODEL, 'weights.bin'), 'rb').read()
    weights, off = {}, 0
    for spec in manifest['weightsManifest'][0]['weights']:
        n = int(np.prod(spec['shape']))
        q = spec['quantization']
        vals = q['min'] + q['scale'] * np.frombuffer(raw, np.uint8, n, off).astype(np.float64)
        weights[spec['name']] = vals.reshape(spec['shape'])
        off += n
    assert off == len(raw)
    return weights


def conv(x, k, stride, depthwise=False):
    """x (H, W, C); k (kh, kw, C, out) or depthwise (kh, kw, C, 1)."""
    kh, kw = k.shape[:2]
    if stride == 1:
        ph, pw = (kh - 1) // 2, (kw - 1) // 2
        x = np.pad(x, ((ph, kh - 1 - ph), (pw, kw - 1 - pw), (0, 0)))
    else:
        x = np.pad(x, ((0, 1), (0, 1), (0, 0)))
    oh = (x.shape[0] - kh) // stride + 1
    ow = (x.shape[1] - kw) // stride + 1
    out = 0
    for i in range(kh):
        for j in range(kw):
            win = x[i:i + stride * (oh - 1) + 1:stride, j:j + stride * (ow - 1) + 1:stride, :]
            out = out + (win * k[i, j, :, 0] if depthwise else win @ k[i, j])
    return out


def bn(w, name, x):
    return w[name + '/gamma'] * (x - w[name + '/moving_mean']) / np.sqrt(w[name + '/moving_variance'] + EPS) + w[name + '/beta']


def relu6(x):
    return np.clip(x, 0, 6)


def forward(w, x, last):
    """x (H, W, 3) in [-1, 1] -> feature map after block `last`."""
    x = relu6(bn(w, 'bn_Conv1', conv(x, w['Conv1/kernel'], 2)))
    for i in range(last + 1):
        t, c, s = BLOCKS[i]
        p = 'expanded_conv' if i == 0 else 'block_%d' % i
        h = x
        if t != 1:
            h = relu6(bn(w, p + '_expand_BN', conv(h, w[p + '_expand/kernel'], 1)))
        h = relu6(bn(w, p + '_depthwise_BN', conv(h, w[p + '_depthwise/depthwise_kernel'], s, depthwise=True)))
        h = bn(w, p + '_project_BN', conv(h, w[p + '_project/kernel'], 1))
        x = x + h if (s == 1 and x.shape[2] == c) else h
    return x


def upsample_at(f, stride, px, py):
    def taps(p, n):
        u = min(max((p - (stride - 1)) / stride, 0), n - 1)
        i0 = int(np.floor(u))
        return i0, min(i0 + 1, n - 1), u - i0
    y0, y1, ay = taps(py, f.shape[0])
    x0, x1, ax = taps(px, f.shape[1])
    v = (1 - ay) * ((1 - ax) * f[y0, x0] + ax * f[y0, x1]) + ay * ((1 - ax) * f[y1, x0] + ax * f[y1, x1])
    return v / max(np.linalg.norm(v), 1e-6)


def scaling_check(w):
    out = {}
    for label, lo in (('[-1,1]', -1.0), ('[0,1]', 0.0)):
        means = []
        for rel in ('graffiti/graf1.png', 'motorcycle/left.png'):
            img = np.asarray(Image.open(os.path.join(ROOT, 'public', 'samples', rel)).convert('RGB'), np.float64) / 255
            means.append(conv(img * (1 - lo) + lo, w['Conv1/kernel'], 2).mean(axis=(0, 1)))
        m = np.mean(means, axis=0)
        ref = w['bn_Conv1/moving_mean']
        out[label] = {'corr': round(float(np.corrcoef(m, ref)[0, 1]), 4), 'mean_abs_diff': round(float(np.abs(m - ref).mean()), 4)}
    return out


def main():
    w = load_weights()
    img = np.asarray(Image.open(os.path.join(ROOT, 'public', 'samples', 'graffiti', 'graf1.png')).convert('RGB'))[Y0:Y0 + H, X0:X0 + W]
    x = img.astype(np.float64) / 255
    layers = {}
    for name, last in LAYERS.items():
        f = forward(w, x, last)
        layers[name] = {'shape': list(f.shape), 'values': [round(float(v), 5) for v in f.ravel()]}
    f5 = forward(w, x, 5)
    pixels = [{'x': px, 'y': py, 'descriptor': [round(float(v), 6) for v in upsample_at(f5, 8, px, py)]} for px, py in PIXELS]
    check = scaling_check(w)
    print('Conv1 mean response vs bn_Conv1 moving mean:', check)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    json.dump({'source': 'scripts/oracles/mobilenet.py', 'crop': [X0, Y0, W, H], 'width': W, 'height': H,
               'rgb8': [int(v) for v in img.ravel()], 'layers': layers, 'block_5_add_pixels': pixels,
               'scaling_check': check}, open(OUT, 'w'))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
