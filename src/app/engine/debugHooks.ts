/**
 * Test hooks, offered only with ?debug=1 in the address bar: crash or silently kill the worker, lose the GPU
 * device, make distance tiles run out of memory, read the worker's diagnostics and the store. End-to-end
 * tests use them to inject faults the way a real failure would arrive (an uncaught error in the worker; a
 * Worker ended with no error event; a destroyed GPUDevice; the backend's own out-of-memory error), not to
 * stub anything.
 */
import { useApp } from '../store';
import { descriptorsAt, diagnostics, engineForTests } from './controller';

// Read once, at load: the app rewrites the address bar with its settings soon after.
const DEBUG = new URLSearchParams(window.location.search).get('debug') === '1';
export const debugEnabled = () => DEBUG;

export function crashWorkerForTest(): void {
  void engineForTests()?.call('crashForTest', undefined).catch(() => {});
}

/** Ends the Worker behind the controller's back, as a browser killing it for memory would: no error event. */
export function killWorkerForTest(): void {
  engineForTests()?.killForTest();
}

/** The next `count` distance tiles of at least `minBytes` fail as the backend does when memory runs out. */
export async function outOfMemoryForTest(count: number, minBytes: number): Promise<void> {
  await engineForTests()?.call('outOfMemoryForTest', { count, minBytes });
}

export async function loseDeviceForTest(): Promise<boolean> {
  return (await engineForTests()?.call('loseDeviceForTest', undefined)) ?? false;
}

declare global {
  interface Window {
    matchscopeDebug?: {
      crashWorker: typeof crashWorkerForTest;
      loseDevice: typeof loseDeviceForTest;
      killWorker: typeof killWorkerForTest;
      outOfMemory: typeof outOfMemoryForTest;
      diagnostics: typeof diagnostics;
      /** Descriptor vectors at working pixels, from the worker's maps for the current settings (backend comparisons). */
      descriptorsAt: typeof descriptorsAt;
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
    killWorker: killWorkerForTest,
    outOfMemory: outOfMemoryForTest,
    diagnostics,
    descriptorsAt,
    pendingCalls: () => engineForTests()?.pending() ?? 0,
    state: useApp.getState,
  };
}
