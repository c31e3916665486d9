import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardHeader } from '../../../../shared/contract/index.ts';
import type { CauseCode } from '../../../../shared/diagnosis/causes.ts';
import { SCRIPTS } from '../../../../shared/diagnosis/scripts.ts';
import { LANGUAGES, type Language } from '../../i18n/i18n.ts';
import { LanguagePicker } from '../../ui/LanguagePicker.tsx';

/**
 * What went wrong at checkout, most likely first, with what to say in the caller's language
 * (which need not be the agent's). Every script says that codes are never given by phone.
 */
export function DiagnosisPanel({ diagnosis }: { diagnosis: CardHeader['diagnosis'] }) {
  const { t, i18n } = useTranslation();
  const [callerLanguage, setCallerLanguage] = useState<Language>(
    (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'ja',
  );
  const [openCause, setOpenCause] = useState<string | null>(null);
  const [first, ...others] = diagnosis;
  const agentLanguage: Language = i18n.language === 'en' ? 'en' : 'ja';

  return (
    <section className="panel diagnosis" aria-labelledby="diagnosis-title" data-testid="diagnosis">
      <div className="panel-head">
        <h2 id="diagnosis-title">{t('diagnosis.title')}</h2>
        <LanguagePicker
          className="inline-field"
          label={t('diagnosis.callerLanguage')}
          value={callerLanguage}
          onChange={setCallerLanguage}
          testId="script-language"
        />
      </div>
      {first && (
        <article className="cause cause-first" data-testid={`cause-${first.code}`} data-rank="1">
          <p className="muted small">{t('diagnosis.likely')}</p>
          <h3 data-testid="cause-title">{SCRIPTS[first.code][agentLanguage].title}</h3>
          <p>{SCRIPTS[first.code][agentLanguage].explanation}</p>
          <ResetHint advised={first.resetAdvised} code={first.code} />
          <Script code={first.code} language={callerLanguage} />
        </article>
      )}
      {others.length > 0 && (
        <>
          <p className="muted small">{t('diagnosis.also')}</p>
          <ul className="cause-list">
            {others.map((cause, index) => (
              <li
                key={cause.code}
                className="cause"
                data-testid={`cause-${cause.code}`}
                data-rank={index + 2}
              >
                <div className="cause-row">
                  <span className="cause-title">{SCRIPTS[cause.code][agentLanguage].title}</span>
                  <button
                    type="button"
                    className="button-quiet"
                    aria-expanded={openCause === cause.code}
                    onClick={() => setOpenCause(openCause === cause.code ? null : cause.code)}
                  >
                    {openCause === cause.code ? t('diagnosis.hide') : t('diagnosis.show')}
                  </button>
                </div>
                {openCause === cause.code && (
                  <>
                    <p>{SCRIPTS[cause.code][agentLanguage].explanation}</p>
                    <ResetHint advised={cause.resetAdvised} code={cause.code} />
                    <Script code={cause.code} language={callerLanguage} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Whether a reset helps: advised, never (fraud), or beside the point for this cause. */
function ResetHint({ advised, code }: { advised: boolean; code: CauseCode }) {
  const { t } = useTranslation();
  const text = advised
    ? t('diagnosis.resetAdvised')
    : code === 'suspected-fraud'
      ? t('diagnosis.noReset')
      : t('diagnosis.resetNotHelpful');
  return (
    <p
      className={`small ${advised ? 'hint-ok' : code === 'suspected-fraud' ? 'hint-stop' : 'muted'}`}
      data-testid="reset-hint"
      data-advised={String(advised)}
    >
      {text}
    </p>
  );
}

function Script({ code, language }: { code: keyof typeof SCRIPTS; language: Language }) {
  const { t } = useTranslation();
  return (
    <figure className="script" data-testid="script" lang={language}>
      <figcaption className="small muted">{t('diagnosis.script')}</figcaption>
      {SCRIPTS[code][language].say.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </figure>
  );
}
