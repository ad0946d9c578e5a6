/**
 * Surviving a lost WebGPU device (a driver reset, the GPU process killed, memory exhausted): tfjs does not
 * recover by itself, and every later op on the dead device fails or hangs. We watch the device tfjs holds,
 * and on loss drop the webgpu backend (keeping its factory, so a later switch back gets a fresh device).
 */
import { tf } from './index';

interface LostInfo {
  reason?: string;
  message?: string;
}
interface DeviceLike {
  lost: Promise<LostInfo>;
  destroy(): void;
}

/** The GPUDevice of the active webgpu backend, or null on any other backend. */
function webgpuDevice(): DeviceLike | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  return device ?? null;
}

/**
 * Calls `onLost` once if the active webgpu device is lost, unless the backend was switched away on purpose
 * first (`isCurrent` says whether this device still matters). No-op on other backends.
 */
export function watchWebgpuDevice(onLost: (message: string) => void): void {
  const device = webgpuDevice();
  if (!device) return;
  void device.lost.then((info) => {
    if (webgpuDevice() !== device) return;
    onLost(info.message || info.reason || 'unknown reason');
  });
}

/** Destroys the active webgpu device, as a driver reset would: for tests only. Returns false off webgpu. */
export function destroyWebgpuDeviceForTest(): boolean {
  const device = webgpuDevice();
  device?.destroy();
  return device !== null;
}

/**
 * Forgets the webgpu backend instance (its tensors die with the device) but re-registers its factory,
 * so that choosing webgpu again later asks for a new device.
 */
export function resetWebgpuBackend(): void {
  const factory = tf.findBackendFactory('webgpu');
  if (!factory) return;
  try {
    tf.removeBackend('webgpu');
  } catch {
    // Disposing buffers of a dead device may throw; the instance is dropped either way.
  }
  tf.registerBackend('webgpu', factory);
}
