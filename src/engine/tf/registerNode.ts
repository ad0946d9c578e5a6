/** Backends for Node (tests, CLI): cpu (from ./index) and wasm, which finds its .wasm files by itself. */
import '@tensorflow/tfjs-backend-wasm';
import type { EnvironmentProbe } from './backends';

export const NODE_ENVIRONMENT: EnvironmentProbe = { webgpu: 'none', webgl: false };
