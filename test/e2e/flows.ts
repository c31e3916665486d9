/** Steps many specs share: open a demo scenario's card as an agent would. */
import { demoScenarioPerson, type DEMO_SCENARIOS } from '../../main/core/demo/demo-people.ts';
import { expect, type DeskFixture } from './fixtures.ts';
import { SearchPage } from './pages/search-page.ts';

export type Scenario = (typeof DEMO_SCENARIOS)[number];

/** Finds the scenario's card by its customer reference and opens it; returns the person. */
export async function openScenarioCard(desk: DeskFixture, scenario: Scenario) {
  const person = demoScenarioPerson(desk.testDesk.seed, scenario);
  const search = new SearchPage(desk.page);
  await search.byCustomerRef(person.customerRef);
  await search.result(person.cards[0]!.publicId).click();
  await expect(desk.page.getByTestId('card-header')).toBeVisible();
  return person;
}

/** A DOB in the Japanese era a caller born then would use: 昭和55年4月12日. */
export function eraDate(dob: string): string {
  const [year, month, day] = dob.split('-').map(Number) as [number, number, number];
  const [era, first] = dob < '1989-01-08' ? ['昭和', 1926] : ['平成', 1989];
  const n = year - first + 1;
  return `${era}${n === 1 ? '元' : n}年${month}月${day}日`;
}

export const toFullWidth = (text: string) =>
  text.replace(/[0-9A-Za-z+\-@.]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** A postcode the caller did not say: the last digit changed. */
export const wrongPostcode = (postcode: string) =>
  postcode.slice(0, -1) + String((Number(postcode.at(-1)) + 1) % 10);
