/**
 * The team's day on screen: after a small known piece of work by an agent in another
 * console, the lead's tables show the numbers main counted (the same as team.day answers),
 * with the chart, in English and in Japanese; axe finds nothing serious; screenshots of the
 * screen and of the tray at 1280×800 in both languages go to the test's output.
 */
import { expect, test } from '../kit/fixtures.ts';
import { text } from '../kit/catalog.ts';
import { consolePages } from '../kit/pages/console-pages.ts';
import { wrongPostcode } from '../kit/flows.ts';
import { expectNoSeriousViolations } from './axe.ts';

test('the lead reads the team’s day as tables and a chart, in both languages', async ({ desk }) => {
  test.skip(desk.target === 'electron', 'a second console runs on the browser and server targets');
  test.slow(); // two consoles, axe twice and four screenshots
  const agentPage = await desk.secondConsole('agent');
  const agent = consolePages(agentPage);
  const card = await desk.openScenario('code-expired', agentPage);
  for (let miss = 0; miss < 3; miss++) {
    await agent.verification.verifyCaller('1900-01-01', wrongPostcode(card.answers.postcode));
  }

  await desk.signIn('lead');
  await desk.page.setViewportSize({ width: 1280, height: 800 });
  await desk.page.getByTestId('nav-team').click();
  const totals = desk.page.getByTestId('team-totals').locator('tbody tr');
  const cell = (figure: string) => totals.locator(`td[data-figure="${figure}"]`);
  await expect(cell('calls')).toHaveText('1');
  await expect(cell('verificationsFailed')).toHaveText('3');
  await expect(cell('verificationsPassed')).toHaveText('0');
  await expect(cell('alerts')).toHaveText('1');
  await expect(desk.page.getByTestId('team-chart')).toBeVisible();
  await expect(
    desk.page
      .getByTestId('team-agents')
      .locator('tbody tr[data-row="demo.agent"] td[data-figure="calls"]'),
  ).toHaveText('1');

  // The screen shows what the channel answers, number for number.
  const answered = await desk.page.evaluate(() =>
    window.desk.team.day({ date: '2026-11-20', span: 'day', utcOffsetMinutes: 540 }),
  );
  if (!answered.ok) throw new Error(answered.error.reason);
  for (const [figure, n] of Object.entries(answered.value.totals)) {
    await expect(cell(figure)).toHaveText(String(n));
  }
  await expectNoSeriousViolations(desk.page, 'the team’s day');
  // The same figures as CSV, written by main where the lead chooses, and audited.
  await desk.page.getByTestId('team-export').click();
  await expect(desk.page.getByTestId('team-export-result')).toHaveAttribute('data-rows', '26');
  const [file] = desk.db.savedFiles().filter((f) => f.name.startsWith('team-'));
  expect(file!.name).toBe('team-day-2026-11-20.csv');
  desk.expectAudit({ action: 'team.export', username: 'demo.lead', count: 1 });
  await desk.page.screenshot({ path: test.info().outputPath('team-day.en.png') });
  await desk.ui.alerts.open();
  await desk.page.screenshot({ path: test.info().outputPath('alerts.en.png') });

  await desk.ui.topBar.chooseLanguage('ja');
  await expect(desk.ui.alerts.count).toHaveText('未確認のアラート 1 件');
  await desk.page.screenshot({ path: test.info().outputPath('alerts.ja.png') });
  await desk.page.getByTestId('nav-team').click();
  await expect(desk.page.getByRole('heading', { name: text('ja', 'team.title') })).toBeVisible();
  await expect(cell('verificationsFailed')).toHaveText('3');
  await expectNoSeriousViolations(desk.page, 'チームの一日');
  await desk.page.screenshot({ path: test.info().outputPath('team-day.ja.png') });
});
