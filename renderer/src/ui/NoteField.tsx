import { useId } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { freeTextProblems, NOTE_MAX_LENGTH } from '../../../shared/text/free-text-guard.ts';
import { routerNow } from '../app/router-clock.ts';
import { reasonKey } from './reason-text.ts';

/**
 * A free-text note (wrap-up, reset, a lead's decision) with the hint of what must not go in
 * it. The field lets the agent type past the limit so the guard can say "too long" rather
 * than cutting the text silently.
 */
export function NoteField({
  label,
  value,
  onChange,
  testId,
  rows = 3,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  rows?: number;
}) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    <label className="field">
      <span>{label}</span>
      <textarea
        data-testid={testId}
        rows={rows}
        maxLength={NOTE_MAX_LENGTH + 200}
        aria-describedby={hintId}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={hintId} className="muted small">
        {t('note.hint')}
      </span>
    </label>
  );
}

/**
 * What the guard finds in a note, in the agent's language, checked as the agent saves so
 * they learn at once what to remove; main checks again before storing. Dates are judged on
 * the router's clock (an old enough date could be a date of birth), as main judges them.
 */
export function noteProblems(t: TFunction, note: string): string[] {
  return freeTextProblems(note, new Date(routerNow())).map((problem) =>
    t(reasonKey(`note.${problem}`)),
  );
}
