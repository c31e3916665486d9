import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CALL_OUTCOMES } from '../../../shared/contract/index.ts';
import { freeTextProblems, NOTE_MAX_LENGTH } from '../../../shared/text/free-text-guard.ts';
import { useCardStore, type CallOutcome } from '../stores/card-store.ts';
import { ProblemList } from './ProblemList.tsx';

/**
 * Wrap-up: the outcome and a note, saved with the call. The note is checked here first so
 * the agent learns at once what to remove (no card number, code, email or phone); main
 * checks it again before storing. Saving clears the workspace for the next call.
 */
export function WrapUpPanel() {
  const { t } = useTranslation();
  const wrapUp = useCardStore((s) => s.wrapUp);
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: string[] = [];
    if (outcome === '') found.push(t('wrapUp.needOutcome'));
    found.push(...freeTextProblems(note).map((problem) => t(`wrapUp.problems.${problem}`)));
    setProblems(found);
    if (found.length > 0 || outcome === '') return;
    setSaving(true);
    const error = await wrapUp(outcome, note);
    setSaving(false);
    if (error)
      setProblems([error.code === 'invalid_input' ? error.message : t(`errors.${error.code}`)]);
  };

  return (
    <section className="panel" aria-labelledby="wrap-up-title" data-testid="wrap-up">
      <h2 id="wrap-up-title">{t('wrapUp.title')}</h2>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <label className="field">
          <span>{t('wrapUp.outcome')}</span>
          <select
            data-testid="wrap-up-outcome"
            value={outcome}
            onChange={(event) => setOutcome(event.target.value as CallOutcome)}
          >
            <option value="" disabled>
              {t('wrapUp.choose')}
            </option>
            {CALL_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`wrapUp.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('wrapUp.note')}</span>
          <textarea
            data-testid="wrap-up-note"
            rows={3}
            maxLength={NOTE_MAX_LENGTH + 200}
            aria-describedby="wrap-up-hint"
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
          <span id="wrap-up-hint" className="muted small">
            {t('wrapUp.noteHint')}
          </span>
        </label>
        <ProblemList problems={problems} testId="wrap-up-problems" />
        <button
          type="submit"
          className="button-primary"
          data-testid="wrap-up-save"
          disabled={saving}
        >
          {saving ? t('wrapUp.saving') : t('wrapUp.save')}
        </button>
      </form>
    </section>
  );
}
