/**
 * The audit desk as an auditor uses it, in both languages: lands on the explorer, filters the
 * trail (operator + action + time, result, card), opens an entry, verifies the chain before
 * and after an intruder edits one entry behind the triggers, and exports CSV and JSON Lines —
 * whose files are read back here: the filtered rows, the BOM, and a display name an admin set
 * to a spreadsheet formula neutralised.
 */
import { parse } from 'csv-parse/sync';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';
import { text, type Language } from '../kit/catalog.ts';
import { wrongPostcode } from '../kit/flows.ts';
import { expectNoSeriousViolations } from './axe.ts';

const FORMULA_NAME = '=HYPERLINK("x")';
const FORMULA_OPERATOR = { username: 'formula.agent', password: 'formula-agent-2026' };

/** Some life in the trail before the auditor comes: an agent's call with an alert, and an operator named like a formula. */
async function activity(desk: DeskFixture) {
  await desk.seed.operator({ ...FORMULA_OPERATOR, displayName: FORMULA_NAME, role: 'agent' });
  await desk.signIn('agent');
  const card = await desk.openScenario('locked-wrong-codes');
  for (let miss = 0; miss < 3; miss++) {
    await desk.ui.verification.verifyCaller(card.answers.dob, wrongPostcode(card.answers.postcode));
  }
  await expect(desk.ui.verification.status).toHaveAttribute('data-status', 'blocked');
  await desk.ui.topBar.signOut();
  await desk.ui.signIn.signIn(FORMULA_OPERATOR.username, FORMULA_OPERATOR.password);
  await expect(desk.ui.topBar.operator).toBeVisible();
  await desk.ui.topBar.signOut();
  return card;
}

for (const language of ['en', 'ja'] as const satisfies Language[]) {
  test(`an auditor reads, filters, verifies and exports the trail (${language})`, async ({
    desk,
  }) => {
    const card = await activity(desk);
    await desk.signIn('auditor');
    if (language === 'ja') await desk.ui.topBar.chooseLanguage('ja');
    const audit = desk.ui.audit;

    // Lands on the explorer, newest first.
    await expect(audit.root).toBeVisible();
    await expect(
      desk.page.getByRole('heading', { name: text(language, 'audit.title') }),
    ).toBeVisible();
    await expect(audit.rows.first()).toBeVisible();
    const seqs = await audit.seqs();
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

    // Operator + action + time (the demo's morning, in the viewer's zone: Tokyo).
    await audit.filter({
      operator: 'demo.agent',
      action: 'card.search',
      from: '2026-11-20T09:00',
      to: '2026-11-20T11:00',
    });
    await expect(audit.rows).toHaveCount(1);
    expect(await audit.actions()).toEqual(['card.search']);
    await audit.filter({ operator: 'demo.agent', action: 'card.search', from: '2026-11-20T11:00' });
    await expect(audit.empty).toBeVisible();

    // Result: alert.
    await audit.filter({ result: 'alert' });
    await expect(audit.rows.first()).toBeVisible();
    expect(await audit.actions()).toContain('alert.verification-limit');
    await expect(
      audit.rows.filter({ hasNot: desk.page.locator('.audit-result-alert') }),
    ).toHaveCount(0);

    // Card: a card id from an earlier result.
    await audit.filter({ cardId: card.cardId });
    await expect(audit.rows.first()).toBeVisible();
    const byCard = await audit.actions();
    expect(byCard).toEqual(expect.arrayContaining(['card.search', 'card.open', 'caller.verify']));
    const openedSeq = (await audit.seqs())[byCard.indexOf('card.open')]!;

    // An entry opens to its details, named in the operator's language.
    await audit.row(openedSeq).click();
    await expect(audit.entry).toHaveAttribute('data-seq', String(openedSeq));
    await expect(audit.entry).toContainText(text(language, 'audit.actions.card.open'));
    await expect(audit.entry).toContainText(card.cardId);
    await expectNoSeriousViolations(desk.page, `audit explorer (${language})`);
    await desk.page.screenshot({ path: test.info().outputPath(`audit-explorer.${language}.png`) });

    // Verify an intact trail: progress shown, nothing named.
    await audit.verify();
    await expect(audit.verifyResult).toBeVisible();
    await expect(audit.verifyProgress).toBeVisible();
    await expect
      .poll(() =>
        audit.verifyProgress.evaluate((p: HTMLProgressElement) => p.value === p.max && p.max > 1),
      )
      .toBe(true);
    await expect(audit.verifyResult).toHaveAttribute('data-first-bad', '');
    expect(['intact', 'unanchored-tail']).toContain(
      await audit.verifyResult.getAttribute('data-status'),
    );

    // An intruder edits that entry behind the triggers: the screen names it.
    desk.intruder.tamperAudit(openedSeq, '{"cardId":"crd_someone_else"}');
    await audit.verify();
    await expect(audit.verifyResult).toHaveAttribute('data-status', 'altered');
    await expect(audit.verifyResult).toHaveAttribute('data-first-bad', String(openedSeq));
    await expect(audit.verifyResult).toContainText(`#${openedSeq}`);
    await desk.page.screenshot({ path: test.info().outputPath(`audit-altered.${language}.png`) });

    // Export what the filter shows: the formula-named operator's entries.
    await audit.filter({ operator: FORMULA_OPERATOR.username });
    await expect(audit.rows.first()).toBeVisible();
    const filtered = await audit.rows.count();
    await audit.exportCsv();
    await expect(audit.exportResult).toHaveAttribute('data-format', 'csv');
    await expect(audit.exportResult).toHaveAttribute('data-rows', String(filtered));
    await audit.exportJsonl();
    await expect(audit.exportResult).toHaveAttribute('data-format', 'jsonl');

    const files = desk.db.savedFiles();
    const csv = files.find((f) => f.name.endsWith('.csv'))!;
    const jsonl = files.find((f) => f.name.endsWith('.jsonl'))!;
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(csv.bytes.toString('utf8').slice(1), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(filtered);
    expect(new Set(rows.map((r) => r.operator_name))).toEqual(new Set([`'${FORMULA_NAME}`]));
    const lines = jsonl.bytes.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(filtered);
    expect(lines.map((l) => JSON.parse(l).operator)).toEqual(rows.map((r) => r.operator));

    // Each export and each read is in the trail, with who and the hash of the file.
    const exports = desk.expectAudit({
      action: 'audit.export',
      username: 'demo.auditor',
      count: 2,
    });
    expect(exports.map((e) => JSON.parse(e.details).rows)).toEqual([filtered, filtered]);
    desk.expectAudit({
      action: 'audit.list',
      username: 'demo.auditor',
      details: { filter: { result: 'alert' } },
    });
  });
}

test('a team lead opens the audit trail from the top bar; an agent has no way there', async ({
  desk,
}) => {
  await desk.signIn('lead');
  await desk.ui.audit.nav.click();
  await expect(desk.ui.audit.root).toBeVisible();
  await desk.ui.audit.filter({ action: 'session.sign-in', operator: 'demo.lead' });
  await expect(desk.ui.audit.rows).toHaveCount(1);
  await desk.ui.audit.nav.click();
  await expect(desk.ui.audit.root).toHaveCount(0);
  await desk.ui.topBar.signOut();
  await desk.signIn('agent');
  await expect(desk.ui.topBar.operator).toBeVisible();
  await expect(desk.ui.audit.nav).toHaveCount(0);
  await expect(desk.ui.audit.root).toHaveCount(0);
});
