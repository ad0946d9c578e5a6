/**
 * Backends for the browser worker: webgpu, webgl, wasm and cpu. The wasm binaries are passed in by the
 * caller (Vite resolves their URLs), because tfjs would otherwise ask the page's server for them by name.
 */
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { EnvironmentProbe } from './backends';

export interface WasmBinaries {
  'tfjs-backend-wasm.wasm': string;
  'tfjs-backend-wasm-simd.wasm': string;
  'tfjs-backend-wasm-threaded-simd.wasm': string;
}

export function configureWasm(binaries: WasmBinaries): void {
  setWasmPaths(binaries);
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/** Probes WebGPU without initialising tfjs: is there an adapter, and is it a real GPU? */
export async function probeBrowserEnvironment(): Promise<EnvironmentProbe> {
  const gpu = (globalThis.navigator as unknown as { gpu?: GpuLike } | undefined)?.gpu;
  const webgl = typeof OffscreenCanvas !== 'undefined';
  if (!gpu) return { webgpu: 'none', webgl };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { webgpu: 'none', webgl };
    const fallback = adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
    const info = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ');
    // SwiftShader may not set isFallbackAdapter on every Chromium; its architecture name gives it away.
    const software = fallback || /swiftshader|llvmpipe|lavapipe/i.test(info);
    return { webgpu: software ? 'fallback' : 'hardware', webgl, adapterInfo: info || undefined };
  } catch {
    return { webgpu: 'none', webgl };
  }
}

/** The WebGL renderer string (unmasked where allowed), to tell a software rasteriser from a GPU. */
export function webglRenderer(): string | undefined {
  try {
    if (typeof OffscreenCanvas === 'undefined') return undefined;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return undefined;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const r = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return r;
  } catch {
    return undefined;
  }
}
