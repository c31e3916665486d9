/**
 * Wrap-up: an outcome and a note, checked before it is stored — a card number, a code, an
 * email or a phone number is refused with a clear message and nothing is written — then
 * saved with the call and audited, and the workspace clears for the next call.
 */
import { expect, test, type DeskFixture } from './fixtures.ts';
import { openScenarioCard } from './flows.ts';

const callRow = (desk: DeskFixture) =>
  desk.testDesk
    .inspect()
    .prepare('SELECT outcome, note, end_reason FROM calls ORDER BY id DESC LIMIT 1')
    .get();

test('a note with a card number or a code is refused; a clean one is saved and the workspace clears', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'code-expired');
  const page = desk.page;
  await page.getByTestId('wrap-up-outcome').selectOption('resolved-advice');

  await page
    .getByTestId('wrap-up-note')
    .fill(`Caller read out ${person.cards[0]!.pan.replace(/(\d{4})/gu, '$1 ')}`);
  await page.getByTestId('wrap-up-save').click();
  await expect(page.getByTestId('wrap-up-problems')).toHaveText('The note holds a card number.');

  await page.getByTestId('language').selectOption('ja');
  await page.getByTestId('wrap-up-note').fill('お客様から認証コードは４８２１９３と伺いました');
  await page.getByTestId('wrap-up-save').click();
  await expect(page.getByTestId('wrap-up-problems')).toHaveText(
    'メモに認証コードと思われる数字が含まれています。',
  );
  expect(callRow(desk)).toEqual({ outcome: null, note: null, end_reason: null });

  // The router refuses it too, whatever the page did.
  const refused = await page.evaluate(
    (cardId) =>
      window.desk.calls.wrapUp({ cardId, outcome: 'other', note: 'mail me at someone@example.jp' }),
    person.cards[0]!.publicId,
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(callRow(desk)).toEqual({ outcome: null, note: null, end_reason: null });

  const note = 'コードの有効期限切れ。加盟店サイトで最初からやり直すようご案内。';
  await page.getByTestId('wrap-up-note').fill(note);
  await page.getByTestId('wrap-up-save').click();
  await expect(page.getByTestId('search-notice')).toBeVisible();
  await expect(page.getByTestId('workspace')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(person.name);
  expect(callRow(desk)).toEqual({ outcome: 'resolved-advice', note, end_reason: 'wrapped-up' });
  const entry = desk.auditActions().findLast((e) => e.action === 'call.wrap-up')!;
  expect(JSON.parse(entry.details)).toEqual({
    outcome: 'resolved-advice',
    noteLength: note.length,
  });
});

test('earlier calls on the card are shown with their outcomes', async ({ desk }) => {
  await desk.signIn('agent');
  await openScenarioCard(desk, 'reset-yesterday');
  await expect(desk.page.getByTestId('earlier-reset')).toHaveCount(1);
  await desk.page.getByTestId('wrap-up-outcome').selectOption('escalated');
  await desk.page.getByTestId('wrap-up-save').click();
  await expect(desk.page.getByTestId('search-notice')).toBeVisible();

  await openScenarioCard(desk, 'reset-yesterday');
  const earlier = desk.page.getByTestId('earlier-call');
  await expect(earlier).toHaveCount(1);
  await expect(earlier).toContainText('demo.agent');
  await expect(earlier).toContainText('Escalated');
  const calls = desk.testDesk.inspect().prepare('SELECT outcome FROM calls ORDER BY id').all();
  expect(calls).toEqual([{ outcome: 'escalated' }, { outcome: null }]);
});
