import { beforeAll, describe, expect, it } from 'vitest';
import { calibrationCandidates, calibrationCost, calibrationKey, measureActiveBackend, orderByCalibration, type Calibration } from './calibrate';
import { backendOrder } from '../tf/backends';
import { leakedTensors, useBackend } from '../testing/backends';

describe('backend calibration', () => {
  beforeAll(() => useBackend('wasm'));

  it('measures the active backend with finite, positive figures and leaves no tensor', async () => {
    let f: Awaited<ReturnType<typeof measureActiveBackend>> | undefined;
    expect(await leakedTensors(async () => { f = await measureActiveBackend('wasm'); })).toBe(0);
    expect(f!.id).toBe('wasm');
    expect(f!.describeMs).toBeGreaterThan(0);
    expect(f!.matmulMs).toBeGreaterThan(0);
    expect(f!.gflops).toBeCloseTo((2 * 1024 * 128 * 1024) / (f!.matmulMs * 1e6), 6);
  });

  it('skips emulated backends and cpu', () => {
    const sw = calibrationCandidates({ webgpu: 'fallback', webgl: true, adapterInfo: 'google swiftshader' }, 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))');
    expect(sw.measure).toEqual(['wasm']);
    expect(sw.skipped.map((s) => s.id).sort()).toEqual(['cpu', 'webgl', 'webgpu']);
    const gpu = calibrationCandidates({ webgpu: 'hardware', webgl: true, adapterInfo: 'nvidia ampere' }, 'ANGLE (NVIDIA)');
    expect(gpu.measure).toEqual(['webgpu', 'wasm', 'webgl']);
  });

  it('puts the fastest measured backend first and keeps the probe order as the fallback', () => {
    const probe = { webgpu: 'hardware' as const, webgl: true, adapterInfo: 'x' };
    const cal: Calibration = {
      key: calibrationKey('UA', probe), at: '', skipped: [],
      figures: [
        { id: 'webgpu', describeMs: 90, matmulMs: 40, gflops: 6 },
        { id: 'wasm', describeMs: 60, matmulMs: 30, gflops: 9 },
        { id: 'webgl', describeMs: 200, matmulMs: 10, gflops: 26 },
      ],
    };
    const order = orderByCalibration(backendOrder('auto', probe), cal);
    expect(order.map((c) => c.id)).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(order[0].reason).toContain('wasm 90 ms < webgpu 130 ms < webgl 210 ms');
    expect(calibrationCost(cal.figures[2])).toBe(210);
    expect(orderByCalibration(backendOrder('auto', probe), { ...cal, figures: [] })).toEqual(backendOrder('auto', probe));
    expect(cal.key).toBe('UA | webgpu hardware (x)');
    expect(orderByCalibration(backendOrder('auto', probe), { ...cal, figures: [cal.figures[1]] })[0].reason).toBe('WebGPU failed to initialise; calibration: wasm 90 ms');
  });
});
