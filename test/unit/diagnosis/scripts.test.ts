/**
 * The call script: a title and explanation for every cause in both languages, a script for
 * every cause × call stage that ends with "codes are never given by phone", and — proved over
 * every cause × stage × facts — no line about the card shown to a caller not yet verified.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../shared/languages.ts';
import { BRANDS } from '../../../shared/cards/brands.ts';
import { CALL_STAGES, callStage, type CallStage } from '../../../shared/diagnosis/call-stage.ts';
import { CAUSE_TEXTS } from '../../../shared/diagnosis/cause-texts.ts';
import { CAUSES, CODE_ROUTES } from '../../../shared/diagnosis/causes.ts';
import {
  composeScript,
  scriptToSay,
  type ScriptFacts,
  type ScriptInput,
} from '../../../shared/diagnosis/script.ts';
import { CODES_NEVER_BY_PHONE } from '../../../shared/diagnosis/script-words.ts';
import { RESET_ESCALATIONS } from '../../../shared/lockout/lockout-codes.ts';

const NOW = '2026-11-20T01:00:00.000Z';
const UNTIL = '2026-11-20T01:18:00.000Z'; // 10:18 in Japan, 18 minutes from now

const facts = (over: Partial<ScriptFacts> = {}): ScriptFacts => ({
  brand: 'VISA',
  route: 'sms',
  now: NOW,
  lock: { until: UNTIL },
  canReset: { escalation: [] },
  waitingFor: [],
  ...over,
});

const text = (input: ScriptInput) =>
  scriptToSay(input)
    .map((line) => line.text)
    .join(' ');

/** Words about this card's contacts or fraud: never said to an unverified caller. */
const ACCOUNT_WORDS = {
  en: /fraud|no longer|changed|registered for your card|specialist|locked|unlock|lock|minutes? left|\d{1,2}:\d{2}/iu,
  ja: /不正|異なる|変更されて|ロック|専門|時\d|分で|登録手続き中/u,
};

const arbFacts: fc.Arbitrary<ScriptFacts> = fc.record({
  brand: fc.constantFrom(...BRANDS),
  route: fc.option(fc.constantFrom(...CODE_ROUTES), { nil: null }),
  now: fc.constant(NOW),
  lock: fc.option(
    fc.record({
      until: fc.option(
        fc
          .integer({ min: 1, max: 24 * 60 })
          .map((m) => new Date(Date.parse(NOW) + m * 60_000 - 7_000).toISOString()),
        { nil: null },
      ),
    }),
    { nil: null },
  ),
  canReset: fc.option(fc.record({ escalation: fc.subarray([...RESET_ESCALATIONS]) }), {
    nil: null,
  }),
  waitingFor: fc.subarray([...RESET_ESCALATIONS]),
});

describe('cause texts', () => {
  it.each(CAUSES)('%s: a title and an explanation in English and Japanese', (code) => {
    for (const language of LANGUAGES) {
      expect(CAUSE_TEXTS[code][language].title.trim()).not.toBe('');
      expect(CAUSE_TEXTS[code][language].explanation.trim()).not.toBe('');
    }
  });
});

describe('the script for every cause and call stage', () => {
  it('has words in both languages and ends once with "codes are never given by phone"', () => {
    for (const cause of CAUSES)
      for (const stage of CALL_STAGES)
        for (const verified of [true, false])
          for (const language of LANGUAGES) {
            const lines = scriptToSay({ cause, stage, verified, language, facts: facts() });
            expect(lines.length).toBeGreaterThanOrEqual(
              verified || stage.startsWith('verif') || stage === 'unverified' ? 2 : 1,
            );
            expect(lines.at(-1)?.text).toBe(CODES_NEVER_BY_PHONE[language]);
            expect(lines.filter((l) => l.text === CODES_NEVER_BY_PHONE[language])).toHaveLength(1);
            for (const line of lines) {
              if (language === 'ja') {
                expect(line.text).toMatch(/[\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Han}]/u);
                // Full-width punctuation, no spaces around numbers.
                expect(line.text).not.toMatch(/[,.!?()]|\s\d|\d\s/u);
              } else expect(line.text).not.toMatch(/[\p{sc=Hiragana}\p{sc=Katakana}]/u);
            }
          }
  });

  it('property: before verification no account line is shown, for any cause × stage × facts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CAUSES),
        fc.constantFrom(...CALL_STAGES),
        fc.constantFrom(...LANGUAGES),
        arbFacts,
        (cause, stage, language, f) => {
          const input = { cause, stage, verified: false, language, facts: f };
          const shown = scriptToSay(input);
          expect(shown.every((line) => line.reveal === 'general')).toBe(true);
          // Labels can be wrong: the words themselves hold no fact of this card.
          const said = shown.map((l) => l.text).join(' ');
          expect(said).not.toMatch(ACCOUNT_WORDS[language]);
          // The only numbers a general line says: 6 digits, 10 minutes.
          for (const n of said.match(/\d+/gu) ?? []) expect(['6', '10']).toContain(n);
          // Every account line is still composed: verification reveals it, nothing else.
          const all = composeScript(input);
          expect(scriptToSay({ ...input, verified: true })).toEqual(all);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('property: before verification the words are the same for every card and cause', () => {
    const reference = (stage: CallStage, language: 'en' | 'ja') =>
      text({ cause: 'not-3ds', stage, verified: false, language, facts: facts({ lock: null }) });
    fc.assert(
      fc.property(
        fc.constantFrom(...CAUSES),
        fc.constantFrom(
          ...(['unverified', 'verification-failed', 'verification-blocked'] as const),
        ),
        fc.constantFrom(...LANGUAGES),
        arbFacts,
        (cause, stage, language, f) => {
          const said = text({ cause, stage, verified: false, language, facts: f });
          expect(said).toBe(reference(stage, language));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('a locked card, verified: the programme, when the lock ends in Japan time, the minutes left', () => {
    const en = text({
      cause: 'locked-wrong-codes',
      stage: 'verified',
      verified: true,
      language: 'en',
      facts: facts(),
    });
    expect(en).toContain('Visa Secure');
    expect(en).toContain('10:18 Japan time, in about 18 minutes');
    expect(en).toContain('I can unlock it for you now');
    const ja = text({
      cause: 'locked-wrong-codes',
      stage: 'verified',
      verified: true,
      language: 'ja',
      facts: facts({ brand: 'AMEX' }),
    });
    expect(ja).toContain('American Express SafeKey');
    expect(ja).toContain('日本時間の10時18分、あと約18分');
  });

  it('a locked card, unverified: asks for verification and never says "now that we have confirmed"', () => {
    const en = text({
      cause: 'locked-wrong-codes',
      stage: 'unverified',
      verified: false,
      language: 'en',
      facts: facts(),
    });
    expect(en).toMatch(/confirm your identity\?/u);
    expect(en).not.toMatch(/have confirmed|unlock|lock/u);
  });

  it('a reset needing a lead says why, and what to say while the caller waits', () => {
    const verified = text({
      cause: 'locked-wrong-codes',
      stage: 'verified',
      verified: true,
      language: 'en',
      facts: facts({ canReset: { escalation: ['second-reset'] } }),
    });
    expect(verified).toMatch(/team lead’s approval, because it was already unlocked once/u);
    expect(verified).not.toContain('I can unlock it for you now');
    const waiting = text({
      cause: 'locked-wrong-codes',
      stage: 'reset-requested',
      verified: true,
      language: 'ja',
      facts: facts({ waitingFor: ['recent-contact-change'] }),
    });
    expect(waiting).toContain(
      '最近ご連絡先が変更されているため、ロックの解除には責任者の承認が必要です',
    );
    expect(waiting).toContain('もうしばらくお待ちいただけますでしょうか');
  });

  it('after the unlock: try again now, a 6-digit code valid 10 minutes, and how it is sent', () => {
    for (const stage of ['reset-applied', 'reset-approved', 'lock-lifted'] as const) {
      const en = text({
        cause: 'locked-wrong-codes',
        stage,
        verified: true,
        language: 'en',
        facts: facts({ route: 'email' }),
      });
      expect(en).toMatch(/start the checkout again now.*6 digits and valid for 10 minutes/su);
      expect(en).toContain('by email to your registered address');
      expect(en).not.toMatch(/ends on its own/u);
    }
  });

  it('after an unlock, the card reads "no 3-D Secure problem": the script only says try again', () => {
    const en = text({
      cause: 'not-3ds',
      stage: 'reset-approved',
      verified: true,
      language: 'en',
      facts: facts({ lock: null }),
    });
    expect(en).toContain('The approval has come through');
    expect(en).not.toMatch(/working normally|put you through/u);
  });

  it('the old-destination script tells a mobile from an email', () => {
    const mobile = text({
      cause: 'old-destination',
      stage: 'verified',
      verified: true,
      language: 'en',
      facts: facts({ route: 'sms', lock: null }),
    });
    expect(mobile).toMatch(/mobile number that is no longer.*urgent.*email address first/su);
    const email = text({
      cause: 'old-destination',
      stage: 'verified',
      verified: true,
      language: 'en',
      facts: facts({ route: 'email', lock: null }),
    });
    expect(email).toMatch(/email address that is no longer/u);
    expect(email).not.toMatch(/urgent/u);
  });

  it('the fraud script never offers an unlock nor says fraud, in either language', () => {
    for (const stage of CALL_STAGES) {
      const en = text({
        cause: 'suspected-fraud',
        stage,
        verified: true,
        language: 'en',
        facts: facts({ canReset: null, lock: null }),
      });
      expect(en).not.toMatch(/fraud/iu);
      const ja = text({
        cause: 'suspected-fraud',
        stage,
        verified: true,
        language: 'ja',
        facts: facts({ canReset: null, lock: null }),
      });
      expect(ja).not.toMatch(/不正/u);
      if (stage === 'verified') {
        expect(en).toMatch(/transfer you to a specialist team/u);
        expect(en).not.toMatch(/unlock|reset/iu);
      }
    }
  });
});

describe('the call stage', () => {
  const base = {
    verification: { status: 'unverified', missedInCall: 0 },
    reset: null,
    approval: null,
    lockedNow: true,
    lockSeenInCall: true,
  } as const;
  const verified = { status: 'verified', at: '2026-11-20T01:00:00.000Z' } as const;
  const after = '2026-11-20T01:05:00.000Z';
  const before = '2026-11-19T01:05:00.000Z';
  const cases: [string, Parameters<typeof callStage>[0], CallStage][] = [
    ['not yet verified', base, 'unverified'],
    [
      'a miss in this call',
      { ...base, verification: { status: 'unverified', missedInCall: 1 } },
      'verification-failed',
    ],
    ['blocked', { ...base, verification: { status: 'blocked' } }, 'verification-blocked'],
    ['verified', { ...base, verification: verified }, 'verified'],
    [
      'an earlier call’s reset does not count',
      { ...base, verification: verified, reset: { state: 'applied', requestedAt: before } },
      'verified',
    ],
    [
      'waiting for a lead',
      { ...base, verification: verified, approval: { state: 'pending' } },
      'reset-requested',
    ],
    [
      'approved',
      {
        ...base,
        verification: verified,
        approval: { state: 'approved' },
        reset: { state: 'applied', requestedAt: after },
        lockedNow: false,
      },
      'reset-approved',
    ],
    [
      'rejected',
      { ...base, verification: verified, approval: { state: 'rejected' } },
      'reset-rejected',
    ],
    [
      'a request cancelled by the agent: verified again, the reset offered again',
      { ...base, verification: verified, approval: { state: 'cancelled' } },
      'verified',
    ],
    [
      'sent',
      { ...base, verification: verified, reset: { state: 'requested', requestedAt: after } },
      'reset-sent',
    ],
    [
      'applied',
      {
        ...base,
        verification: verified,
        reset: { state: 'applied', requestedAt: after },
        lockedNow: false,
      },
      'reset-applied',
    ],
    [
      'failed at the ACS',
      { ...base, verification: verified, reset: { state: 'failed', requestedAt: after } },
      'reset-failed',
    ],
    [
      'refused by the ACS: final, not "please hold"',
      { ...base, verification: verified, reset: { state: 'refused', requestedAt: after } },
      'reset-refused',
    ],
    [
      'expired unsent: final too',
      { ...base, verification: verified, reset: { state: 'expired', requestedAt: after } },
      'reset-refused',
    ],
    [
      'the lock ended on its own, verified',
      { ...base, lockedNow: false, verification: verified },
      'lock-lifted',
    ],
    [
      'the lock ended on its own, unverified: nothing to tell',
      { ...base, lockedNow: false },
      'unverified',
    ],
    [
      'no lock ever seen',
      { ...base, lockedNow: false, lockSeenInCall: false, verification: verified },
      'verified',
    ],
  ];
  it.each(cases)('%s', (_name, input, stage) => {
    expect(callStage(input)).toBe(stage);
  });
});
