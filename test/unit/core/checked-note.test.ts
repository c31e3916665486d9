/**
 * Notes on their way in are checked at the router's clock; notes on their way out are checked
 * again, and one that no longer passes is withheld alone instead of failing the whole reply.
 */
import { describe, expect, it } from 'vitest';
import { checkedNote, shownNote } from '../../../main/core/checked-note.ts';
import { DeskFailure } from '../../../main/core/router/failure.ts';

describe('checkedNote', () => {
  it('judges a date by the router clock, not the machine clock', () => {
    const note = 'Caller says the account was opened on 2011-03-01.';
    // Fifteen years back from a 2026 clock this could be a birth date; from 2012 it cannot.
    expect(checkedNote(note, new Date('2012-06-01T00:00:00.000Z'))).toBe(note);
    expect(() => checkedNote(note, new Date('2026-06-01T00:00:00.000Z'))).toThrow(DeskFailure);
  });

  it('refuses with the first problem as its reason, and an empty required note', () => {
    const now = new Date('2026-06-01T00:00:00.000Z');
    try {
      checkedNote('card 4111 1111 1111 1111', now);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input', reason: 'note.card-number' });
    }
    expect(() => checkedNote('   ', now, 'Say why.')).toThrow(/Say why\./u);
    expect(checkedNote('   ', now)).toBe('');
  });
});

describe('shownNote', () => {
  it('passes a note the guard accepts and withholds one it refuses', () => {
    expect(shownNote('Caller mistyped the code twice.')).toBe('Caller mistyped the code twice.');
    expect(shownNote('card 4111 1111 1111 1111')).toBe('');
    expect(shownNote('mail taro@example.jp')).toBe('');
  });
});
