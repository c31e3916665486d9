/** Steps many specs share, and what a caller says in the forms a real caller would. */
import { demoScenarioPerson, type DEMO_SCENARIOS } from '../../main/core/demo/demo-people.ts';
import type { DeskFixture } from './fixtures.ts';

export type ScenarioName = (typeof DEMO_SCENARIOS)[number];
/** @deprecated the name of ScenarioName before the kit; kept for older specs. */
export type Scenario = ScenarioName;

/**
 * Finds the scenario's card by its customer reference and opens it; returns the demo person
 * (the clear demo values). `desk.openScenario` does the same and returns the Scenario.
 */
export async function openScenarioCard(desk: DeskFixture, name: ScenarioName) {
  await desk.openScenario(name, desk.page);
  return demoScenarioPerson(desk.testDesk.seed, name);
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
