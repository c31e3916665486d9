/**
 * The workspace fits one screen: for every demo scenario at 1280×800, in English and
 * Japanese, the page does not scroll, and the verification form, the reset control and the
 * first line of the script are in the viewport — and inside their pane's visible part, not
 * merely scrolled below it. The scenarios run a few to a test (groups.ts), so the workers
 * share them.
 */
import { expectNoSeriousViolations } from './axe.ts';
import { expectInView, expectNoPageScroll } from './in-view.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';
import { SCENARIO_NAMES } from '../kit/scenarios.ts';
import { inGroups } from './groups.ts';

for (const language of ['en', 'ja'] as const) {
  for (const names of inGroups(SCENARIO_NAMES)) {
    test(`every demo scenario fits 1280×800 without scrolling the page, in ${language}: ${names.join(', ')}`, async ({
      desk,
    }) => {
      await desk.page.setViewportSize({ width: 1280, height: 800 });
      await desk.signIn('agent');
      await desk.ui.topBar.chooseLanguage(language);
      for (const name of names) {
        await openScenarioCard(desk, name);
        await expect(desk.ui.diagnosis.line('closing.neverByPhone')).toBeVisible();
        await expectNoPageScroll(desk.page, name);
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
}
