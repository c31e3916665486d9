/**
 * Keyboard first, for agents mid-call: a shortcut to search, Enter opens the first result,
 * Escape backs out, "?" lists the shortcuts. And axe finds nothing serious on these screens.
 */
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { SearchPage } from '../kit/pages/search-page.ts';
import { Workspace } from '../kit/pages/workspace.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { consolePages as ui } from '../kit/pages/console-pages.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';

test('search by keyboard: type, Enter, Enter opens the first result, Escape backs out (asking how the call ended)', async ({
  desk,
}) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes');
  const card = person.cards[0]!;
  await desk.signIn('agent');
  const page = desk.page;
  await expect(ui(page).search.last4).toBeFocused();
  await page.keyboard.type(card.last4);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Sato');
  await page.keyboard.press('Enter');
  await expect(new SearchPage(page).result(card.publicId)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ui(page).card.root).toBeVisible();

  // Escape leaves the card: with the call open, the console asks how it ended first.
  await page.keyboard.press('Escape');
  await expect(ui(page).leaveCall.root).toBeVisible();
  await ui(page).leaveCall.end({ noOutcome: 'wrong-card' });
  await expect(ui(page).card.root).toHaveCount(0);
  await expect(ui(page).search.last4).toBeFocused();

  // The platform's modifier + F finds a card from anywhere — but never closes the card while
  // the agent types: first Escape leaves the field (keeping the text), then the key works.
  await page.keyboard.type(card.last4);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Sato');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await new Workspace(page).dob.fill('1980-04');
  await page.keyboard.press('ControlOrMeta+f');
  await expect(ui(page).card.root).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ui(page).card.root).toBeVisible();
  await expect(new Workspace(page).dob).toHaveValue('1980-04');
  await page.keyboard.press('ControlOrMeta+f');
  await ui(page).leaveCall.end({ outcome: 'not-verified' });
  await expect(ui(page).search.last4).toBeFocused();
  expect(desk.auditActions().filter((e) => e.action === 'card.open')).toHaveLength(2);
});

test('"?" lists the shortcuts; Escape closes the list', async ({ desk }) => {
  await desk.signIn('agent');
  const page = desk.page;
  await page.locator('body').click();
  await page.keyboard.press('?');
  const dialog = ui(page).topBar.shortcuts;
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/(Ctrl|⌘) \+ F/u);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Typing "?" into a field types it.
  await ui(page).search.surname.fill('');
  await ui(page).search.surname.press('?');
  await expect(dialog).toHaveCount(0);
  expect(desk.auditActions().some((e) => e.action === 'session.sign-in')).toBe(true);
});

for (const language of ['en', 'ja'] as const) {
  test(`axe finds no serious violation on sign-in, search, results, header, verification and contacts (${language})`, async ({
    desk,
  }) => {
    const page = desk.page;
    await desk.open();
    await ui(page).topBar.language.selectOption(language);
    await expectNoSeriousViolations(page, 'sign-in');
    const agent = demoOperator('agent');
    await ui(page).signIn.username.fill(agent.username);
    await ui(page).signIn.password.fill(agent.password);
    await ui(page).signIn.submit.click();
    await expect(ui(page).topBar.operator).toBeVisible();
    await expectNoSeriousViolations(page, 'search');

    const person = demoScenarioPerson(desk.testDesk.seed, 'mobile-change-pending');
    await new SearchPage(page).byCustomerRef(person.customerRef);
    await expect(ui(page).search.results).toBeVisible();
    await expectNoSeriousViolations(page, 'results');

    await openScenarioCard(desk, 'mobile-change-pending');
    await expectNoSeriousViolations(page, 'header, verification and contacts');
    await new Workspace(page).verifyCaller(person.dob, person.postcode);
    await expect(ui(page).contacts.checkValue).toBeVisible();
    await expectNoSeriousViolations(page, 'verified, with the contact check');
    expect(desk.auditActions().filter((e) => e.action === 'caller.verify')).toHaveLength(1);
  });
}

for (const language of ['en', 'ja'] as const) {
  test(`diagnosis, history and wrap-up work from the keyboard, and axe finds nothing serious (${language})`, async ({
    desk,
  }) => {
    await desk.signIn('agent');
    const page = desk.page;
    await ui(page).topBar.language.selectOption(language);
    await openScenarioCard(desk, 'email-bouncing');

    // The caller's language is a plain select; a second cause opens with Enter.
    await ui(page).diagnosis.scriptLanguage.focus();
    await page.keyboard.press('Tab');
    const more = page.locator('[data-rank="2"] button');
    if ((await more.count()) > 0) {
      await more.focus();
      await page.keyboard.press('Enter');
      await expect(more).toHaveAttribute('aria-expanded', 'true');
    }

    // The history scrolls with the keyboard and its codes open with Enter.
    const scroller = ui(page).history.scroller;
    await scroller.focus();
    await expect(scroller).toBeFocused();
    const toggle = ui(page).history.rows.first().getByRole('button').first();
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(ui(page).history.codes.first()).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(ui(page).history.codes.first().getByRole('button').first()).toBeFocused();

    // Wrap-up: outcome by keyboard, a refused note is announced, and focus stays in the form.
    await ui(page).wrapUp.outcome.focus();
    await ui(page).wrapUp.outcome.selectOption('resolved-advice');
    await ui(page).wrapUp.note.focus();
    await page.keyboard.type('OTP 482193');
    await page.keyboard.press('Tab');
    await expect(ui(page).wrapUp.save).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(ui(page).wrapUp.problems).toBeVisible();
    await expect(ui(page).wrapUp.problems).toHaveAttribute('role', 'alert');
    await expectNoSeriousViolations(page, 'diagnosis, history with codes open, refused wrap-up');
  });
}
