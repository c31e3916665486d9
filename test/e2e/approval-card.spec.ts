/**
 * A request's card, read-only from the lead's queue: the live lock, the masked contacts and
 * the history, with a clear "read-only, opened from an approval request" label and no
 * verification, reset or wrap-up; back to the queue. One audited read per opening. Both
 * languages, axe, screenshots at 1280×800.
 */
import { expect, test } from '../kit/fixtures.ts';
import { text } from '../kit/catalog.ts';
import { consolePages } from '../kit/pages/console-pages.ts';
import { expectNoSeriousViolations } from './axe.ts';

test('a lead opens a request’s card read-only from the queue and goes back to it', async ({
  desk,
}) => {
  test.skip(desk.target === 'electron', 'a second console runs on the browser and server targets');
  test.slow(); // two consoles, axe, screenshots in both languages
  await desk.signIn('agent');
  const card = await desk.openScenario('reset-yesterday');
  await desk.ui.verification.verifyCaller(card.answers.dob, card.answers.postcode);
  await desk.ui.reset.resetWith('Locked again after yesterday’s reset; caller verified.');
  await expect(desk.ui.reset.approvalState).toHaveAttribute('data-state', 'pending');

  const leadPage = await desk.secondConsole('lead');
  const lead = consolePages(leadPage);
  await lead.topBar.openApprovals();
  const approvals = lead.approvals;
  await approvals.openCard(approvals.item());

  await expect(approvals.readOnly).toContainText(text('en', 'approvals.card.readOnly'));
  await expect(approvals.card).toContainText(card.maskedCard);
  await expect(approvals.cardLock).toHaveAttribute('data-lock', 'locked');
  await expect(approvals.cardAttempts.first()).toBeVisible();
  // Masked contacts, never the clear values.
  await expect(approvals.cardContacts).toContainText('•');
  await expect(approvals.cardContacts).not.toContainText(card.search.email!);
  await expect(approvals.cardContacts).not.toContainText(card.search.mobile!.slice(-8));
  // Nothing of a call: no verification form, no reset, no wrap-up, no decision here.
  for (const absent of [
    lead.verification.dob,
    lead.reset.open,
    lead.wrapUp.save,
    leadPage.getByTestId('approval-approve'),
  ]) {
    await expect(absent).toHaveCount(0);
  }
  desk.expectAudit({ action: 'card.read-only', username: 'demo.lead', count: 1 });

  await expectNoSeriousViolations(leadPage, 'a request’s card, read-only');
  await leadPage.setViewportSize({ width: 1280, height: 800 });
  await leadPage.screenshot({ path: test.info().outputPath('approval-card.en.png') });
  await lead.topBar.chooseLanguage('ja');
  await expect(approvals.readOnly).toContainText(text('ja', 'approvals.card.readOnly'));
  await expect(approvals.cardBack).toHaveText(text('ja', 'approvals.card.back'));
  await leadPage.screenshot({ path: test.info().outputPath('approval-card.ja.png') });

  await approvals.cardBack.click();
  await expect(approvals.card).toHaveCount(0);
  await expect(approvals.item()).toBeVisible();
  await lead.topBar.chooseLanguage('en');
});
