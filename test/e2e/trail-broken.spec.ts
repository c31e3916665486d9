/**
 * The audit trail marked broken (the trail watch found an entry failing: audit/trail-watch.ts)
 * stops agents and every reset. The agent's session ends at their next step and signing in
 * again is refused, in the agent's language: call the team lead. The lead, who may still sign
 * in to look into it, finds the reset panel refusing, the button disabled, even for a verified
 * caller on a locked card. The mark is in the key store, written here as the watch writes it.
 */
import { demoOperator } from '../../main/core/demo/demo-operators.ts';
import { keyFileNotes, keyStoreRecords } from '../../main/core/keys/key-notes.ts';
import { reasonText } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';
import { consolePages } from '../kit/pages/console-pages.ts';
import { ResetPanel } from '../kit/pages/reset-panel.ts';
import { Workspace } from '../kit/pages/workspace.ts';

for (const language of ['ja', 'en'] as const) {
  test(`a broken audit trail: the agent is signed out and refused, the lead's reset panel says why (${language})`, async ({
    desk,
  }) => {
    test.skip(desk.target === 'server', 'The key store is the server’s; the same text is shown.');
    test.skip(desk.target === 'electron', 'The lead’s console is a second browser page.');
    await desk.page.setViewportSize({ width: 1280, height: 800 });
    await desk.signIn('agent');
    await desk.ui.topBar.language.selectOption(language);
    const person = await openScenarioCard(desk, 'locked-wrong-codes');
    await new Workspace(desk.page).verifyCaller(person.dob, person.postcode);
    await expect(new ResetPanel(desk.page).open).toBeEnabled();

    keyStoreRecords(keyFileNotes(desk.testDesk.keyFile)).trailBreak.mark({
      seq: 3,
      foundAt: desk.testDesk.clock.now().toISOString(),
      problem: 'altered',
    });
    // The console reads the mark at most once a second.
    await desk.advance(1_000);
    await desk.ui.workspace.back();
    await expect(desk.ui.signIn.username).toBeVisible();
    const agent = demoOperator('agent');
    await desk.ui.signIn.signIn(agent.username, agent.password);
    await expect(desk.ui.signIn.error).toHaveText(reasonText(language, 'session.trail-broken'));
    await desk.page.screenshot({
      path: test.info().outputPath(`trail-broken.agent.${language}.png`),
    });

    const lead = await desk.secondConsole('lead');
    await lead.setViewportSize({ width: 1280, height: 800 });
    await consolePages(lead).topBar.language.selectOption(language);
    await desk.openScenario('locked-wrong-codes', lead);
    await new Workspace(lead).verifyCaller(person.dob, person.postcode);
    const reset = new ResetPanel(lead);
    await expect(reset.why).toHaveAttribute('data-refusal', 'trail-broken');
    await expect(reset.why).toHaveText(reasonText(language, 'reset.trail-broken'));
    await expect(reset.open).toBeDisabled();
    await lead.screenshot({ path: test.info().outputPath(`trail-broken.lead.${language}.png`) });
  });
}
