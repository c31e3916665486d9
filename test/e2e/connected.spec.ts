/**
 * Connected mode (server target): the desk server goes away in the middle of a call. The
 * console says so at once and pauses its controls; when the server is back the console
 * reconnects by itself, the agent is in the same call with the caller still verified, and
 * the reset goes through.
 */
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';
import { consolePages as ui } from '../kit/pages/console-pages.ts';
import { ResetPanel } from '../kit/pages/reset-panel.ts';
import { Workspace } from '../kit/pages/workspace.ts';

test('the server restarts mid-call: the outage is shown, controls pause, and the call carries on afterwards', async ({
  desk,
}, testInfo) => {
  test.skip(desk.target !== 'server', 'connected mode runs on the server target');
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  const page = desk.page;
  await new Workspace(page).verifyCaller(person.dob, person.postcode);
  await expect(ui(page).reset.open).toBeEnabled();
  const banner = page.getByTestId('connection-lost');
  await expect(banner).toHaveCount(0);

  await desk.server!.outage(async () => {
    await expect(banner).toHaveText(
      'The connection to the desk server is lost. Reconnecting… Your call is kept on the server; actions are paused until the connection is back.',
    );
    await expect(page.locator('main')).toHaveAttribute('inert', '');
    await page.screenshot({ path: testInfo.outputPath('connection-lost-en.png') });
    await ui(page).topBar.language.selectOption('ja');
    await expect(banner).toContainText('デスクサーバーとの接続が切れました。');
    await page.screenshot({ path: testInfo.outputPath('connection-lost-ja.png') });
    await ui(page).topBar.language.selectOption('en');
  });

  // Back by itself: the same call, the caller still verified, the reset allowed.
  await expect(banner).toHaveCount(0, { timeout: 10_000 });
  await expect(page.locator('main')).not.toHaveAttribute('inert', '');
  await expect(ui(page).card.root).toBeVisible();
  await expect(ui(page).reset.open).toBeEnabled();
  await new ResetPanel(page).resetWith('Caller verified before the server restarted.');
  await expect(ui(page).reset.state).toHaveAttribute('data-state', 'applied');
  expect(desk.db.outbox(cardId)).toHaveLength(1);
  desk.expectAudit({ action: 'lockout.reset', count: 1 });
});
