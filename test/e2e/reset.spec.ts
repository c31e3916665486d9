/**
 * Resetting the lock from the console: disabled with the exact reason until it is allowed;
 * an agent verifies the caller and resets, and the test process sees the lock cleared, the
 * audit entry and the outbox row applied. The next day a second reset needs a team lead: the
 * request is approved from a second console and the agent's screen updates without reload.
 */
import Database from 'better-sqlite3';
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { expect, test, type DeskFixture } from './fixtures.ts';
import { openScenarioCard } from './flows.ts';
import { ResetPanel } from './pages/reset-panel.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import { Workspace } from './pages/workspace.ts';

const lockRow = (desk: DeskFixture, cardId: string) =>
  desk.testDesk
    .inspect()
    .prepare(
      `SELECT l.cleared_at FROM lockouts l JOIN cards c ON c.id = l.card_id
       WHERE c.public_id = ? ORDER BY l.since DESC LIMIT 1`,
    )
    .get(cardId) as { cleared_at: string | null };

const outboxRows = (desk: DeskFixture, cardId: string) =>
  desk.testDesk
    .inspect()
    .prepare(
      `SELECT x.state, x.idempotency_key AS key FROM reset_outbox x JOIN resets r ON r.id = x.reset_id
       JOIN cards c ON c.id = r.card_id WHERE c.public_id = ?`,
    )
    .all(cardId);

test('the agent verifies the caller and resets the lock; it is cleared, audited and applied once', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  const page = desk.page;

  await expect(page.getByTestId('reset-open')).toBeDisabled();
  await expect(page.getByTestId('reset-why')).toHaveText(
    'Verify the caller first: a reset needs a verified caller in this call.',
  );
  await new Workspace(page).verifyCaller(person.dob, person.postcode);
  await expect(page.getByTestId('reset-open')).toBeEnabled();

  // The dialog asks for a reason and a note, and checks the note like a wrap-up note.
  await page.getByTestId('reset-open').click();
  await page.getByTestId('reset-confirm').click();
  await expect(page.getByTestId('reset-problems')).toContainText('Choose a reason.');
  await page.getByTestId('reset-reason').selectOption('cardholder-mistyped-code');
  await page.getByTestId('reset-note').fill('Caller said the code was 482193');
  await page.getByTestId('reset-confirm').click();
  await expect(page.getByTestId('reset-problems')).toHaveText(
    'The note holds what looks like a one-time code.',
  );
  await expectNoSeriousViolations(page, 'the reset dialog with a refused note');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('reset-dialog')).toHaveCount(0);
  await expect(page.getByTestId('card-header')).toBeVisible();
  expect(outboxRows(desk, cardId)).toEqual([]);

  await new ResetPanel(page).resetWith('Caller verified; mistyped the code three times.');
  await expect(page.getByTestId('reset-state')).toHaveAttribute('data-state', 'applied');
  await expect(page.getByTestId('card-lock-badge')).toHaveText('Not locked');
  await expect(page.getByTestId('reset-open')).toBeDisabled();
  await expect(page.getByTestId('reset-why')).toHaveAttribute('data-refusal', 'not-locked');
  await expect(page.getByTestId('earlier-reset')).toHaveCount(1);

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
  await expect(desk.page.getByTestId('reset-why')).toHaveAttribute('data-refusal', 'fraud');
  await expect(desk.page.getByTestId('reset-why')).toHaveText(
    'Fraud is suspected: never reset. Transfer the call to the fraud team.',
  );
  await expect(desk.page.getByTestId('reset-open')).toBeDisabled();
  await desk.page.getByTestId('language').selectOption('ja');
  await expect(desk.page.getByTestId('reset-why')).toHaveText(
    '不正利用の疑いがあります。解除は行わず、不正対策チームへ転送してください。',
  );
});

test('next day, a second reset becomes a request; a lead approves it in another console, and the agent sees the card unlock', async ({
  desk,
}) => {
  test.skip(desk.target !== 'browser', 'two consoles on one core run on the browser target');
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  const agent = desk.page;
  await new Workspace(agent).verifyCaller(person.dob, person.postcode);
  await new ResetPanel(agent).resetWith('Caller verified; mistyped the code three times.');
  await expect(agent.getByTestId('reset-state')).toHaveAttribute('data-state', 'applied');
  await agent.getByTestId('signout').click();

  // The next morning the card is locked again after three more wrong codes.
  const nextDay = 20 * 3_600_000;
  desk.testDesk.clock.advance(nextDay);
  await agent.clock.fastForward(nextDay);
  const now = desk.testDesk.clock.now().getTime();
  const db = new Database(desk.testDesk.dbPath);
  db.prepare(
    `INSERT INTO lockouts (card_id, cause, since, until)
     SELECT id, 'wrong_codes', ?, ? FROM cards WHERE public_id = ?`,
  ).run(
    new Date(now - 5 * 60_000).toISOString(),
    new Date(now + 25 * 60_000).toISOString(),
    cardId,
  );
  db.close();

  const operator = demoOperator('agent');
  await new SignInPage(agent).signIn(operator.username, operator.password);
  await openScenarioCard(desk, 'locked-wrong-codes');
  await new Workspace(agent).verifyCaller(person.dob, person.postcode);
  await expect(agent.getByTestId('reset-escalation')).toContainText(
    'the card was already reset recently',
  );
  await expect(agent.getByTestId('reset-open')).toHaveText('Ask a team lead to approve a reset…');
  await new ResetPanel(agent).resetWith('Locked again the day after a reset; caller verified.');
  await expect(agent.getByTestId('approval-state')).toHaveAttribute('data-state', 'pending');
  await expect(agent.getByTestId('card-lock-badge')).toContainText('LOCKED');
  expect(outboxRows(desk, cardId)).toHaveLength(1);

  // The lead, in a second console on the same core.
  const lead = await desk.secondConsole('lead');
  await lead.getByTestId('nav-approvals').click();
  const item = lead.getByTestId('approval-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(person.name);
  await expect(item).toContainText('the card was already reset recently');
  await expectNoSeriousViolations(lead, 'the approval queue');
  await item.getByTestId('approval-note').fill('Checked the history: genuine mistakes.');
  await item.getByTestId('approval-approve').click();
  await expect(lead.getByTestId('approvals-count')).toHaveText('0 requests waiting');

  // The agent's screen follows without a reload.
  await expect(agent.getByTestId('approval-state')).toHaveAttribute('data-state', 'approved');
  await expect(agent.getByTestId('approval-state')).toContainText('demo.lead');
  await expect(agent.getByTestId('reset-state')).toHaveAttribute('data-state', 'applied');
  await expect(agent.getByTestId('card-lock-badge')).toHaveText('Not locked');

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
  await expect(page.getByTestId('card-lock-badge')).toHaveText('Not locked');
  await expect(page.getByTestId('earlier-reset')).toHaveCount(1);
  await expect(reset.why).toHaveAttribute('data-refusal', 'not-locked');
  // Nothing more trickles in once the screen has settled (a third call would show here).
  await page.waitForTimeout(500);
  expect(ipc.channels.slice(before)).toEqual(['lockout.reset', 'cards.open']);
});
