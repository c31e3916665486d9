/**
 * One test per scenario an agent meets: the workspace names the likely cause first and gives
 * the script in the caller's language — English and Japanese — always with "codes are never
 * given by phone". The database is checked from the test process.
 */
import { CODES_NEVER_BY_PHONE, SCRIPTS } from '../../shared/diagnosis/scripts.ts';
import type { CauseCode } from '../../shared/diagnosis/causes.ts';
import { expect, test, type DeskFixture } from './fixtures.ts';
import { openScenarioCard, type Scenario } from './flows.ts';

const CASES: [Scenario, CauseCode][] = [
  ['locked-wrong-codes', 'locked-wrong-codes'],
  ['code-expired', 'code-expired'],
  ['code-to-old-mobile', 'old-destination'],
  ['email-bouncing', 'delivery-failing'],
  ['no-contact', 'no-contact'],
  ['mobile-change-pending', 'mobile-change-pending'],
  ['suspected-fraud', 'suspected-fraud'],
];

async function expectScript(desk: DeskFixture, cause: CauseCode, language: 'en' | 'ja') {
  await desk.page.getByTestId('script-language').selectOption(language);
  const first = desk.page.locator('[data-rank="1"]');
  const script = first.getByTestId('script');
  for (const line of SCRIPTS[cause][language].say) await expect(script).toContainText(line);
  await expect(script).toContainText(CODES_NEVER_BY_PHONE[language]);
}

for (const [scenario, cause] of CASES) {
  test(`${scenario}: the diagnosis is "${cause}" with its script in English and Japanese`, async ({
    desk,
  }) => {
    await desk.signIn('agent');
    const person = await openScenarioCard(desk, scenario);
    const first = desk.page.locator('[data-rank="1"]');
    await expect(first).toHaveAttribute('data-testid', `cause-${cause}`);
    await expect(first.getByTestId('cause-title')).toHaveText(SCRIPTS[cause].en.title);
    await expectScript(desk, cause, 'en');
    await expectScript(desk, cause, 'ja');

    // The timeline shows the card's last 30 days as the database holds them.
    const since = new Date(desk.testDesk.clock.now().getTime() - 30 * 86_400_000).toISOString();
    const { n } = desk.testDesk
      .inspect()
      .prepare(
        `SELECT count(*) AS n FROM auth_attempts a JOIN cards c ON c.id = a.card_id
         WHERE c.public_id = ? AND a.at >= ?`,
      )
      .get(person.cards[0]!.publicId, since) as { n: number };
    await expect(desk.page.getByTestId('history-count')).toHaveText(new RegExp(`^${n} of `, 'u'));

    // The agent's own language changes the titles; the caller's language stays as chosen.
    await desk.page.getByTestId('language').selectOption('ja');
    await expect(first.getByTestId('cause-title')).toHaveText(SCRIPTS[cause].ja.title);

    if (cause === 'suspected-fraud') {
      // Never a reset when fraud is suspected, whatever else is found.
      await expect(
        desk.page.locator('[data-testid="reset-hint"][data-advised="true"]'),
      ).toHaveCount(0);
    }
    if (cause === 'locked-wrong-codes') {
      await expect(first.getByTestId('reset-hint')).toHaveAttribute('data-advised', 'true');
    }

    const opens = desk.auditActions().filter((e) => e.action === 'card.open');
    expect(opens).toHaveLength(1);
    expect(desk.auditActions().some((e) => e.action === 'card.history')).toBe(true);
  });
}
