import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardHeader } from '../../../../shared/contract/index.ts';
import type { CallStage } from '../../../../shared/diagnosis/call-stage.ts';
import { CAUSE_TEXTS as SCRIPTS } from '../../../../shared/diagnosis/cause-texts.ts';
import type { CauseCode } from '../../../../shared/diagnosis/causes.ts';
import {
  composeScript,
  scriptToSay,
  type ScriptFacts,
} from '../../../../shared/diagnosis/script.ts';
import { routerNow } from '../../app/router-clock.ts';
import type { Language } from '../../i18n/i18n.ts';
import { LanguagePicker } from '../../ui/LanguagePicker.tsx';

/** Where the call stands, and the card's facts the script's words need. */
export interface CallForScript {
  stage: CallStage;
  verified: boolean;
  /** Misses left, for "verification failed" (the verification panel says it too). */
  missesLeft: number;
  facts: Omit<ScriptFacts, 'route' | 'now'>;
}

/** The router's time, ticking every 15 s so "about N minutes" stays true. */
function useRouterNow(): string {
  const [now, setNow] = useState(() => new Date(routerNow()).toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date(routerNow()).toISOString()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * What went wrong at checkout, most likely first, with what to say in the caller's language
 * (which need not be the agent's), chosen from the cause and where the call stands. Before
 * the caller is verified only general lines show. Every script says that codes are never
 * given by phone.
 */
export function DiagnosisPanel({
  diagnosis,
  call,
  callerLanguage,
  onCallerLanguage,
}: {
  diagnosis: CardHeader['diagnosis'];
  call: CallForScript;
  /** The caller's language (the call's, so it survives leaving the panel). */
  callerLanguage: Language;
  onCallerLanguage: (language: Language) => void;
}) {
  const { t, i18n } = useTranslation();
  const now = useRouterNow();
  const [openCause, setOpenCause] = useState<string | null>(null);
  const [first, ...others] = diagnosis;
  const agentLanguage: Language = i18n.language === 'en' ? 'en' : 'ja';

  return (
    <section className="panel diagnosis" aria-labelledby="diagnosis-title" data-testid="diagnosis">
      <div className="panel-head" data-shortcut="caller-language">
        <h2 id="diagnosis-title">{t('diagnosis.title')}</h2>
        <LanguagePicker
          className="inline-field"
          label={t('diagnosis.callerLanguage')}
          value={callerLanguage}
          onChange={onCallerLanguage}
          testId="script-language"
        />
      </div>
      {first && (
        <article className="cause cause-first" data-testid={`cause-${first.code}`} data-rank="1">
          <p className="muted small cause-kicker">
            {t('diagnosis.likely')} ·{' '}
            <span className="call-stage" data-testid="call-stage" data-stage={call.stage}>
              {t('diagnosis.stageLabel')}:{' '}
              {t(`diagnosis.stage.${call.stage}`, { count: call.missesLeft })}
            </span>
          </p>
          <h3 data-testid="cause-title">{SCRIPTS[first.code][agentLanguage].title}</h3>
          <Script cause={first} call={call} now={now} language={callerLanguage} />
          <ResetHint advised={first.resetAdvised} code={first.code} />
          <p className="small">{SCRIPTS[first.code][agentLanguage].explanation}</p>
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
                    <Script cause={cause} call={call} now={now} language={callerLanguage} />
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

function Script({
  cause,
  call,
  now,
  language,
}: {
  cause: CardHeader['diagnosis'][number];
  call: CallForScript;
  now: string;
  language: Language;
}) {
  const { t, i18n } = useTranslation();
  const input = {
    cause: cause.code,
    stage: call.stage,
    verified: call.verified,
    language,
    facts: { ...call.facts, route: cause.route, now },
  };
  const lines = scriptToSay(input);
  const withheld = composeScript(input).length - lines.length;
  return (
    <figure className="script" data-testid="script" lang={language}>
      <figcaption className="small muted">{t('diagnosis.script')}</figcaption>
      {lines.map((line) => (
        <p
          key={line.id}
          className={`script-line script-${line.reveal}`}
          data-line={line.id}
          data-reveal={line.reveal}
        >
          {line.reveal === 'account' && (
            <span className="visually-hidden">{t('diagnosis.accountLine')}: </span>
          )}
          {line.text}
        </p>
      ))}
      {withheld > 0 && (
        <p className="small muted" data-testid="script-withheld" lang={i18n.language}>
          {t('diagnosis.afterVerification')}
        </p>
      )}
    </figure>
  );
}
