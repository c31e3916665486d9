/**
 * The lead's alerts, live: an agent in a second console exhausts the verification attempts
 * of a call, and the lead's badge counts it at once, the banner announces it, the tray names
 * the agent; the lead acknowledges it with a note, and the audit trail holds both. A
 * card-number sweep by the agent (known BIN + last 4, every Luhn-valid middle) shows as an
 * alert too. Nothing is reloaded: the count and the tray follow the events.
 */
import { luhnValid } from '../../shared/cards/luhn.ts';
import { consolePages } from '../kit/pages/console-pages.ts';
import { expect, test } from '../kit/fixtures.ts';
import { text } from '../kit/catalog.ts';
import { wrongPostcode } from '../kit/flows.ts';

test('an agent exhausting verification alerts the lead live; acknowledged with a note, both audited', async ({
  desk,
}) => {
  test.skip(desk.target === 'electron', 'a second console runs on the browser and server targets');
  await desk.signIn('lead');
  const lead = desk.ui.alerts;
  await expect(lead.badge).toHaveText('0');

  const agentPage = await desk.secondConsole('agent');
  const agent = consolePages(agentPage);
  const card = await desk.openScenario('code-expired', agentPage);
  for (let miss = 0; miss < 3; miss++) {
    await agent.verification.verifyCaller('1900-01-01', wrongPostcode(card.answers.postcode));
  }
  await expect(agent.verification.status).toHaveAttribute('data-status', 'blocked');

  // Live, without a reload: the badge counts it and the banner announces it.
  await expect(lead.badge).toHaveText('1');
  await expect(lead.banner).toContainText(text('en', 'alerts.kind.verification-limit-call'));
  await lead.open();
  const item = lead.item('verification-limit-call');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('alert-who')).toContainText('demo.agent');
  await expect(lead.count).toHaveText('1 open alert');

  // A note that smuggles a card number is refused on the screen; a plain one is taken.
  await lead.acknowledge(item, `Read ${card.cardNumber} back to me`);
  await expect(lead.problems(item)).toBeVisible();
  await lead.acknowledge(item, 'Spoke with the agent: the caller was unsure of their details.');
  await expect(lead.items).toHaveCount(0);
  await expect(lead.badge).toHaveText('0');
  await expect(lead.acknowledged).toHaveCount(1);

  const [raised] = desk.expectAudit({
    action: 'alert.verification-limit',
    result: 'alert',
    username: 'demo.agent',
    count: 1,
  });
  expect(JSON.parse(raised!.details)).toMatchObject({ limit: 'call' });
  desk.expectAudit({ action: 'alert.acknowledge', username: 'demo.lead', count: 1 });
});

test('a card-number sweep by an agent shows as an alert in the lead’s tray', async ({ desk }) => {
  test.skip(desk.target === 'electron', 'a second console runs on the browser and server targets');
  await desk.signIn('lead');
  await desk.ui.alerts.open();
  await expect(desk.ui.alerts.count).toHaveText('0 open alerts');

  const agentPage = await desk.secondConsole('agent');
  const pan = desk.scenario('locked-wrong-codes').cardNumber;
  const candidates: string[] = [];
  for (let n = 0; candidates.length < 15; n++) {
    const number = `${pan.slice(0, 6)}${String(n).padStart(pan.length - 10, '0')}${pan.slice(-4)}`;
    if (luhnValid(number) && number !== pan) candidates.push(number);
  }
  const refused = await agentPage.evaluate(async (numbers) => {
    let refusals = 0;
    for (const number of numbers) {
      const result = await window.desk.cards.search({ key: 'card-number', number });
      if (!result.ok) refusals++;
    }
    return refusals;
  }, candidates);
  expect(refused).toBeGreaterThan(0);

  const item = desk.ui.alerts.item('search-sweep');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(text('en', 'alerts.scopes.misses'));
  await expect(desk.ui.alerts.badge).toHaveText('1');
  desk.expectAudit({ action: 'alert.search-limit', username: 'demo.agent', count: 1 });
});
