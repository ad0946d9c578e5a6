/**
 * The small convolutional towers of the patch networks (DeepDesc, 2-channel), described as data: a list of
 * valid k×k convolutions, each followed by an activation and an optional 2×2 pooling of stride 2. The same
 * same pass serves whole images (the dense descriptor) and batches of patches (training), with tf.conv2d
 * forward and a custom gradient for the kernels, because the wasm backend has no Conv2DBackpropFilter;
 * `forwardIm2col` writes the convolutions out as matMuls, a slow reference the tests compare with.
 * Ref: the im2col form as in K. Chellapilla et al., "High performance convolutional neural networks for
 * document processing", IWFHR 2006.
 */
import { tf, type Tensor4D } from '../../tf';
import { weightOf, type NamedWeights, type WeightsManifest } from '../modelFiles';

export type Activation = 'tanh' | 'relu' | 'linear';
/** 'l2': √(Σ x²) over the 2×2 window (Simo-Serra et al.'s L2 pooling); 'max': max pooling. */
export type Pooling = 'l2' | 'max' | null;

export interface ConvLayer {
  k: number;
  cin: number;
  cout: number;
  activation: Activation;
  pool: Pooling;
}

export type ConvNetSpec = readonly ConvLayer[];

/** Kernels [k, k, cin, cout] and biases [cout], row-major, one per layer. */
export interface ConvNetWeights {
  kernels: Float32Array[];
  biases: Float32Array[];
}

/** The tensors one pass reads: variables while training, constants otherwise. */
export interface ConvNetTensors {
  kernels: Tensor4D[];
  biases: tf.Tensor1D[];
}

export const kernelShape = (l: ConvLayer): [number, number, number, number] => [l.k, l.k, l.cin, l.cout];

/** The input side a net needs to end at 1×1, and its total stride (the product of its pools). */
export function receptiveField(spec: ConvNetSpec): { size: number; stride: number } {
  let size = 1;
  let stride = 1;
  for (let i = spec.length - 1; i >= 0; i--) {
    if (spec[i].pool) size *= 2;
    size += spec[i].k - 1;
  }
  for (const l of spec) if (l.pool) stride *= 2;
  return { size, stride };
}

/** Glorot-uniform kernels for tanh and linear layers, He-uniform for ReLU, from a seeded PRNG; biases 0. */
export function initConvNet(spec: ConvNetSpec, rnd: () => number): ConvNetWeights {
  const kernels = spec.map((l) => {
    const fanIn = l.k * l.k * l.cin;
    const fanOut = l.k * l.k * l.cout;
    const limit = l.activation === 'relu' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    return Float32Array.from({ length: fanIn * l.cout }, () => (2 * rnd() - 1) * limit);
  });
  return { kernels, biases: spec.map((l) => new Float32Array(l.cout)) };
}

const kernelName = (i: number) => `conv${i + 1}/kernel`;
const biasName = (i: number) => `conv${i + 1}/bias`;

/** The weights as a model folder: manifest (float32) and the bytes of `weights.bin`. */
export function serialiseConvNet(spec: ConvNetSpec, w: ConvNetWeights): { manifest: WeightsManifest; bytes: Uint8Array } {
  const specs = spec.flatMap((l, i) => [
    { name: kernelName(i), shape: kernelShape(l), dtype: 'float32' as const },
    { name: biasName(i), shape: [l.cout], dtype: 'float32' as const },
  ]);
  const arrays = w.kernels.flatMap((k, i) => [k, w.biases[i]]);
  const bytes = new Uint8Array(arrays.reduce((s, a) => s + a.byteLength, 0));
  arrays.reduce((at, a) => (bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at), at + a.byteLength), 0);
  return { manifest: { weightsManifest: [{ paths: ['weights.bin'], weights: specs }] }, bytes };
}

/** Reads the weights back from a decoded model folder; throws on a missing or misshapen tensor. */
export function convNetFromNamed(spec: ConvNetSpec, named: NamedWeights): ConvNetWeights {
  return {
    kernels: spec.map((l, i) => weightOf(named, kernelName(i), kernelShape(l))),
    biases: spec.map((l, i) => weightOf(named, biasName(i), [l.cout])),
  };
}

/** Constant tensors of the weights (caller disposes, e.g. inside a tidy). */
export function constTensors(spec: ConvNetSpec, w: ConvNetWeights): ConvNetTensors {
  return { kernels: spec.map((l, i) => tf.tensor4d(w.kernels[i], kernelShape(l))), biases: w.biases.map((b) => tf.tensor1d(b)) };
}

/** Trainable copies of the weights. */
export function variableTensors(spec: ConvNetSpec, w: ConvNetWeights): ConvNetTensors {
  return {
    // tidy disposes the initial values; the variables (copies) are kept.
    kernels: spec.map((l, i) => tf.tidy(() => tf.variable(tf.tensor4d(w.kernels[i], kernelShape(l))))) as unknown as Tensor4D[],
    biases: w.biases.map((b) => tf.tidy(() => tf.variable(tf.tensor1d(b)))) as unknown as tf.Tensor1D[],
  };
}

/** Reads tensors back to plain weights. */
export async function readWeights(t: ConvNetTensors): Promise<ConvNetWeights> {
  return {
    kernels: await Promise.all(t.kernels.map(async (k) => Float32Array.from(await k.data()))),
    biases: await Promise.all(t.biases.map(async (b) => Float32Array.from(await b.data()))),
  };
}

function activate(x: Tensor4D, a: Activation): Tensor4D {
  return a === 'tanh' ? tf.tanh(x) : a === 'relu' ? tf.relu(x) : x;
}

function pool(x: Tensor4D, p: Pooling): Tensor4D {
  if (p === 'max') return tf.maxPool(x, 2, 2, 'valid');
  // √(4·mean(x²) + ε): the ε keeps the gradient of √ finite where a window is all zeros.
  if (p === 'l2') return tf.sqrt(tf.add(tf.mul(tf.avgPool(tf.square(x), 2, 2, 'valid'), 4), 1e-6)) as Tensor4D;
  return x;
}

/**
 * A valid, stride-1 convolution whose gradients need no Conv2DBackpropFilter (the wasm backend has none):
 * forward tf.conv2d; ∂L/∂x by conv2dTranspose (Conv2DBackpropInput, on every backend); ∂L/∂W = colsᵀ·∂L/∂y,
 * cols being the k² shifted views of x concatenated along channels in the kernel's [ky, kx, c] order
 * (im2col). `inputGrad` false skips ∂L/∂x (the first layer's input is data).
 */
function convValid(x: Tensor4D, kernel: Tensor4D, inputGrad: boolean): Tensor4D {
  const op = tf.customGrad(((xi: tf.Tensor, wi: tf.Tensor, save: tf.GradSaveFunc) => {
    const [xx, ww] = [xi as Tensor4D, wi as Tensor4D];
    save([xx, ww]);
    return {
      value: tf.conv2d(xx, ww, 1, 'valid'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const g = dy as Tensor4D;
        const [sx, sw] = saved as [Tensor4D, Tensor4D];
        const [k, , c, cout] = sw.shape;
        const [n, ho, wo] = g.shape;
        const views: Tensor4D[] = [];
        for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) views.push(tf.slice(sx, [0, ky, kx, 0], [n, ho, wo, c]));
        const cols = tf.reshape(views.length === 1 ? views[0] : tf.concat(views, 3), [n * ho * wo, k * k * c]);
        const dw = tf.reshape(tf.matMul(cols, tf.reshape(g, [n * ho * wo, cout]), true, false), sw.shape);
        const dx = inputGrad ? tf.conv2dTranspose(g, sw, sx.shape, 1, 'valid') : tf.zerosLike(sx);
        return [dx, dw];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, kernel) as Tensor4D;
}

/**
 * In (N, H, W, cin) → out (N, H', W', cout): valid convolutions, activations and pools, the same numbers for
 * a whole image and for a batch of patches. Differentiable on every backend (see convValid).
 */
export function forwardConv(spec: ConvNetSpec, t: ConvNetTensors, input: Tensor4D): Tensor4D {
  return tf.tidy(() => {
    let x = input;
    spec.forEach((l, i) => {
      x = pool(activate(tf.add(convValid(x, t.kernels[i], i > 0), t.biases[i]), l.activation), l.pool);
    });
    return x;
  });
}

/**
 * The same pass with each convolution written out as a matMul over the k² shifted views (im2col), no custom
 * gradient: a reference the tests hold forwardConv and its gradients against.
 */
export function forwardIm2col(spec: ConvNetSpec, t: ConvNetTensors, input: Tensor4D): Tensor4D {
  return tf.tidy(() => {
    let x = input;
    spec.forEach((l, i) => {
      const [n, h, w, c] = x.shape;
      const ho = h - l.k + 1;
      const wo = w - l.k + 1;
      const views: Tensor4D[] = [];
      for (let ky = 0; ky < l.k; ky++) for (let kx = 0; kx < l.k; kx++) views.push(tf.slice(x, [0, ky, kx, 0], [n, ho, wo, c]));
      const cols = tf.reshape(views.length === 1 ? views[0] : tf.concat(views, 3), [n * ho * wo, l.k * l.k * c]);
      const y = tf.add(tf.matMul(cols, tf.reshape(t.kernels[i], [l.k * l.k * c, l.cout])), t.biases[i]);
      x = pool(activate(tf.reshape(y, [n, ho, wo, l.cout]), l.activation), l.pool);
    });
    return x;
  });
}

/** Σ of squared weights (the L2 weight decay of Zagoruyko and Komodakis), a scalar. */
export function sumSquaredWeights(t: ConvNetTensors): tf.Scalar {
  return tf.tidy(() => tf.addN(t.kernels.map((k) => tf.sum(tf.square(k)))) as tf.Scalar);
}
