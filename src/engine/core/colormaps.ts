/**
 * Perceptually uniform colour maps as 256-entry LUTs. Each is piecewise-linear between stops sampled
 * from matplotlib's definitions (viridis: van der Walt & Smith; cividis: Nuñez, Anderton & Renslow,
 * PLoS ONE 2018, made to read the same for colour-blind viewers). The stops are exact samples; between
 * them the LUT differs from matplotlib's by at most a few units per channel.
 */
export type ColorMapName = 'viridis' | 'cividis';

const STOPS: Record<ColorMapName, readonly string[]> = {
  viridis: ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'],
  cividis: ['#00224e', '#123570', '#3b496c', '#575d6d', '#707173', '#8a8779', '#a69d75', '#c4b56c', '#e4cf5b', '#fee838'],
};

const cache = new Map<ColorMapName, Uint8Array>();

/** (256 × 3) uint8: entry i is the colour of value i/255. */
export function colorMapLut(name: ColorMapName): Uint8Array {
  const hit = cache.get(name);
  if (hit) return hit;
  const stops = STOPS[name].map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(stops[k][c] * (1 - f) + stops[k + 1][c] * f);
  }
  cache.set(name, lut);
  return lut;
}

export function lutColor(lut: Uint8Array, t: number): string {
  const i = Math.max(0, Math.min(255, Math.round(t * 255))) * 3;
  return `rgb(${lut[i]},${lut[i + 1]},${lut[i + 2]})`;
}
