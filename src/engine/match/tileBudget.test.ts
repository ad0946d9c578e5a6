import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nearestNeighbours, type NearestResult } from './nearest';
import { withTileBudget, type TileRetry } from './tileBudget';
import { formatBytes } from '../core/formatBytes';
import { injectOutOfMemoryForTest, isOutOfMemoryError, OutOfMemoryError } from '../tf/outOfMemory';
import { NODE_BACKENDS, leakedTensors, useBackend } from '../testing/backends';
import { mulberry32 } from '../core/random';
import { tf, type Tensor2D } from '../tf';

const N = 300, M = 280, D = 16;

function randomRows(rows: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: rows * D }, () => rand());
}

const plain = (r: NearestResult) => ({ index: Array.from(r.index), sqDist1: Array.from(r.sqDist1), sqDist2: Array.from(r.sqDist2), reverseIndex: Array.from(r.reverseIndex) });

describe.each(NODE_BACKENDS)('out-of-memory retry with smaller tiles on %s', (backend) => {
  beforeAll(() => useBackend(backend));
  afterEach(() => injectOutOfMemoryForTest(0, 0));
  const src = randomRows(N, 11);
  const tgt = randomRows(M, 12);
  const search = (budget?: number) => {
    const a = tf.tensor2d(src, [N, D]) as Tensor2D;
    const b = tf.tensor2d(tgt, [M, D]) as Tensor2D;
    return nearestNeighbours(a, b, budget === undefined ? {} : { maxTileElements: budget }).finally(() => tf.dispose([a, b]));
  };

  it('halves the tile after each failure and returns exactly the un-retried result', async () => {
    const expected = plain(await search());
    const retries: TileRetry[] = [];
    let out: Awaited<ReturnType<typeof withTileBudget<NearestResult>>> | null = null;
    const budgets: number[] = [];
    const leaked = await leakedTensors(async () => {
      injectOutOfMemoryForTest(3, 0);
      out = await withTileBudget((budget) => (budgets.push(budget), search(budget)), { floorElements: 1000, onRetry: (r) => retries.push(r) });
    });
    expect(leaked).toBe(0);
    // The whole 300 × 280 block was one tile; then half of it (150 rows), then 75 rows, then 37 rows.
    expect(retries.map((r) => r.failedBytes)).toEqual([N * M * 4, 150 * M * 4, 75 * M * 4]);
    expect(retries.map((r) => r.nextBytes)).toEqual([(N * M) / 2 * 4, (150 * M) / 2 * 4, Math.floor((75 * M) / 2) * 4]);
    expect(budgets).toEqual([8_388_608, (N * M) / 2, (150 * M) / 2, Math.floor((75 * M) / 2)]);
    expect(out!.retries).toEqual(retries);
    expect(retries[0].message).toMatch(/Array buffer allocation failed/);
    expect(plain(out!.value)).toEqual(expected);
  });

  it('gives up below the floor with an OutOfMemoryError, leaving no tensor behind', async () => {
    injectOutOfMemoryForTest(1000, 0);
    let err: unknown = null;
    const leaked = await leakedTensors(async () => {
      err = await withTileBudget((budget) => search(budget), { floorElements: 20_000 }).catch((e: unknown) => e);
    });
    expect(leaked).toBe(0);
    expect(err).toBeInstanceOf(OutOfMemoryError);
    // 84 000 → 42 000 → 21 000 elements fit above the floor; the 10 500 after that does not.
    expect((err as OutOfMemoryError).tileBytes).toBe(Math.floor(21_000 / M) * M * 4);
    expect((err as Error).message).toContain('the floor is 78 KB');
  });

  it('injects only into tiles of at least minBytes, and passes other errors through untouched', async () => {
    injectOutOfMemoryForTest(1, N * M * 4 + 1);
    const r = await withTileBudget((budget) => search(budget));
    expect(r.retries).toEqual([]);
    let calls = 0;
    const boom = new RangeError('descriptor dims differ: source 3, target 4');
    await expect(withTileBudget(async () => { calls++; throw boom; })).rejects.toBe(boom);
    expect(calls).toBe(1);
  });
});

describe('isOutOfMemoryError', () => {
  it('knows the texts the backends throw when memory runs out, and nothing else', () => {
    const yes = [
      new RangeError('Array buffer allocation failed'),
      new RangeError("Failed to execute 'createBuffer' on 'GPUDevice': createBuffer failed, size is too large for the implementation when mappedAtCreation == true"),
      new Error('WebGL Error: OUT_OF_MEMORY'),
      new Error('Requested texture size [70000x2] greater than WebGL maximum on this browser / GPU [16384x16384].'),
      { message: 'Out of memory' },
      new OutOfMemoryError('x', 4),
    ];
    const no = [new Error('cancelled'), new RangeError('descriptor dims differ: source 3, target 4'), new Error('Failed to compile fragment shader.'), null, 'memory'];
    expect(yes.map(isOutOfMemoryError)).toEqual(yes.map(() => true));
    expect(no.map(isOutOfMemoryError)).toEqual(no.map(() => false));
  });

  it('formats tile sizes for the notice', () => {
    expect([formatBytes(32 * 1024 * 1024), formatBytes(1.5 * 1024 * 1024), formatBytes(262_144)]).toEqual(['32 MB', '1.5 MB', '256 KB']);
  });
});
