import { DESCRIPTORS } from '../engine/descriptors/registry';
import { describe, expect, it } from 'vitest';
import { backendOption, descriptorOption, maxPixelsOption, precisionOption, ratioOption, strideOption } from './args';
import { parseDescribeArgs } from './commands/describe';
import { parseMatchArgs } from './commands/match';
import { UsageError } from './errors';

describe('option parsers', () => {
  it('stride: default 8, integers in [1, 256]', () => {
    expect(strideOption(undefined)).toBe(8);
    expect(strideOption('1')).toBe(1);
    for (const bad of ['0', '257', '2.5', '', 'four', '-3']) expect(() => strideOption(bad)).toThrow(UsageError);
    expect(() => strideOption('0')).toThrow("--stride must be an integer in [1, 256], got '0'");
  });

  it('ratio in (0, 1], max-pixels ≥ 1, backend wasm | cpu | auto', () => {
    expect([ratioOption(undefined), ratioOption('0.8'), ratioOption('1')]).toEqual([null, 0.8, 1]);
    for (const bad of ['0', '1.5', 'x', '']) expect(() => ratioOption(bad)).toThrow(/--ratio must be a number in \(0, 1\]/);
    expect([maxPixelsOption(undefined), maxPixelsOption('100')]).toEqual([640_000, 100]);
    expect(() => maxPixelsOption('0')).toThrow(/--max-pixels/);
    expect([backendOption(undefined), backendOption('cpu')]).toEqual(['auto', 'cpu']);
    expect(() => backendOption('webgpu')).toThrow("--backend must be wasm, cpu or auto, got 'webgpu'");
    expect([precisionOption(undefined), precisionOption('int16'), precisionOption('float32')]).toEqual(['float32', 'int16', 'float32']);
    expect(() => precisionOption('fp16')).toThrow("--precision must be float32 or int16, got 'fp16'");
  });

  it('descriptor: known ids, JSON params validated against the contract', () => {
    const { descriptor, params } = descriptorOption('patch', '{"size":3}');
    expect([descriptor.id, params]).toEqual(['patch', { size: 3 }]);
    expect(descriptorOption('census', undefined).params).toEqual({ size: 7 });
    expect(() => descriptorOption('surf', undefined)).toThrow(`unknown descriptor "surf" (known: ${DESCRIPTORS.map((d) => d.id).join(', ')})`);
    expect(() => descriptorOption(undefined, undefined)).toThrow('--descriptor is required');
    expect(() => descriptorOption('census', '{size:5}')).toThrow(/^--params is not valid JSON \(.*\): \{size:5\}$/);
    expect(() => descriptorOption('census', '{"size":4}')).toThrow('--params: census: size must be odd, got 4');
    expect(() => descriptorOption('census', '[]')).toThrow('--params: census: parameters must be an object');
    expect(() => descriptorOption('rgb', '{"size":3}')).toThrow(/unknown parameter "size"/);
  });
});

describe('command lines', () => {
  it('describe: defaults, .npy detection, and conflicts', () => {
    const req = parseDescribeArgs(['-i', 'a.png', '--descriptor', 'rgb', '-o', 'x.NPY']);
    expect(req).toMatchObject({ imagePath: 'a.png', sampling: { kind: 'grid', stride: 8 }, out: 'x.NPY', npy: true, backend: 'auto', quiet: false });
    expect(parseDescribeArgs(['-i', 'a', '--descriptor', 'rgb', '-o', 'x', '--points', 'p.csv']).sampling).toEqual({ kind: 'points', path: 'p.csv' });
    expect(() => parseDescribeArgs(['-i', 'a', '--descriptor', 'rgb', '-o', 'x', '--points', 'p', '--stride', '2'])).toThrow('--stride and --points cannot be used together');
    expect(() => parseDescribeArgs(['-i', 'a', '--descriptor', 'rgb'])).toThrow('--out is required');
    expect(() => parseDescribeArgs(['--descriptor', 'rgb', '-o', 'x'])).toThrow('--image is required');
  });

  it('match: defaults to stdout, and rejects unknown options and positionals in one line', () => {
    const req = parseMatchArgs(['-s', 'a', '-t', 'b', '--descriptor', 'census', '--mutual', '--ratio', '0.9', '-q']);
    expect(req).toMatchObject({ sourcePath: 'a', targetPath: 'b', stride: 8, mutual: true, ratio: 0.9, out: '-', quiet: true });
    expect(() => parseMatchArgs(['-s', 'a', '-t', 'b', '--descriptor', 'census', '--bogus'])).toThrow("Unknown option '--bogus'");
    expect(() => parseMatchArgs(['-s', 'a', '-t', 'b', '--descriptor', 'census', 'extra'])).toThrow(/^Unexpected argument 'extra'/);
    expect(() => parseMatchArgs(['-s', 'a', '-t', 'b', '--descriptor', 'census', '--stride'])).toThrow("Option '--stride <value>' argument missing");
  });
});
