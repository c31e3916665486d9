import { describe, expect, it } from 'vitest';
import { brandOf } from '../../../shared/cards/brands.ts';
import { luhnValid } from '../../../shared/cards/luhn.ts';
import { PersonName } from '../../../shared/contract/index.ts';
import {
  DEMO_SCENARIOS,
  demoPeople,
  demoScenarioPerson,
} from '../../../main/core/demo/demo-people.ts';

describe('demo people', () => {
  const people = demoPeople('seed-a', 300);

  it('are the same for the same seed and differ for another', () => {
    expect(demoPeople('seed-a', 300)).toEqual(people);
    expect(demoPeople('seed-b', 300)[0]!.cards[0]!.pan).not.toBe(people[0]!.cards[0]!.pan);
  });

  it('start with one fixed cardholder per scenario, in order', () => {
    expect(people.slice(0, DEMO_SCENARIOS.length).map((p) => p.scenario)).toEqual([
      ...DEMO_SCENARIOS,
    ]);
    expect(demoScenarioPerson('seed-a', 'locked-wrong-codes')).toMatchObject({
      name: '佐藤 花子',
      nameLatin: 'Sato Hanako',
      cards: [{ brand: 'VISA' }],
    });
    expect(demoScenarioPerson('seed-a', 'no-contact')).toMatchObject({ mobile: null, email: null });
    expect(demoScenarioPerson('seed-a', 'english-locked')).toMatchObject({
      name: 'Emily Clarke',
      nameKana: null,
    });
  });

  it('have valid card numbers of their brand, with matching last 4', () => {
    for (const person of people) {
      for (const card of person.cards) {
        expect(luhnValid(card.pan), card.pan).toBe(true);
        expect(brandOf(card.pan)?.brand).toBe(card.brand);
        expect(brandOf(card.pan)?.lengths).toContain(card.pan.length);
        expect(card.pan.endsWith(card.last4)).toBe(true);
      }
    }
  });

  it('have names the contract accepts, unique ids, reserved email domains', () => {
    const ids = new Set<string>();
    for (const person of people) {
      expect(PersonName.safeParse(person.name).success).toBe(true);
      expect(PersonName.safeParse(person.nameLatin).success).toBe(true);
      ids.add(person.publicId);
      for (const card of person.cards) ids.add(card.publicId);
      if (person.email) expect(person.email).toMatch(/@example\.(jp|com)$/);
      if (person.mobile) expect(person.mobile).toMatch(/^\+81[789]0\d{8}$/);
      expect(person.postcode).toMatch(/^\d{7}$/);
    }
    expect(ids.size).toBe(people.length * 2);
  });

  it('mix Japanese and English cardholders, and two share the surname 佐藤', () => {
    const english = people.filter((p) => p.nameKana === null).length;
    expect(english / people.length).toBeGreaterThan(0.15);
    expect(english / people.length).toBeLessThan(0.45);
    expect(people.filter((p) => p.surname === '佐藤').length).toBeGreaterThanOrEqual(2);
  });
});
