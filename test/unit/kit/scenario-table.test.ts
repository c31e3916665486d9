/**
 * docs/TESTING.md lists the demo scenarios from the same source as `desk.scenario(...)`:
 * this fails when the page's table and the source differ (run `npm run docs:scenarios`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIOS } from '../../../main/core/demo/demo-people.ts';
import { CAUSES } from '../../../shared/diagnosis/causes.ts';
import { scenario, scenarioTable, tableCells, tableIn } from '../../kit/scenarios.ts';

const page = readFileSync(new URL('../../../docs/TESTING.md', import.meta.url), 'utf8');

describe('the scenario table of docs/TESTING.md', () => {
  it('is the table made from the demo scenarios (npm run docs:scenarios)', () => {
    const onPage = tableIn(page);
    expect(onPage, 'docs/TESTING.md has the scenario-table markers').not.toBeNull();
    expect(tableCells(onPage!)).toEqual(tableCells(scenarioTable()));
  });

  it('lists every scenario once, each with a known cause and the answers that verify it', () => {
    const names = tableCells(tableIn(page)!)
      .slice(1)
      .map((row) => row[0]!.replaceAll('`', ''));
    expect(names).toEqual([...DEMO_SCENARIOS]);
    for (const name of DEMO_SCENARIOS) {
      const s = scenario(name);
      expect(CAUSES).toContain(s.diagnosis);
      expect(s.answers.dob).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
      expect(s.answers.postcode).toMatch(/^\d{7}$/u);
      expect(s.maskedCard).toMatch(new RegExp(`•••• ${s.search.last4}$`, 'u'));
    }
  });

  it('a changed source no longer matches the page', () => {
    const changed = scenarioTable().replace('`locked-wrong-codes` |', '`locked-wrong-codes` | x');
    expect(tableCells(tableIn(page)!)).not.toEqual(tableCells(changed));
  });

  it('an unknown scenario is refused with the known ones', () => {
    expect(() => scenario('no-such' as never)).toThrow(/locked-wrong-codes/u);
  });
});
