/**
 * PCI DSS 8.2.8: after 15 minutes idle the console locks, hides all cardholder data, and
 * only the same operator resumes. The clocks of the router and the page move together.
 */
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { CardHeader } from '../kit/pages/card-header.ts';
import { LockScreen } from '../kit/pages/lock-screen.ts';
import { SearchPage } from '../kit/pages/search-page.ts';
import { SignInPage } from '../kit/pages/sign-in-page.ts';
import { expect, test } from '../kit/fixtures.ts';

test('idle lock hides cardholder data and resumes only for the same operator', async ({ desk }) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes');
  const card = person.cards[0]!;
  await desk.signIn('agent');
  await new SearchPage(desk.page).byLast4AndSurname(card.last4, person.nameLatin.split(' ')[0]!);
  await new SearchPage(desk.page).result(card.publicId).click();
  await expect(new CardHeader(desk.page).name).toContainText(person.name);

  await desk.advance(16 * 60_000);
  const lock = new LockScreen(desk.page);
  await expect(lock.root).toBeVisible();
  await expect(new CardHeader(desk.page).root).toHaveCount(0);
  await expect(desk.page.locator('body')).not.toContainText(person.name);
  await expect(desk.page.locator('body')).not.toContainText(card.last4);
  expect(desk.auditActions().map((e) => e.action)).toContain('session.idle-lock');

  // Another operator's password does not open this operator's session.
  await lock.resume(demoOperator('lead').password);
  await expect(lock.error).toBeVisible();
  await expect(lock.root).toBeVisible();

  await lock.resume(demoOperator('agent').password);
  await expect(lock.root).toHaveCount(0);
  await expect(desk.ui.topBar.operator).toContainText(demoOperator('agent').displayName);
  expect(desk.auditActions().at(-1)).toMatchObject({ action: 'session.resume', result: 'success' });
});

test('signing in as another operator from the lock screen ends the previous session', async ({
  desk,
}) => {
  await desk.signIn('agent');
  await desk.advance(16 * 60_000);
  const lock = new LockScreen(desk.page);
  await expect(lock.root).toBeVisible();
  await lock.switchOperator.click();
  const lead = demoOperator('lead');
  await new SignInPage(desk.page).signIn(lead.username, lead.password);
  await expect(desk.ui.topBar.operator).toContainText(lead.displayName);
  const actions = desk.auditActions();
  const signOut = actions.find((e) => e.action === 'session.sign-out')!;
  expect(signOut).toMatchObject({ username: 'demo.agent' });
  expect(JSON.parse(signOut.details)).toEqual({ reason: 'replaced' });
  expect(actions.at(-1)).toMatchObject({
    action: 'session.sign-in',
    username: 'demo.lead',
    result: 'success',
  });
});
