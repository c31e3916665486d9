/**
 * Contact details as the agent sees them — masked, with status, pending and recent changes
 * and the badges they raise — and the "check what the caller says" field, which answers
 * only after the caller is verified.
 */
import { maskEmail } from '../../shared/input/email.ts';
import { maskPhone } from '../../shared/input/mobile.ts';
import { Workspace } from '../kit/pages/workspace.ts';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';
import { openScenarioCard, toFullWidth } from '../kit/flows.ts';

const checks = (desk: DeskFixture) => desk.db.contactChecks();

test('masked contacts with their status; nothing in clear', async ({ desk }) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'email-bouncing');
  const workspace = new Workspace(desk.page);
  await expect(workspace.contact('mobile')).toContainText(maskPhone(person.mobile!));
  await expect(workspace.contact('email')).toContainText(maskEmail(person.email!));
  await expect(desk.ui.contacts.status('email')).toHaveAttribute('data-status', 'bounced');
  await expect(desk.ui.contacts.status('email')).toHaveText('Bounced');
  const body = desk.page.locator('body');
  await expect(body).not.toContainText(person.email!);
  await expect(body).not.toContainText(person.mobile!.slice(-8));
  for (const badge of ['fraud-hold', 'contact-pending', 'recent-contact-change'] as const)
    await expect(workspace.badge(badge)).toHaveCount(0);
});

test('"none registered", a pending mobile change, a recent change and a fraud hold are flagged', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const workspace = new Workspace(desk.page);
  await openScenarioCard(desk, 'no-contact');
  await expect(desk.ui.contacts.none('mobile')).toHaveText('None registered');
  await expect(desk.ui.contacts.none('email')).toHaveText('None registered');

  await desk.page.keyboard.press('Escape');
  await desk.ui.leaveCall.end({ noOutcome: 'wrong-card' });
  await openScenarioCard(desk, 'mobile-change-pending');
  await expect(workspace.badge('contact-pending')).toBeVisible();
  await expect(desk.ui.contacts.pending('mobile')).toContainText('takes effect');

  await desk.page.keyboard.press('Escape');
  await desk.ui.leaveCall.end({ noOutcome: 'wrong-card' });
  await openScenarioCard(desk, 'recent-mobile-change');
  await expect(workspace.badge('recent-contact-change')).toBeVisible();
  await expect(desk.ui.contacts.recent('mobile')).toContainText('takeover');

  await desk.page.keyboard.press('Escape');
  await desk.ui.leaveCall.end({ noOutcome: 'wrong-card' });
  await openScenarioCard(desk, 'suspected-fraud');
  await expect(workspace.badge('fraud-hold')).toBeVisible();

  const opens = desk.auditActions().filter((e) => e.action === 'card.open');
  expect(opens).toHaveLength(4);
});

test('the contact check is refused before verification and answers after', async ({ desk }) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  const workspace = new Workspace(desk.page);
  await expect(workspace.checkLocked).toBeVisible();
  await expect(workspace.checkValue).toHaveCount(0);
  const early = await desk.page.evaluate(
    ({ cardId, value }) => window.desk.contacts.check({ cardId, kind: 'mobile', value }),
    { cardId, value: person.mobile! },
  );
  expect(early).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  expect(checks(desk)).toEqual([]);

  await workspace.verifyCaller(person.dob, person.postcode);
  const national = `0${person.mobile!.slice(3)}`;
  await workspace.checkContact('mobile', toFullWidth(national));
  await expect(workspace.checkResult).toHaveAttribute('data-match', 'true');
  await expect(workspace.checkResult).toContainText('4 checks left');
  await workspace.checkContact('email', 'someone.else@example.jp');
  await expect(workspace.checkResult).toHaveAttribute('data-match', 'false');
  expect(checks(desk)).toEqual([
    { kind: 'mobile', result: 'match' },
    { kind: 'email', result: 'no-match' },
  ]);
  const entries = desk.auditActions().filter((e) => e.action === 'contact.check');
  expect(entries.map((e) => JSON.parse(e.details))).toEqual([
    expect.objectContaining({
      kind: 'mobile',
      match: true,
      valueHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    }),
    expect.objectContaining({ kind: 'email', match: false }),
  ]);
  for (const entry of entries) {
    expect(entry.details).not.toContain(national.slice(3));
    expect(entry.details).not.toContain('someone.else');
  }
});

test('contact checks are limited per call', async ({ desk }) => {
  desk.testDesk.setPolicy('contactChecksPerCall', 2);
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'code-expired');
  const workspace = new Workspace(desk.page);
  await workspace.verifyCaller(person.dob, person.postcode);
  await workspace.checkContact('email', person.email!);
  await expect(workspace.checkResult).toContainText('1 check left');
  await workspace.checkContact('email', person.email!);
  await expect(workspace.checkResult).toContainText('0 checks left');
  await workspace.checkContact('email', person.email!);
  await expect(workspace.checkError).toHaveText(
    'No more checks for this cardholder for now (in this call or across recent calls).',
  );
  expect(checks(desk)).toHaveLength(2);
  expect(desk.auditActions().findLast((e) => e.action === 'contact.check')).toMatchObject({
    result: 'refused',
  });
});
