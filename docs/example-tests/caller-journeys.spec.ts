/**
 * Two checks a tester writes against the console, importing only the kit's public entry.
 */
import { expect, reasonText, test, text } from '@verify-desk/test-kit';

test('a fraud hold is never reset, and the agent is told why in Japanese', async ({ desk }) => {
  await desk.signIn('agent');
  await desk.ui.topBar.chooseLanguage('ja');
  const card = await desk.openScenario('suspected-fraud');
  await desk.ui.verification.verifyCaller(card.answers.dob, card.answers.postcode);

  await expect(desk.ui.card.badge('fraud-hold')).toBeVisible();
  await expect(desk.ui.reset.open).toBeDisabled();
  await expect(desk.ui.reset.why).toHaveText(reasonText('ja', 'reset.fraud'));
  desk.expectAudit({ action: 'caller.verify', result: 'success', count: 1 });
  expect(desk.db.count('resets')).toBe(0);
});

test('a seeded lock shows on an unlocked card, with its countdown', async ({ desk }) => {
  const card = desk.scenario('code-expired');
  desk.seed.lock(card.cardId, { agoMinutes: 2, forMinutes: 28 });
  await desk.signIn('agent');
  await desk.openScenario('code-expired');
  await expect(desk.ui.card.lockBadge).not.toHaveText(text('en', 'card.notLocked'));
  await expect(desk.ui.card.countdown).toBeVisible();
});
