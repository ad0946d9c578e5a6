#!/usr/bin/env node
/**
 * Decodes the ImageNet MobileNetV2 that ships inside the npm package nsfwjs 4.4.0 (MIT) into
 * public/models/mobilenet_v2/{model.json, weights.bin}, keeping only blocks 0–10 (the frozen ImageNet part;
 * nsfwjs fine-tuned block 11 onwards). The uint8 quantisation is kept byte for byte, so the shipped
 * weights are exactly the package's; tf.io.decodeWeights dequantises them (w = min + scale·q).
 *
 * Usage: node scripts/models/decode-mobilenet.mjs [PATH_TO_NSFWJS_PACKAGE]
 *   Without a path it uses node_modules/nsfwjs. To get the package offline through the npm registry:
 *   cd /tmp && npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz   (then pass /tmp/package)
 */
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const pkgDir = resolve(process.argv[2] ?? 'node_modules/nsfwjs');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
if (pkg.name !== 'nsfwjs' || pkg.version !== '4.4.0') throw new Error(`expected nsfwjs 4.4.0 in ${pkgDir}, found ${pkg.name} ${pkg.version}`);
const require = createRequire(import.meta.url);
const dir = join(pkgDir, 'dist/models/mobilenet_v2');
// Each file is a UMD module: model.min.js exports {modelTopology, weightsManifest}, the shard a base64 string.
const model = require(join(dir, 'model.min.js'));
const shard = Buffer.from(require(join(dir, 'group1-shard1of1.min.js')), 'base64');

const LAST_BLOCK = 10;
const keep = (name) => {
  if (/^(Conv1|bn_Conv1|expanded_conv_)/.test(name)) return true;
  const m = /^block_(\d+)_/.exec(name);
  return m !== null && Number(m[1]) <= LAST_BLOCK;
};
const bytesOf = (w) => w.shape.reduce((a, b) => a * b, 1) * (w.quantization ? 1 : 4);

const [group] = model.weightsManifest;
if (model.weightsManifest.length !== 1) throw new Error('expected one weight group');
const kept = [];
const parts = [];
let offset = 0;
for (const w of group.weights) {
  const n = bytesOf(w);
  if (keep(w.name)) {
    kept.push(w);
    parts.push(shard.subarray(offset, offset + n));
  }
  offset += n;
}
if (offset !== shard.length) throw new Error(`shard is ${shard.length} bytes, manifest says ${offset}`);
const bin = Buffer.concat(parts);

const layers = model.modelTopology.model_config.config.layers;
const cut = layers.findIndex((l) => l.config.name === `block_${LAST_BLOCK}_project_BN`);
const out = {
  format: 'matchscope-weights',
  source: 'npm nsfwjs@4.4.0 (MIT), dist/models/mobilenet_v2: Keras MobileNetV2 alpha 1.0, ImageNet weights in blocks 0–10',
  produced_by: 'scripts/models/decode-mobilenet.mjs',
  // Not Keras' [-1, 1]: the BN moving statistics fit [0, 1] inputs (scripts/oracles/mobilenet.py checks it).
  input: 'RGB scaled to [0, 1] (x / 255), as nsfwjs feeds it',
  // The Keras layer list up to the last kept layer, for reference; the forward pass lives in src/engine/learned.
  layers: layers.slice(1, cut + 1).map((l) => ({ name: l.config.name, class_name: l.class_name, strides: l.config.strides, padding: l.config.padding, epsilon: l.config.epsilon, max_value: l.config.max_value })),
  weightsManifest: [{ paths: ['weights.bin'], weights: kept }],
  sha256: createHash('sha256').update(bin).digest('hex'),
};
const outDir = resolve('public/models/mobilenet_v2');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'weights.bin'), bin);
writeFileSync(join(outDir, 'model.json'), `${JSON.stringify(out, null, 1)}\n`);
console.log(`${kept.length} tensors, ${bin.length} bytes → ${outDir}`);
