/**
 * The scenario table tells the truth: each demo scenario's card is found by its search keys,
 * shows its masked card and its lock, names its cause first, and verifies with its answers.
 * The scenarios run a few to a test (groups.ts), so the workers share them.
 */
import { text } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';
import { SCENARIO_NAMES } from '../kit/scenarios.ts';
import { inGroups } from './groups.ts';

for (const names of inGroups(SCENARIO_NAMES)) {
  test(`every demo scenario is as docs/TESTING.md lists it: ${names.join(', ')}`, async ({
    desk,
  }) => {
    await desk.signIn('agent');
    const ui = desk.ui;
    for (const name of names) {
      const card = desk.scenario(name);
      await test.step(name, async () => {
        await ui.search.byLast4AndSurname(card.search.last4, card.search.surname);
        await ui.search.result(card.cardId).click();
        await expect(ui.card.masked).toHaveText(card.maskedCard);
        const badge = ui.card.lockBadge;
        if (card.lock === 'none') await expect(badge).toHaveText(text('en', 'card.notLocked'));
        else if (card.lock === 'locked')
          await expect(badge).toContainText(text('en', 'card.lockedUntil').split(' {{')[0]!);
        else await expect(badge).toHaveText(text('en', 'card.lockedUntilReset'));
        await expect(ui.diagnosis.first).toBeVisible();
        expect(await ui.diagnosis.firstCause(), `${name}: the first cause`).toBe(card.diagnosis);
        await ui.verification.verifyCaller(card.answers.dob, card.answers.postcode);
        await expect(ui.verification.status).toHaveAttribute('data-status', 'verified');
        await ui.workspace.back();
        await expect(ui.card.root).toHaveCount(0);
      });
    }
    desk.expectAudit({ action: 'card.open', count: names.length });
  });
}

test('the groups hold every demo scenario once', () => {
  expect(inGroups(SCENARIO_NAMES).flat()).toEqual([...SCENARIO_NAMES]);
});
