/**
 * The audit trail marked broken (the trail watch found an entry failing: audit/trail-watch.ts)
 * stops every reset: the reset panel says so in the agent's language — call the team lead —
 * and the button stays disabled, even for a verified caller on a locked card. The mark is in
 * the key store, written here as the watch writes it.
 */
import { keyFileNotes, keyStoreRecords } from '../../main/core/keys/key-notes.ts';
import { reasonText } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';
import { ResetPanel } from '../kit/pages/reset-panel.ts';
import { Workspace } from '../kit/pages/workspace.ts';

for (const language of ['ja', 'en'] as const) {
  test(`a broken audit trail: the reset panel says to call the team lead (${language})`, async ({
    desk,
  }) => {
    test.skip(desk.target === 'server', 'The key store is the server’s; the same text is shown.');
    await desk.page.setViewportSize({ width: 1280, height: 800 });
    await desk.signIn('agent');
    await desk.ui.topBar.language.selectOption(language);
    const person = await openScenarioCard(desk, 'locked-wrong-codes');
    await new Workspace(desk.page).verifyCaller(person.dob, person.postcode);
    const reset = new ResetPanel(desk.page);
    await expect(reset.open).toBeEnabled();

    keyStoreRecords(keyFileNotes(desk.testDesk.keyFile)).trailBreak.mark({
      seq: 3,
      foundAt: desk.testDesk.clock.now().toISOString(),
      problem: 'altered',
    });
    // The panel asks again when the card is opened again.
    await desk.ui.workspace.back();
    await openScenarioCard(desk, 'locked-wrong-codes');
    await new Workspace(desk.page).verifyCaller(person.dob, person.postcode);
    await expect(reset.why).toHaveAttribute('data-refusal', 'trail-broken');
    await expect(reset.why).toHaveText(reasonText(language, 'reset.trail-broken'));
    await expect(reset.open).toBeDisabled();
    await desk.page.screenshot({ path: test.info().outputPath(`trail-broken.${language}.png`) });
  });
}
