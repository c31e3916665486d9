/**
 * Every key an agent hears finds the right card — in every form a caller says it — and
 * the audit trail keeps only hashes and ids, never what was typed.
 */
import { demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import { SearchPage } from '../kit/pages/search-page.ts';
import { expect, test, type DeskFixture } from '../kit/fixtures.ts';
import { toFullWidth } from '../kit/flows.ts';

/** The last search audit entry, with its details parsed. */
function lastSearch(desk: DeskFixture) {
  const entry = desk.auditActions().findLast((e) => e.action === 'card.search')!;
  return { ...entry, parsed: JSON.parse(entry.details) as Record<string, unknown> };
}

test('the full card number finds the card with spaces, dashes or full-width digits', async ({
  desk,
}) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes');
  const card = person.cards[0]!;
  const grouped = card.pan.replace(/(\d{4})(?=\d)/gu, '$1 ');
  await desk.signIn('agent');
  const search = new SearchPage(desk.page);
  for (const typed of [card.pan, grouped, grouped.replaceAll(' ', '-'), toFullWidth(grouped)]) {
    await search.byCardNumber(typed);
    await expect(search.result(card.publicId)).toBeVisible();
    await expect(search.count).toHaveText(/^1 /u);
    const entry = lastSearch(desk);
    expect(entry.parsed).toMatchObject({ key: 'card-number', cardIds: [card.publicId] });
    expect(entry.details).not.toContain(card.pan.slice(-8));
  }
  await expect(desk.page.locator('body')).not.toContainText(card.pan);
});

test('a bad card number is explained before any search', async ({ desk }) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes');
  const pan = person.cards[0]!.pan; // a 16-digit VISA
  const wrongCheckDigit = pan.slice(0, -1) + String((Number(pan.at(-1)) + 1) % 10);
  await desk.signIn('agent');
  const searchesBefore = desk.auditActions().filter((e) => e.action === 'card.search').length;
  const search = new SearchPage(desk.page);

  await search.byCardNumber(wrongCheckDigit);
  await expect(search.problem).toContainText('check digit');
  await search.byCardNumber(pan.slice(0, -1));
  await expect(search.problem).toHaveText(
    'A VISA card number has 13, 16, or 19 digits. Check the number with the caller.',
  );
  await search.byCardNumber('9999 1234 5678 9012');
  await expect(search.problem).toContainText('No card brand');
  await search.byCardNumber('4111 abcd');
  await expect(search.problem).toContainText('only digits');
  // Nothing was searched, so nothing was written.
  expect(desk.auditActions().filter((e) => e.action === 'card.search')).toHaveLength(
    searchesBefore,
  );

  // The router refuses the same on its own, whatever the page did.
  const refused = await desk.page.evaluate(
    (number) => window.desk.cards.search({ key: 'card-number', number }),
    wrongCheckDigit,
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
});

test('last 4 + surname finds the card in kanji, kana, romaji and long-vowel spellings', async ({
  desk,
}) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'locked-wrong-codes'); // 佐藤 Sato
  const card = person.cards[0]!;
  await desk.signIn('agent');
  const search = new SearchPage(desk.page);
  const [hiragana] = person.surnameReadings;
  const katakana = hiragana!.replace(/[\u3041-\u3096]/gu, (c) =>
    String.fromCharCode(c.charCodeAt(0) + 0x60),
  );
  for (const surname of [
    person.surname,
    hiragana!,
    katakana,
    'Sato',
    'Satō',
    'Satou',
    'Satoh',
    'SATO',
    toFullWidth('Sato'),
  ]) {
    await search.byLast4AndSurname(card.last4, surname);
    await expect(search.result(card.publicId), surname).toBeVisible();
  }
  await search.byLast4AndSurname(toFullWidth(card.last4), 'さとう');
  await expect(search.result(card.publicId)).toBeVisible();
  await search.byLast4AndSurname(card.last4, 'Saito');
  await expect(search.empty).toBeVisible();
  expect(lastSearch(desk).details.toLowerCase()).not.toContain('saito');
});

test('the registered mobile finds the card in every form a caller says it', async ({ desk }) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'code-expired');
  const card = person.cards[0]!;
  const national = `0${person.mobile!.slice(3)}`; // +8190XXXXXXXX → 090XXXXXXXX
  const dashed = `${national.slice(0, 3)}-${national.slice(3, 7)}-${national.slice(7)}`;
  const international = `+81 ${national.slice(1, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
  await desk.signIn('agent');
  const search = new SearchPage(desk.page);
  for (const typed of [dashed, national, international, toFullWidth(dashed)]) {
    await search.byMobile(typed);
    await expect(search.result(card.publicId), typed).toBeVisible();
    const entry = lastSearch(desk);
    expect(entry.parsed).toMatchObject({ key: 'mobile', cardIds: [card.publicId] });
    expect(entry.details).not.toContain(national.slice(3));
  }
  await search.byMobile('12345');
  await expect(search.problem).toBeVisible();
});

test('the registered email finds the card, trimmed and case-insensitive', async ({ desk }) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'code-expired');
  const card = person.cards[0]!;
  await desk.signIn('agent');
  const search = new SearchPage(desk.page);
  await search.byEmail(`  ${person.email!.toUpperCase()} `);
  await expect(search.result(card.publicId)).toBeVisible();
  const entry = lastSearch(desk);
  expect(entry.parsed).toMatchObject({ key: 'email', cardIds: [card.publicId] });
  expect(entry.details.toLowerCase()).not.toContain(person.email!.split('@')[0]);
});

test('the customer reference finds the card', async ({ desk }) => {
  const person = demoScenarioPerson(desk.testDesk.seed, 'english-locked');
  const card = person.cards[0]!;
  await desk.signIn('agent');
  const search = new SearchPage(desk.page);
  const spoken = `${person.customerRef.slice(0, 5)}-${person.customerRef.slice(5)}`.toLowerCase();
  await search.byCustomerRef(spoken);
  await expect(search.result(card.publicId)).toContainText('Emily Clarke');
  expect(lastSearch(desk).parsed).toMatchObject({ key: 'customer-ref', cardIds: [card.publicId] });
});

test('searches by mobile or email are limited per operator; going over is refused and alerted', async ({
  desk,
}) => {
  desk.testDesk.setPolicy('contactSearchesPerHour', 5);
  const person = demoScenarioPerson(desk.testDesk.seed, 'code-expired');
  await desk.signIn('agent');
  const search = new SearchPage(desk.page);
  for (let i = 0; i < 5; i++) {
    await search.byMobile(person.mobile!);
    await expect(search.count).toHaveText(/^1 /u);
    await search.choose('last4-surname'); // clears the results between searches
  }
  await search.byEmail(person.email!);
  // Five allowed within the hour; the sixth is refused.
  await expect(search.error).toContainText(
    "You have reached this hour's limit for searches of this kind",
  );
  const alert = desk.auditActions().findLast((e) => e.action === 'card.search')!;
  expect(alert).toMatchObject({ result: 'alert', username: 'demo.agent' });
  expect(JSON.parse(alert.details)).toMatchObject({ key: 'email', reason: 'rate-limited' });

  // Other keys still work.
  await search.byCustomerRef(person.customerRef);
  await expect(search.result(person.cards[0]!.publicId)).toBeVisible();
});
