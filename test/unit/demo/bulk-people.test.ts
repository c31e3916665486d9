import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from '../../../shared/cards/luhn.ts';
import { BULK_FROM, bulkPan, bulkPerson } from '../../../main/core/demo/bulk-people.ts';

describe('bulk cardholders (an issuer-sized demo)', () => {
  const N = 20_000;
  const people = Array.from({ length: N }, (_, i) => bulkPerson('shape', BULK_FROM + i));

  it('spread surnames as in Japan: the most common held by several percent, a long tail', () => {
    const bySurname = new Map<string, number>();
    for (const person of people)
      bySurname.set(person.surname, (bySurname.get(person.surname) ?? 0) + 1);
    const counts = [...bySurname.values()].sort((a, b) => b - a);
    expect(counts[0]! / N).toBeGreaterThan(0.04);
    expect(counts[0]! / N).toBeLessThan(0.12);
    expect(bySurname.size).toBeGreaterThan(500);
  });

  it('give some cardholders several cards, each with its own unique valid number and id', () => {
    const cards = people.flatMap((person) => person.cards);
    expect(cards.length / N).toBeGreaterThan(1.2);
    expect(Math.max(...people.map((person) => person.cards.length))).toBeGreaterThanOrEqual(4);
    expect(new Set(cards.map((card) => card.pan)).size).toBe(cards.length);
    expect(new Set(cards.map((card) => card.publicId)).size).toBe(cards.length);
    expect(new Set(people.map((person) => person.publicId)).size).toBe(N);
    for (const card of cards.slice(0, 500))
      expect(luhnCheckDigit(card.pan.slice(0, -1))).toBe(card.pan.at(-1));
  });

  it('draw attempts with a long tail: most cards a few, some hundreds', () => {
    const counts = people.flatMap((person) => person.attemptCounts).sort((a, b) => a - b);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThanOrEqual(3);
    expect(counts.at(-1)).toBeGreaterThan(100);
  });

  it('are the same for the same seed and index, and move a number out of a taken one', () => {
    expect(bulkPerson('shape', 1234)).toEqual(bulkPerson('shape', 1234));
    const first = bulkPerson('shape', 999);
    const moved = bulkPerson('shape', 999, new Set([first.cards[0]!.pan]));
    expect(moved.cards[0]!.pan).not.toBe(first.cards[0]!.pan);
    expect(bulkPan('VISA', 1)).not.toBe(bulkPan('VISA', 2));
  });
});
