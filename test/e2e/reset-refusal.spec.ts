/**
 * A refused reset, said in the agent's language: every refusal the screen can show, as the
 * disabled button's explanation or in the dialog when another console got there first, in
 * Japanese and in English. The texts come from the catalog by reason, never from the router's
 * English message, so each assertion reads the catalog rather than a copied string.
 */
import type { Page } from '@playwright/test';
import type { ResetRefusal } from '../../shared/lockout/lockout-codes.ts';
import type { DeskFixture } from '../kit/fixtures.ts';
import { consolePages as ui } from '../kit/pages/console-pages.ts';
import { expect, test } from '../kit/fixtures.ts';
import { reasonText, text, type Language } from '../kit/catalog.ts';
import { openScenarioCard, type Scenario } from '../kit/flows.ts';
import { ResetPanel } from '../kit/pages/reset-panel.ts';
import { Workspace } from '../kit/pages/workspace.ts';

/** Signs in as an agent working in this language. */
async function agentIn(desk: DeskFixture, language: Language) {
  await desk.signIn('agent');
  await desk.ui.topBar.language.selectOption(language);
}

async function openVerified(desk: DeskFixture, page: Page, scenario: Scenario) {
  const person = await openScenarioCard({ ...desk, page }, scenario);
  await new Workspace(page).verifyCaller(person.dob, person.postcode);
  return person;
}

/** An agent in this language, and a team lead at a second console on the same core. */
async function agentAndLead(desk: DeskFixture, language: Language) {
  await agentIn(desk, language);
  const lead = await desk.secondConsole('lead');
  return {
    page: desk.page,
    reset: new ResetPanel(desk.page),
    lead,
    leadReset: new ResetPanel(lead),
  };
}

/** The disabled button's explanation: the refusal's code, and its text in the language. */
async function says(page: Page, language: Language, refusal: ResetRefusal) {
  const reset = new ResetPanel(page);
  await expect(reset.why).toHaveAttribute('data-refusal', refusal);
  await expect(reset.why).toHaveText(reasonText(language, `reset.${refusal}`));
  await expect(reset.open).toBeDisabled();
}

/** Back to search: the call ends without an outcome (the console asks; the kit answers). */
const back = (page: Page) => ui(page).workspace.back();

for (const language of ['ja', 'en'] as const) {
  test.describe(`in ${language === 'ja' ? 'Japanese' : 'English'}`, () => {
    test(`not locked, not verified, fraud: the button says why, in ${language}`, async ({
      desk,
    }) => {
      await agentIn(desk, language);
      const page = desk.page;

      await test.step('not locked', async () => {
        await openScenarioCard(desk, 'code-expired');
        await says(page, language, 'not-locked');
        await back(page);
      });

      await test.step('not verified, then verified and allowed', async () => {
        const person = await openScenarioCard(desk, 'locked-wrong-codes');
        await says(page, language, 'not-verified');
        await new Workspace(page).verifyCaller(person.dob, person.postcode);
        const reset = new ResetPanel(page);
        await expect(reset.open).toBeEnabled();
        await expect(reset.why).toHaveCount(0);
        await back(page);
      });

      await test.step('fraud, even for a verified caller', async () => {
        await openVerified(desk, page, 'suspected-fraud');
        await says(page, language, 'fraud');
      });
    });

    test(`an expired verification, an unconfirmed reset: the button says why, in ${language}`, async ({
      desk,
    }) => {
      await agentIn(desk, language);
      const page = desk.page;
      const reset = new ResetPanel(page);

      await test.step('the verification expired', async () => {
        desk.testDesk.setPolicy('verificationValidMinutes', 5);
        await openVerified(desk, page, 'english-locked');
        await expect(reset.open).toBeEnabled();
        await desk.advance(5 * 60_000 + 1_000);
        await says(page, language, 'verification-expired');
        await back(page);
      });

      await test.step('a reset the ACS has not confirmed', async () => {
        const person = await openVerified(desk, page, 'locked-wrong-codes');
        await reset.resetWith('Caller verified; mistyped the code three times.');
        await expect(reset.state).toHaveAttribute('data-state', 'applied');
        await back(page);
        desk.seed.unconfirmedReset(person.cards[0]!.publicId);
        await openScenarioCard(desk, 'locked-wrong-codes');
        await expect(reset.state).toHaveAttribute('data-state', 'requested');
        await says(page, language, 'reset-in-progress');
      });
    });

    test(`already unlocked by another console: the dialog says so, in ${language}`, async ({
      desk,
    }) => {
      test.skip(desk.target !== 'browser', 'two consoles on one core run on the browser target');
      const { page, reset, lead, leadReset } = await agentAndLead(desk, language);

      await openVerified(desk, page, 'locked-wrong-codes');
      await reset.fillDialog('Caller verified; mistyped the code three times.');
      await openVerified(desk, lead, 'locked-wrong-codes');
      await leadReset.resetWith('Reset from the lead desk.');
      await expect(leadReset.state).toHaveAttribute('data-state', 'applied');

      await reset.confirm.click();
      await expect(reset.problems).toHaveText(reasonText(language, 'reset.not-locked'));
      await page.keyboard.press('Escape');
      // The agent's screen catches up: unlocked, and the button says why.
      await expect(ui(page).card.lockBadge).toHaveText(text(language, 'card.notLocked'));
      await says(page, language, 'not-locked');
    });

    test(`a lead already asked by another console: the dialog says so, in ${language}`, async ({
      desk,
    }) => {
      test.skip(desk.target !== 'browser', 'two consoles on one core run on the browser target');
      const { page, reset, lead, leadReset } = await agentAndLead(desk, language);

      await openVerified(desk, page, 'reset-yesterday');
      await expect(reset.escalation).toBeVisible();
      await reset.fillDialog('Locked again the day after a reset; caller verified.');
      await openVerified(desk, lead, 'reset-yesterday');
      await leadReset.resetWith('Asked from the lead desk.');
      await expect(leadReset.approvalState).toHaveAttribute('data-state', 'pending');

      await reset.confirm.click();
      await expect(reset.problems).toHaveText(reasonText(language, 'reset.approval-pending'));
      // The dialog still says what the agent was asking for, though the status moved under it.
      await expect(reset.confirm).toHaveText(text(language, 'reset.confirmApproval'));
      await page.keyboard.press('Escape');
      // Read again after the refusal: the button now says why, for this agent too.
      await says(page, language, 'approval-pending');
    });
  });
}
