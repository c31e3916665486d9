/**
 * A cardholder's verification facts removed (or put back from before a change) outside Verify
 * Desk, while the trail records the ones the import last wrote: the caller's answers are not
 * checked against them — verification is refused, the agent reads why and whom to call in
 * their language, and the lead is alerted.
 */
import { reasonText } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';
import { openScenarioCard } from '../kit/flows.ts';

test('facts removed in the file: the caller cannot be verified, and the agent reads why, in Japanese and English', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const person = await openScenarioCard(desk, 'locked-wrong-codes');
  desk.intruder.removeFacts(person.publicId);
  await desk.page.setViewportSize({ width: 1280, height: 800 });
  for (const language of ['ja', 'en'] as const) {
    await desk.ui.topBar.language.selectOption(language);
    await desk.ui.verification.verifyCaller(person.dob, person.postcode);
    await expect(desk.ui.verification.error).toHaveText(
      reasonText(language, 'verification.facts-not-latest'),
    );
    await desk.page.screenshot({
      path: test.info().outputPath(`facts-not-latest.${language}.png`),
    });
  }
  const refused = desk.auditActions().filter((e) => e.action === 'caller.verify');
  expect(refused.map((e) => e.result)).toEqual(['refused', 'refused']);
  expect(desk.auditActions().some((e) => e.action === 'alert.altered-row')).toBe(true);
});
