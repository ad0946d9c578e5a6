import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor4D } from '../../tf';
import '../../tf/gradients';
import { mulberry32 } from '../../core/random';
import { NODE_BACKENDS, useBackend } from '../../testing/backends';
import { constTensors, convNetFromNamed, forwardConv, forwardIm2col, initConvNet, receptiveField, serialiseConvNet, type ConvNetSpec } from './convNet';
import { decodeWeights } from '../modelFiles';
import { DEEPDESC_SPEC } from './deepdesc';
import { TWO_CHANNEL_SPEC } from './twoChannel';

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const maxOf = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('receptive fields', () => {
  it('both towers see 31×31 patches; DeepDesc has stride 4', () => {
    expect(receptiveField(DEEPDESC_SPEC)).toEqual({ size: 31, stride: 4 });
    expect(receptiveField(TWO_CHANNEL_SPEC).size).toBe(31);
  });
});

describe.each(NODE_BACKENDS)('conv net on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([['deepdesc', DEEPDESC_SPEC], ['2ch', TWO_CHANNEL_SPEC]] as [string, ConvNetSpec][])('%s: conv2d pass and its custom kernel gradients equal the im2col reference', async (_, spec) => {
    const w = initConvNet(spec, mulberry32(5));
    const x = tf.randomNormal([3, 31, 31, spec[0].cin], 0, 1, 'float32', 9) as Tensor4D;
    const before = tf.memory().numTensors;
    const t = constTensors(spec, w);
    const [fwdA, fwdB] = [forwardConv(spec, t, x), forwardIm2col(spec, t, x)];
    // Gradients of a fixed, non-symmetric function of the output with respect to every kernel and bias.
    const f = (pass: typeof forwardConv) => (...ws: tf.Tensor[]) => {
      const tt = { kernels: ws.slice(0, spec.length) as Tensor4D[], biases: ws.slice(spec.length) as tf.Tensor1D[] };
      const y = pass(spec, tt, x);
      return tf.sum(tf.mul(y, tf.reshape(tf.linspace(-1, 2, y.size), y.shape)));
    };
    const inputs = [...t.kernels, ...t.biases];
    const gA = tf.grads(f(forwardConv))(inputs);
    const gB = tf.grads(f(forwardIm2col))(inputs);
    expect(maxAbs(await fwdA.data(), await fwdB.data())).toBeLessThan(1e-4 * Math.max(1, maxOf(await fwdB.data())));
    for (let i = 0; i < gA.length; i++) {
      const [a, b] = [await gA[i].data(), await gB[i].data()];
      expect(maxOf(b)).toBeGreaterThan(0);
      expect(maxAbs(a, b)).toBeLessThan(1e-3 * maxOf(b));
    }
    tf.dispose([fwdA, fwdB, ...gA, ...gB, ...inputs]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('weights files', () => {
  it('round-trip through the model-folder format and refuse a misshapen tensor', () => {
    const w = initConvNet(DEEPDESC_SPEC, mulberry32(1));
    const { manifest, bytes } = serialiseConvNet(DEEPDESC_SPEC, w);
    const back = convNetFromNamed(DEEPDESC_SPEC, decodeWeights(manifest, bytes));
    expect(back.kernels[1]).toEqual(w.kernels[1]);
    expect(back.biases[2]).toEqual(w.biases[2]);
    expect(() => convNetFromNamed(TWO_CHANNEL_SPEC, decodeWeights(manifest, bytes))).toThrow(/shape/);
  });
});
