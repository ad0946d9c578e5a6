/// <reference lib="webworker" />
/**
 * Learned descriptors' weights in the browser: fetched from the app's own origin (`public/models/`, served
 * at BASE_URL/models/), handed to the engine's reader seam as bytes.
 */
import { setModelFileReader } from '../engine/learned/modelFiles';

export function installModelFetch(): void {
  setModelFileReader(async (path) => {
    const url = new URL(`${import.meta.env.BASE_URL}models/${path}`, self.location.origin);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status}`);
    return res.arrayBuffer();
  });
}
