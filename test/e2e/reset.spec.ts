/**
 * Resetting the lock from the console: disabled with the exact reason until it is allowed;
 * an agent verifies the caller and resets, and the test process sees the lock cleared, the
 * audit entry and the outbox row applied. The next day a second reset needs a team lead: the
 * request is approved from a second console and the agent's screen updates without reload.
 */
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { consolePages as ui } from '../kit/pages/console-pages.ts';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';
import { ResetPanel } from '../kit/pages/reset-panel.ts';
import { SignInPage } from '../kit/pages/sign-in-page.ts';
import { Workspace } from '../kit/pages/workspace.ts';

const lockRow = (desk: DeskFixture, cardId: string) => ({
  cleared_at: desk.db.latestLock(cardId).clearedAt,
});

const outboxRows = (desk: DeskFixture, cardId: string) => desk.db.outbox(cardId);

test('the agent verifies the caller and resets the lock; it is cleared, audited and applied once', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  const page = desk.page;

  await expect(ui(page).reset.open).toBeDisabled();
  await expect(ui(page).reset.why).toHaveText(
    'Verify the caller first: a reset needs a verified caller in this call.',
  );
  await new Workspace(page).verifyCaller(person.dob, person.postcode);
  await expect(ui(page).reset.open).toBeEnabled();

  // The dialog asks for a reason and a note, and checks the note like a wrap-up note.
  await ui(page).reset.open.click();
  await ui(page).reset.confirm.click();
  await expect(ui(page).reset.problems).toContainText('Choose a reason.');
  await ui(page).reset.reason.selectOption('cardholder-mistyped-code');
  await ui(page).reset.note.fill('Caller said the code was 482193');
  await ui(page).reset.confirm.click();
  await expect(ui(page).reset.problems).toHaveText(
    'The note holds what looks like a one-time code.',
  );
  await expectNoSeriousViolations(page, 'the reset dialog with a refused note');
  await page.keyboard.press('Escape');
  await expect(ui(page).reset.dialog).toHaveCount(0);
  await expect(ui(page).card.root).toBeVisible();
  expect(outboxRows(desk, cardId)).toEqual([]);

  await new ResetPanel(page).resetWith('Caller verified; mistyped the code three times.');
  await expect(ui(page).reset.state).toHaveAttribute('data-state', 'applied');
  await expect(ui(page).card.lockBadge).toHaveText('Not locked');
  await expect(ui(page).reset.open).toBeDisabled();
  await expect(ui(page).reset.why).toHaveAttribute('data-refusal', 'not-locked');
  await expect(ui(page).workspace.earlierResets).toHaveCount(1);

  expect(lockRow(desk, cardId).cleared_at).toBe(desk.testDesk.clock.now().toISOString());
  expect(outboxRows(desk, cardId)).toEqual([
    { state: 'applied', key: expect.stringContaining(cardId) },
  ]);
  const resets = desk.auditActions().filter((e) => e.action === 'lockout.reset');
  expect(resets).toHaveLength(1);
  expect(JSON.parse(resets[0]!.details)).toMatchObject({
    reason: 'cardholder-mistyped-code',
    noteLength: 'Caller verified; mistyped the code three times.'.length,
  });
  expect(desk.auditActions().filter((e) => e.action === 'lockout.reset-applied')).toEqual([
    expect.objectContaining({ result: 'success', username: 'demo.agent' }),
  ]);
});

test('a fraud hold keeps the button disabled, with the reason, even for a verified caller', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'suspected-fraud');
  await new Workspace(desk.page).verifyCaller(person.dob, person.postcode);
  await expect(desk.ui.reset.why).toHaveAttribute('data-refusal', 'fraud');
  await expect(desk.ui.reset.why).toHaveText(
    'Fraud is suspected: never reset. Transfer the call to the fraud team.',
  );
  await expect(desk.ui.reset.open).toBeDisabled();
  await desk.ui.topBar.language.selectOption('ja');
  await expect(desk.ui.reset.why).toHaveText(
    '不正利用の疑いがあります。解除は行わず、不正対策チームへ転送してください。',
  );
});

test('next day, a second reset becomes a request; a lead approves it in another console, and the agent sees the card unlock', async ({
  desk,
}) => {
  test.skip(desk.target === 'electron', 'two consoles on one core run on the browser targets');
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  const agent = desk.page;
  await new Workspace(agent).verifyCaller(person.dob, person.postcode);
  await new ResetPanel(agent).resetWith('Caller verified; mistyped the code three times.');
  await expect(ui(agent).reset.state).toHaveAttribute('data-state', 'applied');
  await ui(agent).topBar.signOut({ outcome: 'resolved-reset' });

  // The next morning the card is locked again after three more wrong codes.
  const nextDay = 20 * 3_600_000;
  desk.testDesk.clock.advance(nextDay);
  await agent.clock.fastForward(nextDay);
  desk.seed.lock(cardId, { agoMinutes: 5, forMinutes: 25 });

  const operator = demoOperator('agent');
  await new SignInPage(agent).signIn(operator.username, operator.password);
  await openScenarioCard(desk, 'locked-wrong-codes');
  await new Workspace(agent).verifyCaller(person.dob, person.postcode);
  await expect(ui(agent).reset.escalation).toContainText('the card was already reset recently');
  await expect(ui(agent).reset.open).toHaveText('Ask a team lead to approve a reset…');
  await new ResetPanel(agent).resetWith('Locked again the day after a reset; caller verified.');
  await expect(ui(agent).reset.approvalState).toHaveAttribute('data-state', 'pending');
  await expect(ui(agent).card.lockBadge).toContainText('LOCKED');
  expect(outboxRows(desk, cardId)).toHaveLength(1);

  // The lead, in a second console on the same core.
  const lead = await desk.secondConsole('lead');
  await ui(lead).topBar.approvals.click();
  const item = ui(lead).approvals.items;
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(person.name);
  await expect(item).toContainText('the card was already reset recently');
  await expectNoSeriousViolations(lead, 'the approval queue');
  await ui(lead).approvals.approve(item, 'Checked the history: genuine mistakes.');
  await expect(ui(lead).approvals.count).toHaveText('0 requests waiting');

  // The agent's screen follows without a reload.
  await expect(ui(agent).reset.approvalState).toHaveAttribute('data-state', 'approved');
  await expect(ui(agent).reset.approvalState).toContainText('demo.lead');
  await expect(ui(agent).reset.state).toHaveAttribute('data-state', 'applied');
  await expect(ui(agent).card.lockBadge).toHaveText('Not locked');

  expect(lockRow(desk, cardId).cleared_at).toBe(desk.testDesk.clock.now().toISOString());
  expect(outboxRows(desk, cardId)).toEqual([
    { state: 'applied', key: expect.any(String) },
    { state: 'applied', key: expect.any(String) },
  ]);
  const actions = desk.auditActions().map((e) => e.action);
  expect(actions.filter((a) => a === 'approval.request')).toHaveLength(1);
  expect(actions.filter((a) => a === 'approval.decide')).toHaveLength(1);
  expect(actions.filter((a) => a === 'lockout.reset')).toHaveLength(2);
});

test('one reset click costs two round trips: the reset, and reading the header again', async ({
  desk,
}) => {
  test.skip(desk.ipc === null, 'the browser target counts what crosses the page bridge');
  const ipc = desk.ipc!;
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const page = desk.page;
  await new Workspace(page).verifyCaller(person.dob, person.postcode);
  const reset = new ResetPanel(page);
  await expect(reset.open).toBeEnabled();
  await reset.fillDialog('Caller verified; mistyped the code three times.');

  const before = ipc.channels.length;
  await reset.confirm.click();
  await expect(reset.dialog).toHaveCount(0);
  await expect(reset.state).toHaveAttribute('data-state', 'applied');
  await expect(ui(page).card.lockBadge).toHaveText('Not locked');
  await expect(ui(page).workspace.earlierResets).toHaveCount(1);
  await expect(reset.why).toHaveAttribute('data-refusal', 'not-locked');
  // Nothing more trickles in once the screen has settled (a third call would show here).
  await page.waitForTimeout(500);
  expect(ipc.channels.slice(before)).toEqual(['lockout.reset', 'cards.open']);
});
