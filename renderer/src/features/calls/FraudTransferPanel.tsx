import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import {
  FRAUD_CASE_REF_EXAMPLE,
  normaliseFraudCaseRef,
} from '../../../../shared/input/fraud-case-ref.ts';
import { ProblemList } from '../../ui/ProblemList.tsx';
import { formatTime } from '../../ui/format.ts';
import { reasonText } from '../../ui/reason-text.ts';
import { useCallsStore } from './calls-store.ts';

/**
 * Suspected fraud has one next step: transfer the call to the fraud team, then record the
 * case reference the team gives (FR- and six digits, its own field, never free text). The
 * router checks the reference again and records it once, audited; the wrap-up shows it.
 */
export function FraudTransferPanel({ cardId }: { cardId: string }) {
  const { t, i18n } = useTranslation();
  const transfer = useCallsStore((s) => s.fraudTransfer);
  const saving = useCallsStore((s) => s.saving);
  const record = useCallsStore((s) => s.recordFraudTransfer);
  const [caseRef, setCaseRef] = useState('');
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!normaliseFraudCaseRef(caseRef)) {
      setProblems([t('fraudTransfer.badCaseRef', { example: FRAUD_CASE_REF_EXAMPLE })]);
      return;
    }
    setProblems([]);
    const error = await record(cardId, caseRef);
    if (error) setProblems([reasonText(t, error)]);
  };

  return (
    <section className="panel" aria-labelledby="fraud-transfer-title" data-testid="fraud-transfer">
      <h2 id="fraud-transfer-title">{t('fraudTransfer.title')}</h2>
      {transfer ? (
        <p className="hint-ok" role="status" data-testid="fraud-transfer-recorded">
          <Trans
            i18nKey="fraudTransfer.recorded"
            values={{
              caseRef: transfer.caseRef,
              time: formatTime(transfer.transferredAt, i18n.language),
            }}
            components={{ ref: <span className="case-ref" /> }}
          />
        </p>
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          <p className="small">{t('fraudTransfer.intro')}</p>
          <label className="field">
            <span>{t('fraudTransfer.caseRef')}</span>
            <input
              data-testid="fraud-transfer-case-ref"
              value={caseRef}
              autoComplete="off"
              spellCheck={false}
              placeholder={FRAUD_CASE_REF_EXAMPLE}
              onChange={(event) => setCaseRef(event.target.value)}
            />
          </label>
          <ProblemList problems={problems} testId="fraud-transfer-problems" />
          <button
            type="submit"
            className="button-primary"
            data-testid="fraud-transfer-record"
            disabled={saving}
          >
            {t('fraudTransfer.record')}
          </button>
        </form>
      )}
    </section>
  );
}
