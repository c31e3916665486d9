/**
 * PCI DSS 8.2.8: after 15 minutes idle the console locks, hides all cardholder data, and
 * only the same operator resumes. The clocks of the router and the page move together.
 */
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { CardHeader } from '../kit/pages/card-header.ts';
import { consolePages } from '../kit/pages/console-pages.ts';
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
  const sessionActions = desk.auditActions().filter((e) => e.action.startsWith('session.'));
  expect(sessionActions.at(-1)).toMatchObject({ action: 'session.resume', result: 'success' });
  // The call was kept: the card is back, read again from the router.
  await expect(new CardHeader(desk.page).name).toContainText(person.name);
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
  // The lead signed in after the agent's session ended (and, as a lead, read the queue).
  const after = actions.slice(actions.indexOf(signOut) + 1);
  expect(after[0]).toMatchObject({
    action: 'session.sign-in',
    username: 'demo.lead',
    result: 'success',
  });
  expect(after.every((e) => e.username === 'demo.lead')).toBe(true);
});

test('the call survives the idle lock: a warning a minute before, no cardholder value while locked, and resume returns to the same card, note draft and changes made meanwhile', async ({
  desk,
}) => {
  test.skip(desk.target !== 'browser', 'a lead deciding meanwhile needs a second console');
  await desk.signIn('agent');
  const person = demoScenarioPerson(desk.testDesk.seed, 'reset-yesterday');
  const card = person.cards[0]!;
  await desk.openScenario('reset-yesterday');
  await desk.ui.verification.verifyCaller(person.dob, person.postcode);
  await desk.ui.reset.resetWith('Locked again the day after a reset; caller verified.');
  await expect(desk.ui.reset.approvalState).toHaveAttribute('data-state', 'pending');
  await desk.ui.wrapUp.note.fill('Caller 山田 waiting on hold for a lead');
  const contacts = desk.db.cardFacts(card.publicId).masked;

  // A minute before the lock, a warning; nothing moves yet.
  await desk.advance(14 * 60_000 + 5_000);
  await expect(desk.page.getByTestId('idle-warning')).toBeVisible();
  await expect(desk.ui.card.root).toBeVisible();

  await desk.advance(2 * 60_000);
  const lock = new LockScreen(desk.page);
  await expect(lock.root).toBeVisible();
  const html = await desk.page.content();
  for (const value of [person.name, card.last4, ...contacts, 'Caller 山田'])
    expect(html, `no "${value}" in the locked page`).not.toContain(value);

  // Meanwhile a lead approves in another console.
  const lead = consolePages(await desk.secondConsole('lead'));
  await lead.topBar.openApprovals();
  await expect(lead.approvals.items).toHaveCount(1);
  await lead.approvals.approve(lead.approvals.items, 'Checked the history: genuine mistakes.');

  await lock.resume(demoOperator('agent').password);
  await expect(desk.ui.card.name).toContainText(person.name);
  await expect(desk.ui.wrapUp.note).toHaveValue('Caller 山田 waiting on hold for a lead');
  await expect(desk.ui.reset.approvalState).toHaveAttribute('data-state', 'approved');
  await expect(desk.ui.diagnosis.stage).toHaveAttribute('data-stage', 'reset-approved');
  // The same call: it was never ended, and the card was opened once more within it.
  expect(desk.db.cardCalls(card.publicId).filter((c) => c.endReason === null)).toHaveLength(1);
});
