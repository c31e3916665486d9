/**
 * The script follows the call: for each state of the call (not yet verified, verification
 * failed, blocked, verified, waiting for a lead, approved, rejected, sent, unlocked, lock ended) the
 * expected words appear, in English and Japanese. Before verification the script holds none
 * of the card's own facts — checked against the card's data in the database, not against the
 * lines' labels: the lock's end time and minutes left, every masked contact and destination,
 * contact-change and fraud wording.
 */
import type { Locator } from '@playwright/test';
import { LANGUAGES } from '../../shared/languages.ts';
import {
  ANYONE_WORDS,
  CAUSE_WORDS,
  LOCK_WORDS,
  PROGRAMMES,
  VERIFY_WORDS,
  callerTime,
} from '../../shared/diagnosis/script-words.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { expectNoCardFacts, expectScript } from './script-checks.ts';
import { inGroups } from './groups.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard, wrongPostcode, type ScenarioName } from '../kit/flows.ts';
import { consolePages as ui } from '../kit/pages/console-pages.ts';
import { ResetPanel } from '../kit/pages/reset-panel.ts';

const SCENARIOS: readonly ScenarioName[] = [
  'locked-wrong-codes',
  'code-expired',
  'no-contact',
  'email-bouncing',
  'mobile-change-pending',
  'recent-mobile-change',
  'suspected-fraud',
  'reset-yesterday',
  'frictionless-ok',
  'english-locked',
  'code-to-old-mobile',
];

const allText = (locator: Locator) => locator.allInnerTexts().then((t) => t.join('\n'));

// The scenarios run a few to a test (groups.ts), so the workers share them.
for (const names of inGroups(SCENARIOS)) {
  test(`every scenario, before verification: general words only, none of the card’s facts, in both languages: ${names.join(', ')}`, async ({
    desk,
  }) => {
    await desk.signIn('agent');
    for (const name of names) {
      const person = await openScenarioCard(desk, name);
      const cardId = person.cards[0]!.publicId;
      await expect(desk.ui.card.root).toBeVisible();
      await expectScript(desk, 'unverified', [
        ['verify.ask', VERIFY_WORDS.ask],
        ['anyone.howCodesWork', ANYONE_WORDS.howCodesWork],
      ]);
      for (const language of LANGUAGES) await expectNoCardFacts(desk, cardId, language);
      await expect(desk.ui.diagnosis.withheld).toBeVisible();
      await desk.ui.workspace.back();
    }
  });
}

test('a locked card: not verified, a miss, verified with the lock’s end and minutes left, then unlocked', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  const page = desk.page;
  await expectScript(desk, 'unverified', [['verify.ask', VERIFY_WORDS.ask]]);

  await ui(page).verification.verifyCaller(person.dob, wrongPostcode(person.postcode));
  await expectScript(desk, 'verification-failed', [['verify.askAgain', VERIFY_WORDS.askAgain]]);
  for (const language of LANGUAGES) await expectNoCardFacts(desk, cardId, language);
  await expect(desk.ui.diagnosis.stage).toContainText('2 tries left');

  const until = desk.db.cardFacts(cardId).lockUntil!;
  const minutes = Math.ceil((Date.parse(until) - desk.testDesk.clock.now().getTime()) / 60_000);
  await ui(page).verification.verifyCaller(person.dob, person.postcode);
  await expectScript(desk, 'verified', [
    ['verify.done', VERIFY_WORDS.done],
    ['lock.locked', LOCK_WORDS.locked(PROGRAMMES[person.cards[0]!.brand]!)],
    ['lock.endsAt', LOCK_WORDS.endsAt(until, minutes)],
    ['lock.canUnlock', LOCK_WORDS.canUnlock],
  ]);
  await expect(desk.ui.diagnosis.withheld).toHaveCount(0);
  await expectNoSeriousViolations(page, 'the script of a verified caller');

  await new ResetPanel(page).resetWith('Caller verified; mistyped the code three times.');
  await expect(ui(page).reset.state).toHaveAttribute('data-state', 'applied');
  await expectScript(desk, 'reset-applied', [
    ['lock.applied', LOCK_WORDS.applied],
    ['lock.tryAgain', LOCK_WORDS.tryAgain],
  ]);
  // Unlocked: nothing says the lock still runs.
  for (const language of LANGUAGES) {
    await desk.ui.diagnosis.chooseCallerLanguage(language);
    expect(await allText(desk.ui.diagnosis.script)).not.toContain(callerTime(until, language));
  }
});

test('verification blocked: only the general words, in both languages', async ({ desk }) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'english-locked');
  const cardId = person.cards[0]!.publicId;
  for (let i = 0; i < 3; i++)
    await ui(desk.page).verification.verifyCaller(person.dob, wrongPostcode(person.postcode));
  await expectScript(desk, 'verification-blocked', [
    ['verify.blocked', VERIFY_WORDS.blocked],
    ['verify.blockedNext', VERIFY_WORDS.blockedNext],
  ]);
  for (const language of LANGUAGES) await expectNoCardFacts(desk, cardId, language);
});

test('the lock ends on its own during the call: "lock ended", try again now', async ({ desk }) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'english-locked');
  const cardId = person.cards[0]!.publicId;
  await ui(desk.page).verification.verifyCaller(person.dob, person.postcode);
  await expect(desk.ui.diagnosis.stage).toHaveAttribute('data-stage', 'verified');
  const until = Date.parse(desk.db.cardFacts(cardId).lockUntil!);
  // The agent keeps working (a key now and then) while the lock runs out.
  while (desk.testDesk.clock.now().getTime() < until + 2_000) {
    await desk.ui.diagnosis.scriptLanguage.focus();
    await desk.page.keyboard.press('Shift');
    await desk.advance(Math.min(10 * 60_000, until + 2_000 - desk.testDesk.clock.now().getTime()));
  }
  await expectScript(desk, 'lock-lifted', [
    ['lock.ended', LOCK_WORDS.ended],
    ['lock.tryAgain', LOCK_WORDS.tryAgain],
  ]);
});

test('the fraud scenario: unverified it says nothing of the card; verified it transfers, never saying fraud', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'suspected-fraud');
  const cardId = person.cards[0]!.publicId;
  for (const language of LANGUAGES) await expectNoCardFacts(desk, cardId, language);
  await ui(desk.page).verification.verifyCaller(person.dob, person.postcode);
  const [transfer, stay] = CAUSE_WORDS['suspected-fraud'].account();
  await expectScript(desk, 'verified', [
    ['cause.account.1', transfer!],
    ['cause.account.2', stay!],
  ]);
  await desk.ui.diagnosis.chooseCallerLanguage('en');
  expect(await allText(desk.ui.diagnosis.script)).not.toMatch(/fraud/iu);
  await desk.ui.diagnosis.chooseCallerLanguage('ja');
  expect(await allText(desk.ui.diagnosis.script)).not.toMatch(/不正/u);
});

for (const decision of ['approve', 'reject'] as const) {
  test(`a second reset: the script says why a lead is needed, what to say while waiting, and the lead's ${decision}`, async ({
    desk,
  }) => {
    test.skip(desk.target !== 'browser', 'two consoles on one core run on the browser target');
    await desk.signIn('agent');
    const person = await openScenarioCard(desk, 'reset-yesterday');
    const agent = desk.page;
    await ui(agent).verification.verifyCaller(person.dob, person.postcode);
    await expectScript(desk, 'verified', [
      ['lock.needsLead', LOCK_WORDS.needsLead(['second-reset'])],
      ['lock.hold', LOCK_WORDS.hold],
    ]);
    await expect(desk.ui.diagnosis.line('lock.canUnlock')).toHaveCount(0);

    await new ResetPanel(agent).resetWith('Locked again the day after a reset; caller verified.');
    await expect(ui(agent).reset.approvalState).toHaveAttribute('data-state', 'pending');
    await expectScript(desk, 'reset-requested', [
      ['lock.needsLead', LOCK_WORDS.needsLead(['second-reset'])],
      ['lock.stillWaiting', LOCK_WORDS.stillWaiting],
    ]);

    const lead = await desk.secondConsole('lead');
    await ui(lead).topBar.approvals.click();
    const item = ui(lead).approvals.items;
    await expect(item).toHaveCount(1);
    if (decision === 'approve') {
      await ui(lead).approvals.approve(item, 'Checked the history: genuine mistakes.');
      await expectScript(desk, 'reset-approved', [
        ['lock.approved', LOCK_WORDS.approved],
        ['lock.tryAgain', LOCK_WORDS.tryAgain],
      ]);
    } else {
      await ui(lead).approvals.reject(item, 'Two resets in a day: let the lock run out.');
      await expectScript(desk, 'reset-rejected', [
        ['lock.rejected', LOCK_WORDS.rejected],
        ['lock.afterLockEnds', LOCK_WORDS.afterLockEnds],
      ]);
    }
  });
}

test('a reset sent to the ACS and not yet confirmed: "sent", what to say while it goes through', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  const cardId = person.cards[0]!.publicId;
  await ui(desk.page).verification.verifyCaller(person.dob, person.postcode);
  await new ResetPanel(desk.page).resetWith('Caller verified; mistyped the code three times.');
  await expect(desk.ui.diagnosis.stage).toHaveAttribute('data-stage', 'reset-applied');
  // The ACS has not confirmed it after all (the console stopped before it answered): the
  // reset of this call is still on its way. Resuming from the idle lock reads the call again.
  desk.seed.unconfirmedReset(cardId);
  await desk.advance(16 * 60_000);
  await expect(desk.ui.lock.root).toBeVisible();
  await desk.ui.lock.resume('agent-demo-2026');
  await expect(desk.ui.reset.state).toHaveAttribute('data-state', 'requested');
  await expectScript(desk, 'reset-sent', [['lock.sending', LOCK_WORDS.sending]]);
  for (const language of LANGUAGES) {
    await desk.ui.diagnosis.chooseCallerLanguage(language);
    expect(await allText(desk.ui.diagnosis.script)).not.toContain(LOCK_WORDS.applied[language]);
  }
});
