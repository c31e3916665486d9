/**
 * A note through the free-text guard before any command stores it (no card number, code,
 * email or phone). A refusal names the first problem as its reason (`note.card-number`,
 * …) and lists them all in English; where a note is required, an empty one is refused too.
 */
import { CheckedText } from '../../shared/contract/strings.ts';
import { checkFreeText, describeFreeTextProblems } from '../../shared/text/free-text-guard.ts';
import { DeskFailure } from './router/failure.ts';

/**
 * The note as stored (trimmed); `required` is the English refusal for an empty note. `now`
 * is the router's clock: whether a date could be a birth date depends on it.
 */
export function checkedNote(note: string, now: Date, required?: string): string {
  const checked = checkFreeText(note, now);
  if (!checked.ok) {
    throw new DeskFailure(
      'invalid_input',
      `note.${checked.problems[0]!}`,
      describeFreeTextProblems(checked.problems),
    );
  }
  if (required !== undefined && checked.text === '') {
    throw new DeskFailure('invalid_input', 'note.required', required);
  }
  return checked.text;
}

/**
 * A stored note on its way out. Replies check every note again (CheckedText), and one note
 * that no longer passes — written before the guard learned a new trick, or edited in the
 * database file — must not make the whole reply fail (a lead's queue would freeze): that
 * note alone is withheld, shown empty.
 */
export function shownNote(stored: string): string {
  return CheckedText.safeParse(stored).success ? stored : '';
}
