import { expect, test, type Page } from '@playwright/test';
import { captureErrors, matchDetails } from './helpers';
import { expectComputedWith, maxAbsDiff, onWebgpuThenWasm, readDescriptors, readMatches, TINY_PAIR } from './backendHelpers';

// Issue 4: the learned models give the same descriptors on WebGPU as on wasm. Compared directly: the
// descriptor vectors at 24 pixels (the worker's own maps), then the dense matches built from them.
// cpu vs wasm for every model in src/engine/learned/backendEquivalence.test.ts.

// BROWSER.md measured ~1e-6 between tfjs backends per conv; deep nets stack a few of those. 1e-4 leaves headroom
// and still catches any real difference (a wrong kernel or padding moves values by ~1e-1).
const TOLERANCE = 1e-4;

const POINTS = ['source', 'target'].flatMap((side) => [[2, 2], [20, 10], [33, 24], [50, 40], [61, 45], [10, 40]]
  .flatMap(([x, y]) => [{ side: side as 'source' | 'target', x, y }, { side: side as 'source' | 'target', x: TINY_PAIR.width - 1 - x, y: TINY_PAIR.height - 1 - y }]));

async function descriptorsAndMatches(page: Page) {
  await expect(page.getByTestId('match-count')).toBeVisible();
  return { descriptors: await readDescriptors(page, POINTS), matches: await readMatches(page) };
}

type Collected = Awaited<ReturnType<typeof descriptorsAndMatches>>;

function expectSame(label: string, webgpu: Collected, wasm: Collected, metric: 'cosine' | 'l2' = 'cosine') {
  expect(webgpu.descriptors.dim).toBe(wasm.descriptors.dim);
  const descDiff = Math.max(...webgpu.descriptors.vectors.map((v, i) => maxAbsDiff(v, wasm.descriptors.vectors[i])));
  const [g, w] = [webgpu.matches, wasm.matches];
  expect(g.x0).toEqual(w.x0);
  expect(g.y0).toEqual(w.y0);
  expect(g.x0.length).toBeGreaterThan(50);
  // Both backends compute squared distances ‖a‖² + ‖b‖² − 2a·b; an L2 score is its square root, which near 0
  // (nearest neighbours) magnifies a 1e-6 difference to ~1e-6 / (2d): compare what the backends computed.
  const sq = (s: number[]) => (metric === 'l2' ? s.map((v) => v * v) : s);
  const scoreDiff = maxAbsDiff(sq(g.score), sq(w.score));
  // And a·b over D float32 products is exact only to ~‖a‖‖b‖·1e-6: DeepDesc's 128 tanh outputs are not unit
  // vectors, so its bound scales with the largest squared norm seen (1 for the normalised descriptors).
  const scale = Math.max(1, ...webgpu.descriptors.vectors.map((v) => v.reduce((n, x) => n + x * x, 0)));
  // A different target is only allowed where two targets tie: then each backend's best score is the
  // same, which scoreDiff already bounds for every match.
  const differ = g.x1.filter((x, i) => x !== w.x1[i] || g.y1[i] !== w.y1[i]).length;
  console.log(`webgpu vs wasm ${label}: descriptors ${descDiff.toExponential(2)}, ${metric === 'l2' ? 'squared distances' : 'scores'} ${scoreDiff.toExponential(2)} (largest ‖a‖² ${scale.toFixed(1)}), ${differ}/${g.x0.length} targets differ`);
  expect(descDiff, `${label} descriptors`).toBeLessThan(TOLERANCE);
  expect(scoreDiff, `${label} scores`).toBeLessThan(TOLERANCE * scale);
  expect(differ, `${label} targets`).toBeLessThanOrEqual(Math.ceil(0.01 * g.x0.length));
}

/** Each model: how to pick it in the side panel, and what the worker's result says it computed. */
const MODELS: { label: string; id: string; params: Record<string, string>; pick(page: Page): Promise<void> }[] = [
  { label: 'cnn block_5_add', id: 'cnn', params: { layer: 'block_5_add' }, pick: async (page) => {
    await page.getByLabel('Descriptor').selectOption('cnn');
    await page.getByRole('combobox', { name: /^Layer/ }).selectOption('block_5_add');
  } },
  { label: 'mccnn', id: 'mccnn', params: {}, pick: (page) => page.getByLabel('Descriptor').selectOption('mccnn').then(() => {}) },
  { label: 'ucn rn', id: 'ucn', params: { variant: 'rn' }, pick: async (page) => {
    await page.getByLabel('Descriptor').selectOption('ucn');
    await page.getByRole('combobox', { name: /^Variant/ }).selectOption('rn');
  } },
  { label: 'ucn hn-st', id: 'ucn', params: { variant: 'hn-st' }, pick: async (page) => {
    await page.getByRole('combobox', { name: /^Variant/ }).selectOption('hn-st');
  } },
  { label: 'deepdesc', id: 'deepdesc', params: {}, pick: (page) => page.getByLabel('Descriptor').selectOption('deepdesc').then(() => {}) },
];

/** The 2-channel click query at two points in turn (so the second answer read is this backend's, not one left from before). */
async function query2ch(page: Page) {
  await page.getByLabel('Query similarity').selectOption('2ch');
  await page.getByLabel('2-channel search radius').selectOption('4');
  const out = [];
  for (const [x, y] of [[20, 20], [33, 24]]) {
    await page.getByLabel('Query point').fill(`${x}, ${y}`);
    await page.getByLabel('Query point').press('Enter');
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-source-x', String(x));
    await expect(page.getByTestId('match-details')).toHaveAttribute('data-descriptor', '2ch');
    const scores = await page.evaluate(() => Array.from(window.matchscopeDebug!.state().query!.result!.scores));
    out.push({ details: await matchDetails(page), scores });
  }
  await page.getByLabel('Query similarity').selectOption('descriptor');
  return out;
}

// One page for every model: WebGPU's pipelines compile once (SwiftShader compiles slowly) and the pair and
// the backends start once, which keeps this under a minute in CI instead of four separate page loads.
test('cnn, mccnn, ucn rn and hn-st, deepdesc and the 2-channel query: WebGPU (SwiftShader) and wasm give the same descriptors and matches on a 64×48 pair', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = captureErrors(page);
  const collected: Record<string, Partial<Record<'webgpu' | 'wasm', Collected & { pair?: Awaited<ReturnType<typeof query2ch>> }>>> = {};
  await onWebgpuThenWasm(page, 'descriptor=cnn&p.layer=block_5_add&stride=4', async (backend) => {
    for (const m of MODELS) {
      await m.pick(page);
      await expectComputedWith(page, backend, m.id, m.params);
      const got = await descriptorsAndMatches(page);
      (collected[m.label] ??= {})[backend] = m.id === 'deepdesc' ? { ...got, pair: await query2ch(page) } : got;
    }
  });
  for (const m of MODELS) {
    const { webgpu, wasm } = collected[m.label] as Required<(typeof collected)[string]>;
    expectSame(m.label, webgpu, wasm, m.id === 'deepdesc' ? 'l2' : 'cosine');
  }
  const { webgpu, wasm } = collected.deepdesc as Required<(typeof collected)[string]>;
  webgpu.pair!.forEach((g, i) => {
    const w = wasm.pair![i];
    const diff = maxAbsDiff(g.scores, w.scores);
    // The network's output (a logit, here up to ~15) has no fixed scale: the bound follows its size.
    const scale = Math.max(1, ...g.scores.filter(Number.isFinite).map(Math.abs));
    console.log(`webgpu vs wasm 2ch window ${i}: scores ${diff.toExponential(2)} (largest |score| ${scale.toFixed(2)}); best (${g.details.tx}, ${g.details.ty}) vs (${w.details.tx}, ${w.details.ty})`);
    expect(g.scores.filter(Number.isFinite).length).toBe(81);
    expect(diff).toBeLessThan(TOLERANCE * scale);
    expect([g.details.tx, g.details.ty]).toEqual([w.details.tx, w.details.ty]);
  });
  expect(errors).toEqual([]);
});
