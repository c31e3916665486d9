import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { openConsole } from '../harness/attach-page.ts';
import { SignInPage } from '../kit/pages/sign-in-page.ts';
import { expect, test } from '../kit/fixtures.ts';

test('a wrong password is refused with a clear message and audited with the username', async ({
  desk,
}) => {
  await openConsole(desk.page);
  const signIn = new SignInPage(desk.page);
  await signIn.signIn('demo.agent', 'not-the-password-1');
  await expect(signIn.error).toBeVisible();
  await expect(desk.ui.topBar.operator).toHaveCount(0);
  const failure = desk.auditActions().at(-1)!;
  expect(failure).toMatchObject({
    action: 'session.sign-in',
    result: 'failure',
    username: 'demo.agent',
  });
  expect(failure.details).not.toContain('not-the-password');
});

test('an unknown username is not written to the audit trail', async ({ desk }) => {
  await openConsole(desk.page);
  const signIn = new SignInPage(desk.page);
  // People type passwords into the username field.
  await signIn.signIn('agent-demo-2026', 'whatever-1234');
  await expect(signIn.error).toBeVisible();
  const failure = desk.auditActions().at(-1)!;
  expect(failure).toMatchObject({ action: 'session.sign-in', result: 'failure', username: null });
  expect(JSON.stringify(desk.auditActions())).not.toContain('agent-demo-2026');
});

test('the account locks after the failure limit, even for the right password', async ({ desk }) => {
  await openConsole(desk.page);
  const signIn = new SignInPage(desk.page);
  const limit = 6; // policy default (PCI DSS 8.3.4: at most 10)
  for (let attempt = 0; attempt < limit; attempt++) {
    await signIn.signIn('demo.agent', `wrong-password-${attempt}`);
    await expect(signIn.error).toBeVisible();
  }
  await expect(signIn.error).toContainText(/locked/i);
  await signIn.signIn('demo.agent', demoOperator('agent').password);
  await expect(signIn.error).toContainText(/locked/i);
  await expect(desk.ui.topBar.operator).toHaveCount(0);

  const actions = desk.auditActions();
  expect(actions.filter((e) => e.action === 'operator.locked-out')).toHaveLength(1);
  expect(actions.at(-1)).toMatchObject({ action: 'session.sign-in', result: 'failure' });
  expect(JSON.parse(actions.at(-1)!.details)).toEqual({ reason: 'locked' });

  // Thirty minutes later (policy minimum) the account opens again.
  await desk.advance(31 * 60_000);
  await signIn.signIn('demo.agent', demoOperator('agent').password);
  await expect(desk.ui.topBar.operator).toBeVisible();
});
