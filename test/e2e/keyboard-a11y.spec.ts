/**
 * Keyboard first, for agents mid-call: a shortcut to search, Enter opens the first result,
 * Escape backs out, "?" lists the shortcuts. And axe finds nothing serious on these screens.
 */
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { SearchPage } from './pages/search-page.ts';
import { Workspace } from './pages/workspace.ts';
import { expectNoSeriousViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';
import { openScenarioCard } from './flows.ts';

test('search by keyboard: type, Enter, Enter opens the first result, Escape backs out', async ({
  desk,
}) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes');
  const card = person.cards[0]!;
  await desk.signIn('agent');
  const page = desk.page;
  await expect(page.getByTestId('search-last4')).toBeFocused();
  await page.keyboard.type(card.last4);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Sato');
  await page.keyboard.press('Enter');
  await expect(new SearchPage(page).result(card.publicId)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('card-header')).toBeVisible();

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('card-header')).toHaveCount(0);
  await expect(page.getByTestId('search-last4')).toBeFocused();

  // The platform's modifier + F finds a card from anywhere, even mid-verification.
  await new SearchPage(page).result(card.publicId).click();
  await new Workspace(page).dob.focus();
  await page.keyboard.press('ControlOrMeta+f');
  await expect(page.getByTestId('search-last4')).toBeFocused();
  expect(desk.auditActions().filter((e) => e.action === 'card.open')).toHaveLength(1);
});

test('"?" lists the shortcuts; Escape closes the list', async ({ desk }) => {
  await desk.signIn('agent');
  const page = desk.page;
  await page.locator('body').click();
  await page.keyboard.press('?');
  const dialog = page.getByTestId('shortcuts');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/(Ctrl|⌘) \+ F/u);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // Typing "?" into a field types it.
  await page.getByTestId('search-surname').fill('');
  await page.getByTestId('search-surname').press('?');
  await expect(dialog).toHaveCount(0);
  expect(desk.auditActions().some((e) => e.action === 'session.sign-in')).toBe(true);
});

for (const language of ['en', 'ja'] as const) {
  test(`axe finds no serious violation on sign-in, search, results, header, verification and contacts (${language})`, async ({
    desk,
  }) => {
    const page = desk.page;
    await desk.open();
    await page.getByTestId('language').selectOption(language);
    await expectNoSeriousViolations(page, 'sign-in');
    const agent = demoOperator('agent');
    await page.getByTestId('signin-username').fill(agent.username);
    await page.getByTestId('signin-password').fill(agent.password);
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('topbar-operator')).toBeVisible();
    await expectNoSeriousViolations(page, 'search');

    const person = demoScenarioPerson(desk.testDesk.seed, 'mobile-change-pending');
    await new SearchPage(page).byCustomerRef(person.customerRef);
    await expect(page.getByTestId('search-results')).toBeVisible();
    await expectNoSeriousViolations(page, 'results');

    await openScenarioCard(desk, 'mobile-change-pending');
    await expectNoSeriousViolations(page, 'header, verification and contacts');
    await new Workspace(page).verifyCaller(person.dob, person.postcode);
    await expect(page.getByTestId('contact-check-value')).toBeVisible();
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
    await page.getByTestId('language').selectOption(language);
    await openScenarioCard(desk, 'email-bouncing');

    // The caller's language is a plain select; a second cause opens with Enter.
    await page.getByTestId('script-language').focus();
    await page.keyboard.press('Tab');
    const more = page.locator('[data-rank="2"] button');
    if ((await more.count()) > 0) {
      await more.focus();
      await page.keyboard.press('Enter');
      await expect(more).toHaveAttribute('aria-expanded', 'true');
    }

    // The history scrolls with the keyboard and its codes open with Enter.
    const scroller = page.getByTestId('history-scroll');
    await scroller.focus();
    await expect(scroller).toBeFocused();
    const toggle = page.getByTestId('history-row').first().getByRole('button').first();
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('history-codes').first()).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(
      page.getByTestId('history-codes').first().getByRole('button').first(),
    ).toBeFocused();

    // Wrap-up: outcome by keyboard, a refused note is announced, and focus stays in the form.
    await page.getByTestId('wrap-up-outcome').focus();
    await page.getByTestId('wrap-up-outcome').selectOption('resolved-advice');
    await page.getByTestId('wrap-up-note').focus();
    await page.keyboard.type('OTP 482193');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('wrap-up-save')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('wrap-up-problems')).toBeVisible();
    await expect(page.getByTestId('wrap-up-problems')).toHaveAttribute('role', 'alert');
    await expectNoSeriousViolations(page, 'diagnosis, history with codes open, refused wrap-up');
  });
}
