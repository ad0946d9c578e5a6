/**
 * Descriptor maps kept on the backend, keyed by image version + descriptor + params, so switching back to
 * a descriptor is instant. Least-recently-used maps are disposed beyond a byte budget.
 */
import { disposeMap, type DescriptorMap } from '../engine/match/descriptorMap';

export class MapCache {
  private readonly entries = new Map<string, DescriptorMap>();
  constructor(private readonly budgetBytes: number) {}

  get(key: string): DescriptorMap | undefined {
    const m = this.entries.get(key);
    if (m) {
      // Re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, m);
    }
    return m;
  }

  /** Stores `map`, evicting old entries (never those in `keep`) until the budget holds. */
  put(key: string, map: DescriptorMap, keep: readonly string[] = []): void {
    this.entries.set(key, map);
    for (const [k, m] of this.entries) {
      if (this.bytes() <= this.budgetBytes) break;
      if (k === key || keep.includes(k)) continue;
      disposeMap(m);
      this.entries.delete(k);
    }
  }

  /** Drops every map of an image (when it is replaced). */
  dropPrefix(prefix: string): void {
    for (const [k, m] of this.entries) {
      if (k.startsWith(prefix)) {
        disposeMap(m);
        this.entries.delete(k);
      }
    }
  }

  clear(): void {
    for (const m of this.entries.values()) disposeMap(m);
    this.entries.clear();
  }

  bytes(): number {
    let b = 0;
    for (const m of this.entries.values()) b += m.width * m.height * (m.dim + 1) * 4;
    return b;
  }

  get size(): number {
    return this.entries.size;
  }
}
