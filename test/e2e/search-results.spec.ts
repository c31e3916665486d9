/**
 * Search results say enough to pick the right card without opening it: the name with its
 * kana reading, the product, and a lock badge when the card is locked (read through the ACS
 * gateway, as the call bar does). Nothing else: no contact, no date of birth.
 */
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { text } from '../kit/catalog.ts';
import { expect, test } from '../kit/fixtures.ts';

/** The lock's end as the console shows it (Japan time, HH:MM). */
const lockTime = (iso: string) =>
  new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(11, 16);

for (const language of ['en', 'ja'] as const) {
  test(`a result shows the kana reading, the product and the lock badge (${language})`, async ({
    desk,
  }) => {
    await desk.signIn('agent');
    if (language === 'ja') await desk.ui.topBar.chooseLanguage('ja');
    const locked = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes');
    const open = demoScenarioPerson(desk.testDesk.seed, 'code-expired');
    const { search } = desk.ui;

    await search.byCustomerRef(locked.customerRef);
    const result = search.result(locked.cards[0]!.publicId);
    await expect(result.getByTestId('search-result-reading')).toHaveText(locked.nameKana!);
    await expect(result.getByTestId('search-result-product')).toHaveText(
      text(language, `product.${locked.cards[0]!.product}`),
    );
    const until = desk.db.cardFacts(locked.cards[0]!.publicId).lockUntil!;
    await expect(result.getByTestId('search-result-lock')).toContainText(lockTime(until));

    await search.byCustomerRef(open.customerRef);
    const unlocked = search.result(open.cards[0]!.publicId);
    await expect(unlocked.getByTestId('search-result-product')).toBeVisible();
    await expect(unlocked.getByTestId('search-result-lock')).toHaveCount(0);
    // Least reveal: no contact or date of birth in the results.
    const shown = await search.results.innerText();
    for (const secret of [open.dob, open.postcode, open.mobile, open.email, locked.dob])
      if (secret) expect(shown).not.toContain(secret);
  });
}
