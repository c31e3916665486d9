/**
 * `npm run screenshots`: the console's screens at 1280×800 in Japanese and English, on the
 * demo database with its fixed clock, written to docs/screenshots/. Uses the same harness as
 * the e2e tests (built renderer, real router, real database).
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { AcsRefusedError, AcsUnavailableError } from '../main/core/acs/acs-errors.ts';
import type { AcsGateway } from '../main/core/acs/acs-gateway.ts';
import { createEmbeddedAcsGateway } from '../main/core/acs/embedded-acs-gateway.ts';
import type { Db } from '../main/core/db/connection.ts';
import { DEMO_SEED } from '../main/core/demo/build-demo.ts';
import { demoOperator } from '../main/core/demo/demo-operators.ts';
import { demoScenarioPerson, type DemoPerson } from '../main/core/demo/demo-people.ts';
import { deskSeeds } from '../test/kit/desk-db.ts';
import { attachDesk, openConsole } from '../test/harness/attach-page.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../test/harness/chromium.ts';
import { createTestDesk, type TestDesk } from '../test/harness/test-desk.ts';

const OUT = 'docs/screenshots';
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const shoot = (page: Page, name: string) => page.screenshot({ path: `${OUT}/${name}.png` });

/**
 * Back to search: the card's back button (Escape only leaves a text field first). With a call
 * open the console asks how it ended: here, cut off without an outcome.
 */
async function backToSearch(page: Page) {
  const back = page.getByTestId('card-back');
  if ((await back.count()) === 0) return;
  await back.click();
  await page.getByTestId('leave-call').waitFor();
  // A wrap-up draft the guard refused (the shot of it) does not go with the call.
  await page.getByTestId('leave-call-note').fill('');
  await page.getByTestId('leave-call-reason').selectOption('caller-disconnected');
  await page.getByTestId('leave-call-no-outcome').click();
  await page.getByTestId('search-last4').or(page.getByTestId('search-customerRef')).waitFor();
}

/** From anywhere in the console: back to search, find by customer reference, open the card. */
async function openScenario(page: Page, person: DemoPerson) {
  await backToSearch(page);
  await page.getByTestId('search-key-customer-ref').check();
  await page.getByTestId('search-customerRef').fill(person.customerRef);
  await page.getByTestId('search-submit').click();
  await page.getByTestId(`search-result-${person.cards[0]!.publicId}`).click();
  await page.getByTestId('card-header').waitFor();
}

async function verifyCaller(page: Page, person: DemoPerson) {
  await page.getByTestId('verify-dob').fill(person.dob);
  await page.getByTestId('verify-postcode').fill(person.postcode);
  await page.getByTestId('verify-submit').click();
  await page.getByTestId('verify-status').waitFor();
}

/** Opens the card, verifies the caller and fills the reset dialog, ready to confirm. */
async function fillResetDialog(page: Page, person: DemoPerson, note: string) {
  await openScenario(page, person);
  await verifyCaller(page, person);
  await page.getByTestId('reset-open').click();
  await page.getByTestId('reset-reason').selectOption('cardholder-mistyped-code');
  await page.getByTestId('reset-note').fill(note);
}

/** The card whose reset the ACS cannot take, for the "failed at the ACS" shot. */
const ACS_FAILS_FOR = demoScenarioPerson(DEMO_SEED, 'frictionless-ok').cards[0]!.publicId;

/** The card whose reset the ACS refuses (it knows of a fraud hold), for the "refused" shot. */
const ACS_REFUSES_FOR = demoScenarioPerson(DEMO_SEED, 'email-bouncing').cards[0]!.publicId;

/**
 * The demo's ACS, answering every reset but two cards': one with "cannot answer now" (503),
 * one with a refusal.
 */
function acsFailingOneCard(db: Db): AcsGateway {
  const embedded = createEmbeddedAcsGateway(db);
  const publicIdOf = db.prepare<[number], { public_id: string }>(
    'SELECT public_id FROM cards WHERE id = ?',
  );
  return {
    ...embedded,
    async applyReset(command) {
      if (publicIdOf.get(command.cardId)?.public_id === ACS_FAILS_FOR) {
        throw new AcsUnavailableError(503);
      }
      if (publicIdOf.get(command.cardId)?.public_id === ACS_REFUSES_FOR) {
        throw new AcsRefusedError('fraud-hold', 'The ACS holds this card for suspected fraud.');
      }
      return embedded.applyReset(command);
    },
  };
}

/** A second console on the same desk, signed in as the team lead. */
async function leadConsole(browser: Browser, desk: TestDesk, language: 'ja' | 'en') {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: language === 'ja' ? 'ja-JP' : 'en-GB',
    timezoneId: 'Asia/Tokyo',
  });
  const page = await context.newPage();
  await page.clock.install({ time: desk.clock.now() });
  await page.addInitScript((lang) => localStorage.setItem('verify-desk.language', lang), language);
  await attachDesk(page, desk);
  await openConsole(page);
  const lead = demoOperator('lead');
  await page.getByTestId('signin-username').fill(lead.username);
  await page.getByTestId('signin-password').fill(lead.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('nav-approvals').click();
  return { context, page };
}

/** Time passes on the desk and the page together, the agent pressing a key now and then. */
async function passTime(page: Page, desk: TestDesk, ms: number) {
  for (let left = ms; left > 0; left -= 5 * 60_000) {
    const step = Math.min(left, 5 * 60_000);
    await page.getByTestId('script-language').focus();
    await page.keyboard.press('Shift');
    desk.clock.advance(step);
    await page.clock.runFor(step);
  }
}

for (const language of ['ja', 'en'] as const) {
  const desk = await createTestDesk({ surface: 'desktop', acs: acsFailingOneCard });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: language === 'ja' ? 'ja-JP' : 'en-GB',
    timezoneId: 'Asia/Tokyo',
  });
  const page = await context.newPage();
  await page.clock.install({ time: desk.clock.now() });
  await page.addInitScript((lang) => localStorage.setItem('verify-desk.language', lang), language);
  await attachDesk(page, desk);
  await openConsole(page);
  await shoot(page, `sign-in.${language}`);

  const agent = demoOperator('agent');
  await page.getByTestId('signin-username').fill(agent.username);
  await page.getByTestId('signin-password').fill(agent.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('search-last4').waitFor();

  // Search: a mistyped card number is explained before anything is searched.
  const person = demoScenarioPerson(desk.seed, 'locked-wrong-codes');
  const pan = person.cards[0]!.pan;
  await page.getByTestId('search-key-card-number').check();
  await page
    .getByTestId('search-number')
    .fill(`${pan.slice(0, 4)} ${pan.slice(4, 8)} ${pan.slice(8, 12)} ${pan.slice(12, 15)}`);
  await page.getByTestId('search-submit').click();
  await page.getByTestId('search-problem').waitFor();
  await shoot(page, `search.${language}`);

  await page.getByTestId('search-key-last4-surname').check();
  await page.getByTestId('search-last4').fill(person.cards[0]!.last4);
  await page.getByTestId('search-surname').fill(language === 'ja' ? person.surname : 'Sato');
  await page.getByTestId('search-submit').click();
  await page.getByTestId('search-results').waitFor();
  await shoot(page, `search-results.${language}`);

  await page.getByTestId(`search-result-${person.cards[0]!.publicId}`).click();
  await page.getByTestId('card-header').waitFor();
  await page.clock.runFor(5_000);
  await shoot(page, `card-header.${language}`);

  // Verification: a wrong pair, answered as "not verified" with the attempts left.
  await page.getByTestId('verify-dob').fill(person.dob.replaceAll('-', '/'));
  await page.getByTestId('verify-postcode').fill('100-0001');
  await page.getByTestId('verify-submit').click();
  await page.getByTestId('verify-status').waitFor();
  await shoot(page, `verification.${language}`);

  // Contacts: a mobile changed two days ago, the caller verified, a number checked.
  await backToSearch(page);
  const changed = demoScenarioPerson(desk.seed, 'recent-mobile-change');
  await page.getByTestId('search-key-customer-ref').check();
  await page.getByTestId('search-customerRef').fill(changed.customerRef);
  await page.getByTestId('search-submit').click();
  await page.getByTestId(`search-result-${changed.cards[0]!.publicId}`).click();
  await page.getByTestId('verify-dob').fill(changed.dob);
  await page.getByTestId('verify-postcode').fill(changed.postcode);
  await page.getByTestId('verify-submit').click();
  await page.getByTestId('contact-check-value').fill(`0${changed.mobile!.slice(3)}`);
  await page.getByTestId('contact-check-submit').click();
  await page.getByTestId('contact-check-result').waitFor();
  await shoot(page, `contacts.${language}`);

  // The script through the call: verified (the lock's end, minutes left), then unlocked.
  const locked = demoScenarioPerson(desk.seed, 'locked-wrong-codes');
  await openScenario(page, locked);
  await verifyCaller(page, locked);
  await page.locator('[data-stage="verified"]').waitFor();
  await shoot(page, `script-verified.${language}`);
  await page.getByTestId('reset-open').click();
  await page.getByTestId('reset-reason').selectOption('cardholder-mistyped-code');
  await page
    .getByTestId('reset-note')
    .fill(language === 'ja' ? 'ご本人様確認済み。' : 'Caller verified.');
  await page.getByTestId('reset-confirm').click();
  await page.locator('[data-stage="reset-applied"]').waitFor();
  await shoot(page, `script-reset-applied.${language}`);

  // Verification blocked after three misses: general words only.
  const blocked = demoScenarioPerson(desk.seed, 'english-locked');
  await openScenario(page, blocked);
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('verify-dob').fill('1900-01-01');
    await page.getByTestId('verify-postcode').fill('100-0001');
    await page.getByTestId('verify-submit').click();
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>('[data-testid="verify-dob"]')?.value !==
        '1900-01-01',
    );
  }
  await page.locator('[data-stage="verification-blocked"]').waitFor();
  await shoot(page, `script-blocked.${language}`);

  // The workspace for three scenarios: the diagnosis, its script and the card's state.
  for (const scenario of ['locked-wrong-codes', 'code-to-old-mobile', 'suspected-fraud'] as const) {
    await openScenario(page, demoScenarioPerson(desk.seed, scenario));
    await page.getByTestId('diagnosis').waitFor();
    await page.getByTestId('history-count').filter({ hasText: /\d/u }).waitFor();
    await shoot(page, `workspace-${scenario}.${language}`);
  }

  // The history with a failure's protocol codes open, and a refused wrap-up note.
  await page.getByTestId('history-scroll').scrollIntoViewIfNeeded();
  await page.getByTestId('history-row').first().getByRole('button').click();
  await page.getByTestId('history-codes').waitFor();
  await page.evaluate(() => window.scrollBy(0, -120));
  await shoot(page, `history.${language}`);
  await page.getByTestId('wrap-up-outcome').selectOption('escalated');
  await page
    .getByTestId('wrap-up-note')
    .fill(language === 'ja' ? '認証コードは482193と言われた' : 'Caller said the code was 482193');
  await page.getByTestId('wrap-up-save').click();
  await page.getByTestId('wrap-up-problems').waitFor();
  await page.getByTestId('wrap-up').scrollIntoViewIfNeeded();
  await shoot(page, `wrap-up.${language}`);

  // Reset: a refusal with its reason (fraud), the dialog, and a request in the lead's queue.
  const fraud = demoScenarioPerson(desk.seed, 'suspected-fraud');
  await openScenario(page, fraud);
  await verifyCaller(page, fraud);
  await page.getByTestId('reset-why').waitFor();
  await page.evaluate(() => window.scrollTo({ top: 0 }));
  await shoot(page, `reset-refusal.${language}`);

  await fillResetDialog(
    page,
    demoScenarioPerson(desk.seed, 'english-locked'),
    language === 'ja'
      ? 'ご本人様確認済み。コードを3回誤入力。'
      : 'Caller verified; mistyped the code three times.',
  );
  await shoot(page, `reset-dialog.${language}`);
  await page.getByTestId('reset-cancel').click();

  await fillResetDialog(
    page,
    demoScenarioPerson(desk.seed, 'reset-yesterday'),
    language === 'ja'
      ? '昨日の解除後、本日再びロック。ご本人様確認済み。'
      : 'Locked again after yesterday’s reset; caller verified.',
  );
  await page.getByTestId('reset-confirm').click();
  await page.getByTestId('approval-state').waitFor();
  await page.evaluate(() => window.scrollTo({ top: 0 }));
  await shoot(page, `reset-requested.${language}`);

  const leadContext = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: language === 'ja' ? 'ja-JP' : 'en-GB',
    timezoneId: 'Asia/Tokyo',
  });
  const leadPage = await leadContext.newPage();
  await leadPage.clock.install({ time: desk.clock.now() });
  await leadPage.addInitScript(
    (lang) => localStorage.setItem('verify-desk.language', lang),
    language,
  );
  await attachDesk(leadPage, desk);
  await openConsole(leadPage);
  const lead = demoOperator('lead');
  await leadPage.getByTestId('signin-username').fill(lead.username);
  await leadPage.getByTestId('signin-password').fill(lead.password);
  await leadPage.getByTestId('signin-submit').click();
  await leadPage.getByTestId('nav-approvals').click();
  await leadPage.getByTestId('approval-item').waitFor();
  await leadPage
    .getByTestId('approval-note')
    .fill(language === 'ja' ? '履歴を確認済み。' : 'History checked.');
  await shoot(leadPage, `approvals.${language}`);
  // The lead approves: the agent's script says so at once.
  await leadPage.getByTestId('approval-approve').click();
  await page.locator('[data-stage="reset-approved"]').waitFor();
  await shoot(page, `script-approved.${language}`);
  await leadContext.close();

  // The audit explorer, as an auditor lands on it: the trail, an entry opened, the chain verified.
  const auditorContext = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: language === 'ja' ? 'ja-JP' : 'en-GB',
    timezoneId: 'Asia/Tokyo',
  });
  const auditorPage = await auditorContext.newPage();
  await auditorPage.clock.install({ time: desk.clock.now() });
  await auditorPage.addInitScript(
    (lang) => localStorage.setItem('verify-desk.language', lang),
    language,
  );
  await attachDesk(auditorPage, desk);
  await openConsole(auditorPage);
  const auditor = demoOperator('auditor');
  await auditorPage.getByTestId('signin-username').fill(auditor.username);
  await auditorPage.getByTestId('signin-password').fill(auditor.password);
  await auditorPage.getByTestId('signin-submit').click();
  await auditorPage.getByTestId('audit-row').first().waitFor();
  await auditorPage
    .locator('[data-testid="audit-row"][data-action="approval.request"]')
    .first()
    .click();
  await auditorPage.getByTestId('audit-entry').waitFor();
  await auditorPage.getByTestId('audit-verify-start').click();
  await auditorPage.getByTestId('audit-verify-result').waitFor();
  await shoot(auditorPage, `audit-explorer.${language}`);
  await auditorContext.close();

  // Leaving the card with its call open: how did the call end?
  await page.getByTestId('card-back').click();
  await page.getByTestId('leave-call').waitFor();
  await page.getByTestId('leave-call-outcome').selectOption('resolved-reset');
  await page
    .getByTestId('leave-call-note')
    .fill(language === 'ja' ? 'リーダー承認後にロック解除。' : 'Unlocked after a lead approved.');
  await shoot(page, `leave-call.${language}`);
  await page.getByTestId('leave-call-save').click();
  await page.getByTestId('search-notice').waitFor();

  // Suspected fraud: the transfer to the fraud team, with the team's case reference.
  await openScenario(page, fraud);
  await verifyCaller(page, fraud);
  await page.getByTestId('fraud-transfer-case-ref').fill('FR-654321');
  await page.getByTestId('fraud-transfer-record').click();
  await page.getByTestId('fraud-transfer-recorded').waitFor();
  await shoot(page, `fraud-transfer.${language}`);

  const ja = language === 'ja';
  const seeds = deskSeeds(desk);

  // Waiting for a lead: a second lock within a day of a reset goes to a team lead. Three
  // minutes on, the panel says why, how long, and what to say; then the cancel dialog.
  const again = demoScenarioPerson(desk.seed, 'code-expired');
  seeds.earlierReset(again.cards[0]!.publicId, { hoursAgo: 3 });
  seeds.lock(again.cards[0]!.publicId, { agoMinutes: 4, forMinutes: 30 });
  await fillResetDialog(
    page,
    again,
    ja
      ? '3時間前の解除後、再びロック。ご本人様確認済み。'
      : 'Locked again 3 hours after a reset; caller verified.',
  );
  await page.getByTestId('reset-confirm').click();
  await page.getByTestId('waiting-for-lead').waitFor();
  await passTime(page, desk, 3 * 60_000);
  await shoot(page, `waiting-for-lead.${language}`);
  await page.getByTestId('waiting-cancel').click();
  await page
    .getByTestId('cancel-request-note')
    .fill(ja ? 'お客様が後ほどかけ直されるため。' : 'The caller will call back later.');
  await shoot(page, `cancel-request.${language}`);
  await page.getByTestId('cancel-request-keep').click();

  // The lead rejects it: what to say now.
  const rejecting = await leadConsole(browser, desk, language);
  await rejecting.page.getByTestId('approval-item').waitFor();
  await rejecting.page
    .getByTestId('approval-note')
    .fill(
      ja ? '本日2回目のため、ロックの終了をお待ちいただく。' : 'Second lock today: let it run out.',
    );
  await rejecting.page.getByTestId('approval-reject').click();
  await page.locator('[data-stage="reset-rejected"]').waitFor();
  await page.locator('[data-line="lock.rejected"]').first().scrollIntoViewIfNeeded();
  await shoot(page, `script-rejected.${language}`);
  await rejecting.context.close();

  // The ACS answers a reset of this scenario's card: the script for the stage that follows.
  const resetAtTheAcs = async (
    scenario: Parameters<typeof demoScenarioPerson>[1],
    stage: string,
    line: string,
  ) => {
    const person = demoScenarioPerson(desk.seed, scenario);
    seeds.lock(person.cards[0]!.publicId, { agoMinutes: 3, forMinutes: 30 });
    await fillResetDialog(
      page,
      person,
      ja
        ? 'ご本人様確認済み。コードを3回誤入力。'
        : 'Caller verified; mistyped the code three times.',
    );
    await page.getByTestId('reset-confirm').click();
    await page.locator(`[data-stage="${stage}"]`).waitFor();
    await page.locator(`[data-line="${line}"]`).first().scrollIntoViewIfNeeded();
    await shoot(page, `script-${stage}.${language}`);
  };
  // Failed at the ACS: the ACS cannot take this card's reset; what to say while it is retried.
  await resetAtTheAcs('frictionless-ok', 'reset-failed', 'lock.failed');
  // Refused by the ACS: final; the reason in words, and what to say instead of "please hold".
  await resetAtTheAcs('email-bouncing', 'reset-refused', 'lock.refused');

  // The lock ends on its own during the call: "lock ended", try again now.
  const ending = demoScenarioPerson(desk.seed, 'no-contact');
  seeds.lock(ending.cards[0]!.publicId, { agoMinutes: 25, forMinutes: 2 });
  await openScenario(page, ending);
  await verifyCaller(page, ending);
  await page.locator('[data-stage="verified"]').waitFor();
  await passTime(page, desk, 3 * 60_000);
  await page.locator('[data-stage="lock-lifted"]').waitFor();
  await page.locator('[data-line="lock.ended"]').first().scrollIntoViewIfNeeded();
  await shoot(page, `script-lock-ended.${language}`);

  desk.clock.advance(16 * 60_000);
  await page.clock.runFor(16 * 60_000);
  await page.getByTestId('lock-screen').waitFor();
  await shoot(page, `idle-lock.${language}`);

  await context.close();
  desk.close();
}
await browser.close();
console.log(`Screenshots written to ${OUT}/`);
