/**
 * URLs of tfjs's wasm binaries as Vite serves them. Without these, tfjs asks the server for
 * `<worker dir>/tfjs-backend-wasm-simd.wasm`, gets index.html back, and the wasm backend fails.
 */
/* eslint-disable no-restricted-imports -- these are asset URLs of the wasm binaries, not code from tfjs */
import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
/* eslint-enable no-restricted-imports */

const abs = (u: string) => new URL(u, window.location.href).href;

export function wasmBinaries() {
  return {
    'tfjs-backend-wasm.wasm': abs(wasm),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreaded),
  };
}
