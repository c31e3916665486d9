import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { CALL_OUTCOMES, type CallOutcome } from '../../../../shared/calls/call-codes.ts';
import { ChoiceField } from '../../ui/ChoiceField.tsx';
import { NoteField, noteProblems } from '../../ui/NoteField.tsx';
import { ProblemList } from '../../ui/ProblemList.tsx';
import { reasonText } from '../../ui/reason-text.ts';
import { useCallsStore } from './calls-store.ts';

/**
 * Wrap-up: the outcome and a note, saved with the call. The note is checked here first so
 * the agent learns at once what to remove (no card number, code, email or phone); main
 * checks it again before storing. Saving clears the workspace for the next call.
 */
export function WrapUpPanel({ cardId }: { cardId: string }) {
  const { t } = useTranslation();
  const wrapUp = useCallsStore((s) => s.wrapUp);
  const saving = useCallsStore((s) => s.saving);
  const { outcome, note } = useCallsStore((s) => s.draft);
  const setDraft = useCallsStore((s) => s.setDraft);
  const transfer = useCallsStore((s) => s.fraudTransfer);
  const setOutcome = (value: CallOutcome | '') => setDraft({ outcome: value });
  const setNote = (value: string) => setDraft({ note: value });
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: string[] = [];
    if (outcome === '') found.push(t('wrapUp.needOutcome'));
    found.push(...noteProblems(t, note));
    setProblems(found);
    if (found.length > 0 || outcome === '') return;
    const error = await wrapUp(cardId, outcome, note);
    if (error) setProblems([reasonText(t, error)]);
  };

  return (
    <section
      className="panel"
      aria-labelledby="wrap-up-title"
      data-testid="wrap-up"
      data-shortcut="wrap-up"
    >
      <h2 id="wrap-up-title">{t('wrapUp.title')}</h2>
      {transfer && (
        <p className="small" data-testid="wrap-up-fraud-transfer">
          <Trans
            i18nKey="fraudTransfer.inWrapUp"
            values={{ caseRef: transfer.caseRef }}
            components={{ ref: <span className="case-ref" /> }}
          />
        </p>
      )}
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <ChoiceField
          label={t('wrapUp.outcome')}
          placeholder={t('wrapUp.choose')}
          options={CALL_OUTCOMES}
          optionLabel={(o) => t(`wrapUp.outcomes.${o}`)}
          value={outcome}
          onChange={setOutcome}
          testId="wrap-up-outcome"
        />
        <NoteField label={t('wrapUp.note')} value={note} onChange={setNote} testId="wrap-up-note" />
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
