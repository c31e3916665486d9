/**
 * A note through the free-text guard before any command stores it (no card number, code,
 * email or phone). A refusal names the first problem as its reason (`note.card-number`,
 * …) and lists them all in English; where a note is required, an empty one is refused too.
 */
import { checkFreeText, describeFreeTextProblems } from '../../shared/text/free-text-guard.ts';
import { DeskFailure } from './router/failure.ts';

/** The note as stored (trimmed); `required` is the English refusal for an empty note. */
export function checkedNote(note: string, required?: string): string {
  const checked = checkFreeText(note);
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
