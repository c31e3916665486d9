/**
 * Suspected fraud has a next step: the agent transfers the call to the fraud team and records
 * the team's case reference in a field of its own (FR- and six digits, refused otherwise,
 * on the screen and by the router), audited once; the wrap-up shows it and starts from
 * "escalated".
 */
import { expectNoSeriousViolations } from './axe.ts';
import { text } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';

test('the fraud team’s case reference is recorded once, validated, audited and shown in wrap-up', async ({
  desk,
}) => {
  // Two axe runs on a full workspace: slow on a busy machine.
  test.setTimeout(90_000);
  await desk.signIn('agent');
  const person = await desk.openScenario('suspected-fraud');
  const page = desk.page;
  const panel = page.getByTestId('fraud-transfer');
  const caseRef = page.getByTestId('fraud-transfer-case-ref');
  const recordButton = page.getByTestId('fraud-transfer-record');
  await expect(panel).toBeVisible();
  await expectNoSeriousViolations(page, 'fraud transfer (en)');

  await caseRef.fill(person.cardNumber);
  await recordButton.click();
  await expect(page.getByTestId('fraud-transfer-problems')).toHaveText(
    text('en', 'fraudTransfer.badCaseRef').replace('{{example}}', 'FR-123456'),
  );
  // The router refuses it too, whatever the page did, and keeps nothing of it.
  const refused = await page.evaluate(
    ([cardId, typed]) => window.desk.calls.fraudTransfer({ cardId: cardId!, caseRef: typed! }),
    [person.cardId, person.cardNumber],
  );
  expect(refused).toMatchObject({ ok: false, error: { reason: 'call.fraud-case-ref' } });
  expect(desk.auditActions().filter((e) => e.action === 'call.fraud-transfer')).toEqual([]);

  await desk.ui.topBar.chooseLanguage('ja');
  await caseRef.fill('ｆｒ－６５４３２１');
  await recordButton.click();
  await expect(page.getByTestId('fraud-transfer-recorded')).toContainText('FR-654321');
  await expect(page.getByTestId('fraud-transfer-recorded')).toContainText(
    '不正対策チームへ転送しました',
  );
  await expect(page.getByTestId('wrap-up-fraud-transfer')).toHaveText(
    text('ja', 'fraudTransfer.inWrapUp').replace('<ref>{{caseRef}}</ref>', 'FR-654321'),
  );
  await expect(desk.ui.wrapUp.outcome).toHaveValue('escalated');
  await expectNoSeriousViolations(page, 'fraud transfer recorded (ja)');
  desk.expectAudit({
    action: 'call.fraud-transfer',
    username: 'demo.agent',
    details: { caseRef: 'FR-654321' },
    count: 1,
  });

  await desk.ui.wrapUp.save.click();
  await expect(desk.ui.search.notice).toBeVisible();
  expect(desk.db.calls()).toEqual([
    {
      outcome: 'escalated',
      note: '',
      endReason: 'wrapped-up',
      noOutcomeReason: null,
      fraudCaseRef: 'FR-654321',
    },
  ]);
});
