import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { VerificationView } from '../../../../shared/contract/index.ts';
import { parseDateOfBirth } from '../../../../shared/input/date-of-birth.ts';
import { normalisePostcode } from '../../../../shared/input/postcode.ts';
import { routerNow } from '../../app/router-clock.ts';
import { formatTime } from '../../ui/format.ts';
import { reasonKey, reasonText } from '../../ui/reason-text.ts';
import { useVerificationStore } from './verification-store.ts';

/**
 * Caller verification: the DOB and postcode the caller says, typed as said, answered as a
 * pair. The screen never shows either value back, and never says which one was wrong.
 *
 * Where verification stands comes from the card's header; each answer goes back to it
 * (`onVerified`), and `onStale` has the header read again when the state may have moved.
 */
export function VerificationPanel({
  cardId,
  verification,
  onVerified,
  onStale,
}: {
  cardId: string;
  verification: VerificationView;
  onVerified: (verification: VerificationView) => void;
  onStale: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { verifying, verifyError, lastResult, verify } = useVerificationStore(
    useShallow((s) => ({
      verifying: s.busy,
      verifyError: s.error,
      lastResult: s.lastResult,
      verify: s.verify,
    })),
  );
  const [dob, setDob] = useState('');
  const [postcode, setPostcode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  // A verification expires on the router's clock: ask again when it should have.
  const until = verification.status === 'verified' ? new Date(verification.until).getTime() : null;
  useEffect(() => {
    if (until === null) return;
    const timer = setTimeout(onStale, Math.max(0, until - routerNow()) + 500);
    return () => clearTimeout(timer);
  }, [until, onStale]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!parseDateOfBirth(dob)) return setProblem(t(reasonKey('verification.dob')));
    if (!normalisePostcode(postcode)) return setProblem(t(reasonKey('verification.postcode')));
    setProblem(null);
    const answer = await verify(cardId, dob, postcode);
    if (answer.ok) onVerified(answer.value);
    // Refused as blocked: another console may have used up the misses, read the state again.
    else if (answer.error.reason === 'verification.blocked') onStale();
    // What the caller said is not kept on screen after it was checked.
    setDob('');
    setPostcode('');
  };

  return (
    <section
      className="panel"
      aria-labelledby="verify-title"
      data-testid="verify-panel"
      data-shortcut="verify"
    >
      <h2 id="verify-title">{t('verify.title')}</h2>
      {verification.status === 'verified' ? (
        <p
          className="status status-ok"
          role="status"
          data-testid="verify-status"
          data-status="verified"
        >
          {t('verify.verified', { time: formatTime(verification.until, i18n.language) })}
        </p>
      ) : verification.status === 'blocked' ? (
        <p
          className="status status-danger"
          role="alert"
          data-testid="verify-status"
          data-status="blocked"
        >
          {t(`verify.blocked.${verification.limit}`)}
        </p>
      ) : (
        <>
          <p className="muted small">{t('verify.intro')}</p>
          {lastResult === 'unverified' && (
            <p
              className="status status-danger"
              role="alert"
              data-testid="verify-status"
              data-status="not-verified"
            >
              {t('verify.notVerified', { count: verification.missesLeft })}
            </p>
          )}
          {lastResult !== 'unverified' && verification.expiredAt && (
            <p
              className="status status-warn"
              role="status"
              data-testid="verify-status"
              data-status="expired"
            >
              {t('verify.expired')}
            </p>
          )}
          <form className="form" onSubmit={(event) => void submit(event)} noValidate>
            <label className="field">
              <span>{t('verify.dob')}</span>
              <input
                data-testid="verify-dob"
                autoComplete="off"
                spellCheck={false}
                placeholder={t('verify.dobExample')}
                maxLength={40}
                value={dob}
                onChange={(event) => setDob(event.target.value)}
              />
            </label>
            <label className="field">
              <span>{t('verify.postcode')}</span>
              <input
                data-testid="verify-postcode"
                autoComplete="off"
                inputMode="numeric"
                placeholder="100-0001"
                maxLength={20}
                value={postcode}
                onChange={(event) => setPostcode(event.target.value)}
              />
            </label>
            <button
              type="submit"
              className="button-primary"
              data-testid="verify-submit"
              disabled={verifying}
            >
              {verifying ? t('verify.busy') : t('verify.submit')}
            </button>
          </form>
        </>
      )}
      {problem && (
        <p className="error" role="alert" data-testid="verify-problem">
          {problem}
        </p>
      )}
      {/* Blocked is said by the state above, once the header is read again. */}
      {verifyError && verifyError.reason !== 'verification.blocked' && (
        <p className="error" role="alert" data-testid="verify-error">
          {reasonText(t, verifyError)}
        </p>
      )}
    </section>
  );
}
