/**
 * Leaving a card with its call open asks how the call ended: going back to search (the
 * button, Escape), opening another card, signing out. The agent records an outcome (with
 * the wrap-up draft already written) or ends the call without one and says why; "Stay on
 * this call" keeps everything. Nothing ends a call silently, and the router refuses it too.
 */
import { expectNoSeriousViolations } from './axe.ts';
import { text } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';

test('back to search asks for the outcome; staying keeps the call and the draft; saving uses the draft', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await desk.openScenario('code-expired');
  const { workspace, leaveCall, search, card } = desk.ui;
  await workspace.wrapUp.note.fill('Advised to retry from the merchant.');
  await card.back.click();
  await expect(leaveCall.root).toBeVisible();
  await expect(leaveCall.root.getByRole('heading')).toHaveText(text('en', 'leaveCall.title'));
  await expect(leaveCall.note).toHaveValue('Advised to retry from the merchant.');
  await expectNoSeriousViolations(desk.page, 'leave-call dialog (en)');

  await leaveCall.stay.click();
  await expect(leaveCall.root).toBeHidden();
  await expect(card.root).toBeVisible();
  await expect(workspace.wrapUp.note).toHaveValue('Advised to retry from the merchant.');
  expect(desk.db.calls()).toEqual([
    { outcome: null, note: null, endReason: null, noOutcomeReason: null, fraudCaseRef: null },
  ]);

  // Escape (focus not in a field) leaves too, and asks the same.
  await desk.page.locator('body').click({ position: { x: 5, y: 5 } });
  await desk.page.keyboard.press('Escape');
  await expect(leaveCall.root).toBeVisible();
  await leaveCall.save.click();
  await expect(leaveCall.problems).toHaveText(text('en', 'wrapUp.needOutcome'));
  await leaveCall.end({ outcome: 'resolved-advice' });
  await expect(search.notice).toHaveText(text('en', 'wrapUp.saved'));
  await expect(desk.page.locator('body')).not.toContainText(person.cardholder);
  expect(desk.db.calls()).toEqual([
    {
      outcome: 'resolved-advice',
      note: 'Advised to retry from the merchant.',
      endReason: 'wrapped-up',
      noOutcomeReason: null,
      fraudCaseRef: null,
    },
  ]);
  desk.expectAudit({ action: 'call.wrap-up', count: 1, details: { outcome: 'resolved-advice' } });
});

test('signing out with a call open asks first; "other" needs a note; the end is audited (Japanese)', async ({
  desk,
}) => {
  await desk.signIn('agent');
  await desk.ui.topBar.chooseLanguage('ja');
  await desk.openScenario('locked-wrong-codes');
  const { leaveCall, topBar, signIn } = desk.ui;
  await topBar.signOutButton.click();
  await expect(leaveCall.root).toBeVisible();
  await expect(leaveCall.root).toContainText(text('ja', 'leaveCall.intro.sign-out'));
  await expectNoSeriousViolations(desk.page, 'leave-call dialog (ja)');
  await leaveCall.reason.selectOption('other');
  await leaveCall.endWithoutOutcome.click();
  await expect(leaveCall.problems).toHaveText(text('ja', 'leaveCall.needNote'));
  expect(desk.db.calls()[0]!.endReason).toBeNull();

  await leaveCall.end({
    noOutcome: 'other',
    note: '回線不良のため、お客様に改めてお電話いただくことに',
  });
  await expect(signIn.username).toBeVisible();
  expect(desk.db.calls()).toEqual([
    {
      outcome: null,
      note: '回線不良のため、お客様に改めてお電話いただくことに',
      endReason: 'wrapped-up',
      noOutcomeReason: 'other',
      fraudCaseRef: null,
    },
  ]);
  desk.expectAudit({
    action: 'call.end-without-outcome',
    username: 'demo.agent',
    details: { reason: 'other' },
    count: 1,
  });
  desk.expectAudit({ action: 'session.sign-out', count: 1 });
});

test('opening another card: the router refuses while the call is open, and the screen asks', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const first = await desk.openScenario('code-expired');
  const other = desk.scenario('locked-wrong-codes');
  // Even a page that skipped the dialog cannot open another card or sign out.
  await desk.page.evaluate(
    (customerRef) => window.desk.cards.search({ key: 'customer-ref', customerRef }),
    other.search.customerRef,
  );
  const refused = await desk.page.evaluate(
    (cardId) => window.desk.cards.open({ cardId }),
    other.cardId,
  );
  expect(refused).toMatchObject({ ok: false, error: { reason: 'call.still-open' } });
  expect(await desk.page.evaluate(() => window.desk.session.signOut())).toMatchObject({
    ok: false,
    error: { reason: 'call.still-open' },
  });
  await expect(desk.ui.card.name).toContainText(first.cardholder);

  await desk.ui.workspace.back({ noOutcome: 'wrong-card' });
  await expect(desk.ui.search.notice).toHaveText(text('en', 'leaveCall.ended'));
  await desk.openScenario('locked-wrong-codes');
  expect(desk.db.calls().map((c) => [c.endReason, c.noOutcomeReason])).toEqual([
    ['wrapped-up', 'wrong-card'],
    [null, null],
  ]);
});
