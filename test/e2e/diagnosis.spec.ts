/**
 * One test per scenario an agent meets: the workspace names the likely cause first and gives
 * the script in the caller's language — English and Japanese — always with "codes are never
 * given by phone". The database is checked from the test process.
 */
import { CAUSE_TEXTS as SCRIPTS } from '../../shared/diagnosis/cause-texts.ts';
import {
  CAUSE_WORDS,
  CODES_NEVER_BY_PHONE,
  LOCK_WORDS,
} from '../../shared/diagnosis/script-words.ts';
import type { CauseCode } from '../../shared/diagnosis/causes.ts';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';
import { openScenarioCard, type Scenario } from '../kit/flows.ts';

const CASES: [Scenario, CauseCode][] = [
  ['locked-wrong-codes', 'locked-wrong-codes'],
  ['code-expired', 'code-expired'],
  ['code-to-old-mobile', 'old-destination'],
  ['email-bouncing', 'delivery-failing'],
  ['no-contact', 'no-contact'],
  ['mobile-change-pending', 'mobile-change-pending'],
  ['suspected-fraud', 'suspected-fraud'],
];

/** How the demo's codes went: to the replaced mobile by SMS; by email to a bouncing address. */
const SCENARIO_ROUTE: Partial<Record<CauseCode, 'sms' | 'email'>> = {
  'old-destination': 'sms',
  'delivery-failing': 'email',
};

/** The cause's own words, once the caller is verified (before that, only general words). */
async function expectScript(desk: DeskFixture, cause: CauseCode, language: 'en' | 'ja') {
  await desk.ui.diagnosis.chooseCallerLanguage(language);
  const script = desk.ui.diagnosis.script;
  const words =
    cause === 'locked-wrong-codes'
      ? [LOCK_WORDS.howCodesWork]
      : [
          ...(CAUSE_WORDS[cause].context ? [CAUSE_WORDS[cause].context] : []),
          ...CAUSE_WORDS[cause].account(SCENARIO_ROUTE[cause] ?? null),
        ];
  for (const line of words) await expect(script).toContainText(line[language]);
  await expect(script).toContainText(CODES_NEVER_BY_PHONE[language]);
}

for (const [scenario, cause] of CASES) {
  test(`${scenario}: the diagnosis is "${cause}" with its script in English and Japanese`, async ({
    desk,
  }) => {
    await desk.signIn('agent');
    const person = await openScenarioCard(desk, scenario);
    const diagnosis = desk.ui.diagnosis;
    await expect(diagnosis.first).toHaveAttribute('data-testid', `cause-${cause}`);
    expect(await diagnosis.firstCause()).toBe(cause);
    await expect(diagnosis.firstTitle).toHaveText(SCRIPTS[cause].en.title);
    await desk.ui.verification.verifyCaller(person.dob, person.postcode);
    await expect(diagnosis.stage).toHaveAttribute('data-stage', 'verified');
    await expectScript(desk, cause, 'en');
    await expectScript(desk, cause, 'ja');

    // The timeline shows the card's last 30 days as the database holds them.
    const since = new Date(desk.testDesk.clock.now().getTime() - 30 * 86_400_000);
    const n = desk.db.attemptsSince(person.cards[0]!.publicId, since);
    await expect(desk.ui.history.count).toHaveText(new RegExp(`^${n} of `, 'u'));

    // The agent's own language changes the titles; the caller's language stays as chosen.
    await desk.ui.topBar.language.selectOption('ja');
    await expect(diagnosis.firstTitle).toHaveText(SCRIPTS[cause].ja.title);

    if (cause === 'suspected-fraud') {
      // Never a reset when fraud is suspected, whatever else is found.
      await expect(diagnosis.advisedResets).toHaveCount(0);
    }
    if (cause === 'locked-wrong-codes') {
      await expect(diagnosis.resetHint).toHaveAttribute('data-advised', 'true');
    }

    const opens = desk.auditActions().filter((e) => e.action === 'card.open');
    expect(opens).toHaveLength(1);
    expect(desk.auditActions().some((e) => e.action === 'card.history')).toBe(true);
  });
}
