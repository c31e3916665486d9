/**
 * The first slice as an agent does it: sign in, find the caller's card by last 4 and
 * surname, open it, read the header with its live lock. The database is checked from the
 * test process, so a stub window.desk could not pass.
 */
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { CardHeader } from '../kit/pages/card-header.ts';
import { SearchPage } from '../kit/pages/search-page.ts';
import { expect, test } from '../kit/fixtures.ts';

test('agent finds a locked card by last 4 and surname and sees the live lock', async ({ desk }) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes');
  const card = person.cards[0]!;
  await desk.signIn('agent');

  const search = new SearchPage(desk.page);
  await search.byLast4AndSurname(card.last4, person.nameLatin.split(' ')[0]!);
  const result = search.result(card.publicId);
  await expect(result).toContainText(`•••• ${card.last4}`);
  await expect(result).toContainText(person.name);
  await expect(desk.page.locator('body')).not.toContainText(card.pan);

  await result.click();
  const header = new CardHeader(desk.page);
  await expect(header.name).toContainText(person.name);
  await expect(header.masked).toHaveText(`${card.brand} •••• ${card.last4}`);
  await expect(header.lockBadge).toBeVisible();
  await expect(header.dataAsOf).toBeVisible();

  // The countdown runs on the router's clock: a minute later it shows a minute less.
  const before = await header.countdown.textContent();
  await desk.advance(60_000);
  await expect(header.countdown).not.toHaveText(before ?? '');

  const actions = desk.auditActions();
  expect(actions.map((entry) => entry.action)).toEqual(
    expect.arrayContaining(['session.sign-in', 'card.search', 'card.open']),
  );
  const searchEntry = actions.find((entry) => entry.action === 'card.search')!;
  expect(searchEntry.username).toBe('demo.agent');
  expect(JSON.parse(searchEntry.details)).toMatchObject({
    key: 'last4-surname',
    valueHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    cardIds: expect.arrayContaining([card.publicId]),
  });
  // Never what the agent typed.
  expect(searchEntry.details).not.toContain(card.last4);
  expect(searchEntry.details.toLowerCase()).not.toContain('sato');
});

test('a search in kana finds the same card', async ({ desk }) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes');
  const card = person.cards[0]!;
  await desk.signIn('agent');
  const search = new SearchPage(desk.page);
  await search.byLast4AndSurname(card.last4, person.surnameReadings[0]!);
  await expect(search.result(card.publicId)).toBeVisible();
});

test('nothing matched is said clearly', async ({ desk }) => {
  await desk.signIn('agent');
  const search = new SearchPage(desk.page);
  await search.byLast4AndSurname('0000', 'Nobody');
  await expect(search.empty).toBeVisible();
  const entry = desk.auditActions().findLast((e) => e.action === 'card.search')!;
  expect(JSON.parse(entry.details).cardIds).toEqual([]);
});
