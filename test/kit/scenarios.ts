/**
 * The demo scenarios as a tester needs them: which card, how to find it, what verifies the
 * caller (demo values, public like the demo passwords), what the diagnosis should say first
 * and the lock it starts with. One source for `desk.scenario(...)` and the table in
 * docs/TESTING.md (test/unit/docs/scenario-table.test.ts fails when the two differ).
 */
import { maskCard } from '../../shared/cards/mask.ts';
import { DEMO_SEED } from '../../main/core/demo/build-demo.ts';
import { DEMO_SCENARIOS, demoScenarioPerson } from '../../main/core/demo/demo-people.ts';
import {
  DEMO_SCENARIO_CATALOG,
  type ScenarioLock,
} from '../../main/core/demo/demo-scenario-catalog.ts';
import type { CauseCode } from '../../shared/diagnosis/causes.ts';

export type ScenarioName = (typeof DEMO_SCENARIOS)[number];
export const SCENARIO_NAMES: readonly ScenarioName[] = DEMO_SCENARIOS;
export type { ScenarioLock };

export interface Scenario {
  name: ScenarioName;
  situation: string;
  /** The card's id in the console (search results and the workspace carry it). */
  cardId: string;
  /** As the console shows it: brand and last four. */
  maskedCard: string;
  /** The full demo card number (passes Luhn; demo only). */
  cardNumber: string;
  /** What a caller can be found by. */
  search: {
    customerRef: string;
    last4: string;
    surname: string;
    /** The surname in every form search also accepts (kana, romaji). */
    surnameReadings: string[];
    mobile: string | null;
    email: string | null;
  };
  /** The answers that verify the caller (date of birth and postcode together). */
  answers: { dob: string; postcode: string };
  /** The cardholder as registered: kanji for Japanese cardholders, latin for English ones. */
  cardholder: string;
  /** The cause the diagnosis ranks first. */
  diagnosis: CauseCode;
  lock: ScenarioLock;
}

/** A demo scenario's card and caller on a database built from this seed. */
export function scenario(name: ScenarioName, seed: string = DEMO_SEED): Scenario {
  if (!DEMO_SCENARIOS.includes(name)) {
    throw new Error(`No demo scenario "${name}". Known: ${DEMO_SCENARIOS.join(', ')}`);
  }
  const person = demoScenarioPerson(seed, name);
  const card = person.cards[0]!;
  const facts = DEMO_SCENARIO_CATALOG[name];
  return {
    name,
    situation: facts.situation,
    cardId: card.publicId,
    maskedCard: maskCard(card.brand, card.last4),
    cardNumber: card.pan,
    search: {
      customerRef: person.customerRef,
      last4: card.last4,
      surname: person.surname,
      surnameReadings: person.surnameReadings,
      mobile: person.mobile,
      email: person.email,
    },
    answers: { dob: person.dob, postcode: person.postcode },
    cardholder: person.name,
    diagnosis: facts.diagnosis,
    lock: facts.lock,
  };
}

const cell = (value: string | null) => (value === null ? '—' : `\`${value}\``);

/** The scenario table of docs/TESTING.md, in markdown, for the demo seed. */
export function scenarioTable(seed: string = DEMO_SEED): string {
  const header = [
    '| scenario | situation | card | customer ref | last 4 + surname | mobile | email | date of birth | postcode | diagnosis (first) | lock |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const rows = DEMO_SCENARIOS.map((name) => {
    const s = scenario(name, seed);
    return `| \`${s.name}\` | ${s.situation} | ${s.maskedCard} | ${cell(s.search.customerRef)} | \`${s.search.last4}\` ${s.search.surname} | ${cell(s.search.mobile)} | ${cell(s.search.email)} | ${cell(s.answers.dob)} | ${cell(s.answers.postcode)} | \`${s.diagnosis}\` | ${s.lock} |`;
  });
  return [...header, ...rows].join('\n');
}

export const SCENARIO_TABLE_START = '<!-- scenario-table:start (npm run docs:scenarios) -->';
export const SCENARIO_TABLE_END = '<!-- scenario-table:end -->';

/** The table as it stands between the markers of a markdown page, or null without them. */
export function tableIn(markdown: string): string | null {
  const start = markdown.indexOf(SCENARIO_TABLE_START);
  const end = markdown.indexOf(SCENARIO_TABLE_END);
  if (start < 0 || end < start) return null;
  return markdown.slice(start + SCENARIO_TABLE_START.length, end).trim();
}

/** The page with its table replaced by the one made from the source. */
export function withTable(markdown: string, seed: string = DEMO_SEED): string {
  const start = markdown.indexOf(SCENARIO_TABLE_START);
  const end = markdown.indexOf(SCENARIO_TABLE_END);
  if (start < 0 || end < start) throw new Error('The page has no scenario-table markers.');
  return `${markdown.slice(0, start + SCENARIO_TABLE_START.length)}\n\n${scenarioTable(seed)}\n\n${markdown.slice(end)}`;
}

/** A markdown table's cells, trimmed, with separator rows dropped: padding does not count. */
export function tableCells(table: string): string[][] {
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|') && !/^\|[\s:|-]+\|$/u.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}
