/**
 * The agent's request waiting for a team lead (issue 12): the panel says why a lead is needed,
 * how long the request has waited (the router's clock, ticking), what to say to the caller
 * meanwhile, and cancels it with a checked note — audited, gone from the lead's queue at once,
 * and the reset controls are back. Both languages; axe on the panel and its dialog.
 */
import { LOCK_WORDS } from '../../shared/diagnosis/script-words.ts';
import { expect, test } from '../kit/fixtures.ts';
import { text } from '../kit/catalog.ts';
import { consolePages } from '../kit/pages/console-pages.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { expectInView, expectNoPageScroll } from './in-view.ts';

test('waiting for a lead: why, how long, what to say; cancelled with a reason, in both languages', async ({
  desk,
}) => {
  test.skip(desk.target === 'electron', 'a second console runs on the browser and server targets');
  test.slow(); // two consoles, two languages, axe twice
  await desk.page.setViewportSize({ width: 1280, height: 800 });
  await desk.signIn('agent');
  const card = await desk.openScenario('reset-yesterday');
  const reset = desk.ui.reset;
  await desk.ui.verification.verifyCaller(card.answers.dob, card.answers.postcode);
  await reset.resetWith('Locked again after yesterday’s reset; caller verified.');

  // The panel takes the reset controls' place while the request waits.
  await expect(reset.waiting).toBeVisible();
  await expect(reset.approvalState).toHaveAttribute('data-state', 'pending');
  await expect(reset.open).toHaveCount(0);
  await expect(reset.waiting).toContainText(text('en', 'reset.escalation.second-reset'));
  const callerLanguage = (await reset.waitingScript.getAttribute('lang')) as 'en' | 'ja';
  await expect(reset.waitingScript).toContainText(LOCK_WORDS.stillWaiting[callerLanguage]);
  await expect(reset.waitingTime).toHaveText(text('en', 'waitingForLead.justAsked'));
  await desk.advance(3 * 60_000);
  // At least the three minutes that passed. The panel counts by the router's time, kept as an
  // offset from the last reply; a reply that lands while the page's timers run on (the desk
  // already moved on) may add up to the advance again, on a loaded machine.
  await expect(reset.waitingTime).toHaveText(/^Waiting for [3-6] minutes$/u);
  await expectNoSeriousViolations(desk.page, 'the waiting-for-lead panel');
  // The panel keeps the workspace on one screen: the page does not scroll, and the waiting
  // panel's control, the verification and the first script line stay in view.
  await expectNoPageScroll(desk.page, 'waiting for a lead');
  await expectInView(reset.waitingCancel, 'the cancel-request control');
  await expectInView(reset.waitingTime, 'how long the request has waited');
  await expectInView(desk.ui.verification.status, 'the verification state');
  await expectInView(
    desk.ui.diagnosis.script.locator('[data-line]').first(),
    'the first script line',
  );

  const leadPage = await desk.secondConsole('lead');
  const lead = consolePages(leadPage);
  await lead.topBar.openApprovals();
  await expect(lead.approvals.items).toHaveCount(1);

  // In Japanese: the same panel, the wait counted on.
  await desk.ui.topBar.chooseLanguage('ja');
  await expect(reset.waiting).toContainText(text('ja', 'waitingForLead.title'));
  await expect(reset.waitingTime).toHaveText(/^待ち時間：[3-6]分$/u);
  await expectNoPageScroll(desk.page, 'waiting for a lead, in Japanese');
  await expectInView(reset.waitingCancel, 'the cancel-request control, in Japanese');
  await expect(reset.waiting).toContainText(text('ja', 'reset.escalation.second-reset'));

  // No reason, or a reason with a card number: refused in the dialog, nothing sent.
  await reset.waitingCancel.click();
  await expect(reset.cancelDialog).toBeVisible();
  await expectNoSeriousViolations(desk.page, 'the cancel-request dialog');
  await reset.cancelConfirm.click();
  await expect(reset.cancelProblems).toContainText(text('ja', 'waitingForLead.needNote'));
  await reset.cancelKeep.click();
  await expect(reset.cancelDialog).toBeHidden();
  expect(desk.auditActions().filter((e) => e.action === 'approval.cancel')).toEqual([]);

  await reset.cancelRequest('お客様が後ほどかけ直されるため。');
  await expect(reset.approvalState).toHaveAttribute('data-state', 'cancelled');
  await expect(reset.waiting).toHaveCount(0);
  // The reset controls are back: the request may be made again.
  await expect(reset.open).toBeEnabled();
  await expect(reset.open).toHaveText(text('ja', 'reset.askApproval'));
  // Gone from the lead's queue without a reload.
  await expect(lead.approvals.items).toHaveCount(0);
  desk.expectAudit({ action: 'approval.cancel', result: 'success', count: 1 });
});
