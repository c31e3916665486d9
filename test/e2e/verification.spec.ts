/**
 * Caller verification: DOB and postcode answered as a pair, limited per call and per card
 * across calls, checked against what the database recorded — and never stored or shown.
 */
import { Workspace } from '../kit/pages/workspace.ts';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';
import { eraDate, openScenarioCard, toFullWidth, wrongPostcode } from '../kit/flows.ts';

function attempts(desk: DeskFixture) {
  return desk.db.verificationResults().map((result) => ({ result }));
}

test('the caller is verified by DOB and postcode as they say them', async ({ desk }) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const workspace = new Workspace(desk.page);
  await workspace.verifyCaller(
    person.dob.replaceAll('-', '/'),
    `〒${person.postcode.slice(0, 3)}-${person.postcode.slice(3)}`,
  );
  await expect(workspace.verifyStatus).toHaveAttribute('data-status', 'verified');
  expect(attempts(desk)).toEqual([{ result: 'verified' }]);
  const entry = desk.auditActions().findLast((e) => e.action === 'caller.verify')!;
  expect(entry).toMatchObject({ result: 'success', username: 'demo.agent' });
  for (const secret of [person.dob, person.postcode, person.dob.slice(0, 4)])
    expect(entry.details).not.toContain(secret);
  await expect(desk.page.locator('body')).not.toContainText(person.postcode);
});

test('a Japanese era date with full-width digits verifies too', async ({ desk }) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'code-expired');
  const workspace = new Workspace(desk.page);
  await workspace.verifyCaller(toFullWidth(eraDate(person.dob)), toFullWidth(person.postcode));
  await expect(workspace.verifyStatus).toHaveAttribute('data-status', 'verified');
  expect(attempts(desk)).toEqual([{ result: 'verified' }]);
});

test('a wrong pair is "not verified", never which part, and the per-call limit stops it', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const workspace = new Workspace(desk.page);

  await workspace.verifyCaller(person.dob, wrongPostcode(person.postcode));
  await expect(workspace.verifyStatus).toHaveText(
    'Not verified. 2 attempts left before verification stops.',
  );
  const notVerifiedText = await workspace.verifyStatus.textContent();
  for (const word of ['postcode', 'birth', 'DOB']) expect(notVerifiedText).not.toContain(word);

  await workspace.verifyCaller('1900-01-01', person.postcode);
  await expect(workspace.verifyStatus).toHaveText(
    'Not verified. 1 attempt left before verification stops.',
  );
  await workspace.verifyCaller('1900-01-01', wrongPostcode(person.postcode));
  await expect(workspace.verifyStatus).toHaveAttribute('data-status', 'blocked');
  await expect(workspace.verifyStatus).toContainText('escalate to your team lead');
  await expect(workspace.dob).toHaveCount(0);

  // Even the right answer is refused now, by the router itself.
  const refused = await desk.page.evaluate(
    ({ cardId, dob, postcode }) => window.desk.caller.verify({ cardId, dob, postcode }),
    { cardId: person.cards[0]!.publicId, dob: person.dob, postcode: person.postcode },
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  expect(attempts(desk).map((a) => a.result)).toEqual([
    'not-verified',
    'not-verified',
    'not-verified',
  ]);
  const alert = desk.auditActions().find((e) => e.action === 'alert.verification-limit')!;
  expect(alert).toMatchObject({ result: 'alert' });
  expect(JSON.parse(alert.details)).toMatchObject({ limit: 'call', callMisses: 3 });
});

test('misses on a card count across calls: the per-card limit stops a second call', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'english-locked');
  const workspace = new Workspace(desk.page);
  for (let miss = 0; miss < 3; miss++)
    await workspace.verifyCaller(person.dob, wrongPostcode(person.postcode));
  await expect(workspace.verifyStatus).toHaveAttribute('data-status', 'blocked');

  // The next call on the same card (another card in between); each call ends on purpose.
  await desk.ui.workspace.back({ outcome: 'not-verified' });
  await openScenarioCard(desk, 'code-expired');
  await desk.ui.workspace.back({ noOutcome: 'wrong-card' });
  await openScenarioCard(desk, 'english-locked');
  await expect(workspace.verifyStatus).toHaveCount(0);
  await workspace.verifyCaller(person.dob, wrongPostcode(person.postcode));
  await expect(workspace.verifyStatus).toHaveText(
    'Not verified. 1 attempt left before verification stops.',
  );
  await workspace.verifyCaller(person.dob, wrongPostcode(person.postcode));
  await expect(workspace.verifyStatus).toHaveAttribute('data-status', 'blocked');
  await expect(workspace.verifyStatus).toContainText('across calls');

  const calls = desk.db.cardCalls(person.cards[0]!.publicId);
  expect(calls).toEqual([
    { callId: expect.any(String), endReason: 'wrapped-up', answers: 3 },
    { callId: expect.any(String), endReason: null, answers: 2 },
  ]);
  const alerts = desk.auditActions().filter((e) => e.action === 'alert.verification-limit');
  expect(alerts.map((a) => JSON.parse(a.details).limit)).toEqual(['call', 'card']);
  // Opening the card is one audit entry per call.
  const opens = desk.auditActions().filter((e) => e.action === 'card.open');
  expect(opens).toHaveLength(3);
});

test('a verification belongs to its call and expires', async ({ desk }) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'code-expired');
  const workspace = new Workspace(desk.page);
  await workspace.verifyCaller(person.dob, person.postcode);
  await expect(workspace.verifyStatus).toHaveAttribute('data-status', 'verified');
  // The operator stays at the console while the verification runs out (30 minutes by policy).
  for (let minutes = 0; minutes < 30; minutes += 10) {
    await desk.advance(10 * 60_000);
    await desk.page.evaluate(() => window.desk.session.activity());
  }
  await expect(workspace.verifyStatus).toHaveAttribute('data-status', 'expired');
  await expect(workspace.dob).toBeVisible();
  const state = await desk.page.evaluate(
    (cardId) => window.desk.contacts.check({ cardId, kind: 'email', value: 'a@example.jp' }),
    person.cards[0]!.publicId,
  );
  expect(state).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(desk.auditActions().filter((e) => e.action === 'caller.verify')).toHaveLength(1);
});
