/**
 * Test hooks, offered only with ?debug=1 in the address bar: crash the worker, lose the GPU device, read the
 * worker's diagnostics and the store. End-to-end tests use them to inject faults the way a real failure
 * would arrive (an uncaught error in the worker; a destroyed GPUDevice), not to stub anything.
 */
import { useApp } from '../store';
import { diagnostics, engineForTests } from './controller';

// Read once, at load: the app rewrites the address bar with its settings soon after.
const DEBUG = new URLSearchParams(window.location.search).get('debug') === '1';
export const debugEnabled = () => DEBUG;

export function crashWorkerForTest(): void {
  void engineForTests()?.call('crashForTest', undefined).catch(() => {});
}

export async function loseDeviceForTest(): Promise<boolean> {
  return (await engineForTests()?.call('loseDeviceForTest', undefined)) ?? false;
}

declare global {
  interface Window {
    matchscopeDebug?: {
      crashWorker: typeof crashWorkerForTest;
      loseDevice: typeof loseDeviceForTest;
      diagnostics: typeof diagnostics;
      pendingCalls: () => number;
      state: typeof useApp.getState;
    };
  }
}

export function installDebugHooks(): void {
  if (!debugEnabled()) return;
  window.matchscopeDebug = {
    crashWorker: crashWorkerForTest,
    loseDevice: loseDeviceForTest,
    diagnostics,
    pendingCalls: () => engineForTests()?.pending() ?? 0,
    state: useApp.getState,
  };
}
