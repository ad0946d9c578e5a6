import { expect, test } from '@playwright/test';
import { captureErrors, waitReady } from './helpers';

/** The keyboard alone reaches every control, sees where it is, and every field says what it is. */
test('Tab walks every control; each shows a focus ring and each field has an accessible name', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?descriptor=census&stride=8');
  await waitReady(page);
  // Open the disclosures so the controls inside them are in the walk too.
  for (const s of await page.locator('summary').all()) await s.click();
  await page.getByLabel('Query point').fill('300, 200');
  await page.getByLabel('Query point').press('Enter');
  await expect(page.getByTestId('match-details')).toBeVisible();
  await page.locator('body').click({ position: { x: 2, y: 2 } });

  // Every control a pointer could use: visible, enabled, not taken out of the tab order.
  const controls = await page.evaluate(() => {
    const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
    return Array.from(document.querySelectorAll<HTMLElement>(sel))
      .filter((e) => e.tabIndex >= 0 && !(e as HTMLInputElement).disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
      .map((e) => e.outerHTML.slice(0, 80));
  });
  expect(controls.length).toBeGreaterThan(15);

  const seen: { html: string; name: string; ring: string; field: boolean }[] = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || e === document.body) return null;
      const byId = (ids: string | null) => (ids ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      const labels = Array.from((e as HTMLInputElement).labels ?? []).map((l) => l.textContent ?? '').join(' ');
      const name = (e.getAttribute('aria-label') || byId(e.getAttribute('aria-labelledby')) || labels || (e.matches('button, summary, a') ? e.textContent : '') || e.title || '').trim();
      const cs = getComputedStyle(e);
      const box = e.getBoundingClientRect();
      // A ring on a 1-px visually-hidden element is no ring at all.
      const ring = box.width < 4 || box.height < 4 ? '' : cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 ? `outline ${cs.outlineWidth} ${cs.outlineStyle}` : cs.boxShadow !== 'none' ? 'box-shadow' : '';
      return { html: e.outerHTML.slice(0, 80), name, ring, field: e.matches('input, select, textarea') };
    });
    if (!f) continue;
    if (seen.length && f.html === seen[0].html) break;
    if (!seen.some((s) => s.html === f.html)) seen.push(f);
  }
  const reached = new Set(seen.map((s) => s.html));
  expect(controls.filter((c) => !reached.has(c))).toEqual([]);
  expect(seen.filter((s) => !s.ring).map((s) => s.html)).toEqual([]);
  expect(seen.filter((s) => s.field && !s.name).map((s) => s.html)).toEqual([]);
  expect(seen.filter((s) => !s.name).map((s) => s.html)).toEqual([]);
  expect(errors).toEqual([]);
});
