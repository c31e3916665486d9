/**
 * A policy value changed outside Verify Desk: the console acts on nothing (every call refused
 * as `policy.altered`), and the agent reads, in their language, to call the team lead — an
 * admin must set the policy again. The text comes from the catalog by reason.
 */
import { expect, test } from '../kit/fixtures.ts';
import { reasonText } from '../kit/catalog.ts';

test('a forged policy value refuses the next search, saying whom to call, in Japanese and English', async ({
  desk,
}) => {
  await desk.signIn('agent');
  const who = desk.scenario('locked-wrong-codes');
  desk.intruder.forgePolicy('verificationMissesPerCall', 5);
  await desk.page.setViewportSize({ width: 1280, height: 800 });
  for (const language of ['ja', 'en'] as const) {
    await desk.ui.topBar.language.selectOption(language);
    await desk.ui.search.byCustomerRef(who.search.customerRef);
    await expect(desk.ui.search.error).toHaveText(reasonText(language, 'policy.altered'));
    await desk.page.screenshot({ path: test.info().outputPath(`policy-altered.${language}.png`) });
  }
});
