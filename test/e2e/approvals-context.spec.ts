/**
 * A lead's queue with the context to decide: the count is right from sign-in, before the
 * queue is opened; each request names the agent, how long it has waited, when the caller was
 * verified, the card's earlier reset and why a lead is needed. axe on the queue and the tray.
 */
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { expect, test } from '../kit/fixtures.ts';
import { text } from '../kit/catalog.ts';
import { consolePages } from '../kit/pages/console-pages.ts';
import { expectNoSeriousViolations } from './axe.ts';

test('the approval count is right at sign-in and each request carries its context', async ({
  desk,
}) => {
  test.skip(desk.target === 'electron', 'a second console runs on the browser and server targets');
  test.slow(); // two consoles, axe twice, screenshots in both languages
  await desk.signIn('agent');
  const card = await desk.openScenario('reset-yesterday');
  await desk.ui.verification.verifyCaller(card.answers.dob, card.answers.postcode);
  await desk.ui.reset.resetWith('Locked again after yesterday’s reset; caller verified.');
  await expect(desk.ui.reset.approvalState).toHaveAttribute('data-state', 'pending');
  await desk.advance(4 * 60_000);

  const leadPage = await desk.secondConsole('lead');
  const lead = consolePages(leadPage);
  // Right from sign-in, without opening the queue.
  await expect(lead.topBar.approvals).toHaveText(
    text('en', 'approvals.open').replace('{{count}}', '1'),
  );
  await expect(lead.alerts.badge).toHaveText('0');
  await lead.topBar.openApprovals();
  const item = lead.approvals.item();
  await expect(item.getByTestId('approval-requested-by')).toContainText(
    demoOperator('agent').displayName,
  );
  await expect(item.getByTestId('approval-waiting')).toHaveText('4 minutes');
  await expect(item.getByTestId('approval-verified')).not.toHaveText(
    text('en', 'approvals.notVerified'),
  );
  await expect(item.getByTestId('approval-earlier-reset')).toContainText('at the ACS');
  await expect(item).toContainText('the card was already reset recently');
  await expectNoSeriousViolations(leadPage, 'the approval queue with context');
  await leadPage.setViewportSize({ width: 1280, height: 800 });
  await leadPage.screenshot({ path: test.info().outputPath('approvals-context.en.png') });
  await lead.topBar.chooseLanguage('ja');
  await expect(item.getByTestId('approval-waiting')).toHaveText('4分');
  await leadPage.screenshot({ path: test.info().outputPath('approvals-context.ja.png') });
  await lead.topBar.chooseLanguage('en');
  await lead.alerts.open();
  await expect(lead.alerts.count).toBeVisible();
  await expectNoSeriousViolations(leadPage, 'the alerts tray');
});
