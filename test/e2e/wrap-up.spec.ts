/**
 * Wrap-up: an outcome and a note, checked before it is stored — a card number, a code, an
 * email or a phone number is refused with a clear message and nothing is written — then
 * saved with the call and audited, and the workspace clears for the next call.
 */
import { consolePages as ui } from '../kit/pages/console-pages.ts';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';

const callRow = (desk: DeskFixture) => {
  const last = desk.db.calls().at(-1)!;
  return { outcome: last.outcome, note: last.note, end_reason: last.endReason };
};

test('a note with a card number or a code is refused; a clean one is saved and the workspace clears', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'code-expired');
  const page = desk.page;
  await ui(page).wrapUp.outcome.selectOption('resolved-advice');

  await ui(page).wrapUp.note.fill(
    `Caller read out ${person.cards[0]!.pan.replace(/(\d{4})/gu, '$1 ')}`,
  );
  await ui(page).wrapUp.save.click();
  await expect(ui(page).wrapUp.problems).toHaveText('The note holds a card number.');

  await ui(page).topBar.language.selectOption('ja');
  await ui(page).wrapUp.note.fill('お客様から認証コードは４８２１９３と伺いました');
  await ui(page).wrapUp.save.click();
  await expect(ui(page).wrapUp.problems).toHaveText(
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
  await ui(page).wrapUp.note.fill(note);
  await ui(page).wrapUp.save.click();
  await expect(ui(page).search.notice).toBeVisible();
  await expect(ui(page).workspace.root).toHaveCount(0);
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
  await expect(desk.ui.workspace.earlierResets).toHaveCount(1);
  await desk.ui.wrapUp.outcome.selectOption('escalated');
  await desk.ui.wrapUp.save.click();
  await expect(desk.ui.search.notice).toBeVisible();

  await openScenarioCard(desk, 'reset-yesterday');
  const earlier = desk.ui.workspace.earlierCalls;
  await expect(earlier).toHaveCount(1);
  await expect(earlier).toContainText('demo.agent');
  await expect(earlier).toContainText('Escalated');
  const calls = desk.db.calls().map(({ outcome }) => ({ outcome }));
  expect(calls).toEqual([{ outcome: 'escalated' }, { outcome: null }]);
});
