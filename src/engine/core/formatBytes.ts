/** "32 MB", "1.5 MB", "256 KB": how notices state a memory size (binary units, as tile budgets are). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${+(bytes / (1 << 20)).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}
