/**
 * Telling a lead at once, in a browser (no desktop app, so no desktop notification): a new
 * approval request shows the banner with the same words the desktop notification carries —
 * what it is and how many wait, nothing of the card — in the lead's language, and leads to the
 * queue; a lead who muted notifications sees no banner, while the count still moves.
 */
import { expect, test } from '../kit/fixtures.ts';
import { text } from '../kit/catalog.ts';
import { wrongPostcode } from '../kit/flows.ts';
import { consolePages } from '../kit/pages/console-pages.ts';

test('a new request shows the banner in the lead’s language and opens the queue', async ({
  desk,
}) => {
  test.skip(desk.target === 'electron', 'the desktop app notifies through the OS instead');
  await desk.signIn('lead');
  await desk.ui.topBar.chooseLanguage('ja');
  const lead = desk.ui.alerts;

  const agentPage = await desk.secondConsole('agent');
  const agent = consolePages(agentPage);
  const card = await desk.openScenario('reset-yesterday', agentPage);
  await agent.verification.verifyCaller(card.answers.dob, card.answers.postcode);
  await agent.reset.resetWith('Locked again after yesterday’s reset; caller verified.');
  await expect(agent.reset.approvalState).toHaveAttribute('data-state', 'pending');

  await expect(lead.banner).toHaveAttribute('data-notice-about', 'approval');
  await expect(lead.banner).toContainText(text('ja', 'alerts.notice.approvalTitle'));
  await expect(lead.banner).toContainText('承認待ちの依頼が 1 件あります。');
  // Nothing of the card or its cardholder.
  for (const secret of [card.maskedCard, card.search.surname, card.search.last4, card.cardId]) {
    await expect(lead.banner).not.toContainText(secret);
  }
  await desk.page.setViewportSize({ width: 1280, height: 800 });
  await desk.page.screenshot({ path: test.info().outputPath('lead-notice.ja.png') });

  await lead.bannerOpen.click();
  await expect(lead.banner).toHaveCount(0);
  await expect(desk.ui.approvals.item()).toBeVisible();
});

test('a lead who muted notifications sees no banner; the count still moves', async ({ desk }) => {
  test.skip(desk.target === 'electron', 'the desktop app notifies through the OS instead');
  test.slow(); // two consoles, two cards verified to their limit
  await desk.signIn('lead');
  const lead = desk.ui.alerts;
  await lead.open();
  await lead.muted.check();
  await expect(lead.muted).toBeChecked();

  const agentPage = await desk.secondConsole('agent');
  const agent = consolePages(agentPage);
  const card = await desk.openScenario('code-expired', agentPage);
  for (let miss = 0; miss < 3; miss++) {
    await agent.verification.verifyCaller('1900-01-01', wrongPostcode(card.answers.postcode));
  }
  await expect(agent.verification.status).toHaveAttribute('data-status', 'blocked');
  await expect(lead.badge).toHaveText('1');
  await expect(lead.items).toHaveCount(1);
  await expect(lead.banner).toHaveCount(0);
  await desk.page.setViewportSize({ width: 1280, height: 800 });
  await desk.page.screenshot({ path: test.info().outputPath('lead-notice-muted.en.png') });

  // Unmuted (the choice is the lead's, kept on this computer): the next one is announced.
  await lead.muted.uncheck();
  await desk.ui.topBar.chooseLanguage('en');
  await agent.workspace.back();
  const other = await desk.openScenario('email-bouncing', agentPage);
  for (let miss = 0; miss < 3; miss++) {
    await agent.verification.verifyCaller('1900-01-01', wrongPostcode(other.answers.postcode));
  }
  await expect(lead.badge).toHaveText('2');
  await expect(lead.banner).toHaveAttribute('data-notice-about', 'alert');
  await expect(lead.banner).toContainText(text('en', 'alerts.kind.verification-limit-call'));
  await expect(lead.banner).toContainText('2 open alerts');
});
