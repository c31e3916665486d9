/**
 * The workspace fits one screen: for every demo scenario at 1280×800, in English and
 * Japanese, the page does not scroll, and the verification form, the reset control and the
 * first line of the script are in the viewport — and inside their pane's visible part, not
 * merely scrolled below it.
 */
import type { Locator } from '@playwright/test';
import { expectNoSeriousViolations } from './axe.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';
import { SCENARIO_NAMES } from '../kit/scenarios.ts';

/** The element's box lies within the viewport and within every scrolling ancestor's view. */
async function expectInView(element: Locator, what: string) {
  await expect(element, what).toBeVisible();
  const inView = await element.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const within = (r: { top: number; bottom: number; left: number; right: number }) =>
      box.top >= r.top - 0.5 &&
      box.bottom <= r.bottom + 0.5 &&
      box.left >= r.left - 0.5 &&
      box.right <= r.right + 0.5;
    if (!within({ top: 0, left: 0, bottom: innerHeight, right: innerWidth })) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (/(auto|scroll|hidden)/u.test(style.overflowY) && !within(p.getBoundingClientRect()))
        return false;
    }
    return true;
  });
  expect(inView, `${what} is in view`).toBe(true);
}

for (const language of ['en', 'ja'] as const) {
  test(`every demo scenario fits 1280×800 without scrolling the page, in ${language}`, async ({
    desk,
  }) => {
    test.setTimeout(120_000);
    await desk.page.setViewportSize({ width: 1280, height: 800 });
    await desk.signIn('agent');
    await desk.ui.topBar.chooseLanguage(language);
    for (const name of SCENARIO_NAMES) {
      await openScenarioCard(desk, name);
      await expect(desk.ui.diagnosis.line('closing.neverByPhone')).toBeVisible();
      const { scrollHeight, innerHeight } = await desk.page.evaluate(() => ({
        scrollHeight: document.documentElement.scrollHeight,
        innerHeight: window.innerHeight,
      }));
      expect(scrollHeight, `${name}: the page does not scroll`).toBeLessThanOrEqual(innerHeight);
      await expectInView(desk.ui.verification.dob, `${name}: the date of birth field`);
      await expectInView(desk.ui.verification.submit, `${name}: the verify button`);
      await expectInView(desk.ui.reset.open, `${name}: the reset control`);
      await expectInView(
        desk.ui.diagnosis.script.locator('[data-line]').first(),
        `${name}: the first script line`,
      );
      await expectInView(desk.ui.card.lockBadge, `${name}: the lock badge`);
      if (name === 'locked-wrong-codes')
        await expectNoSeriousViolations(desk.page, 'the workspace');
      await desk.ui.workspace.back();
    }
  });
}
