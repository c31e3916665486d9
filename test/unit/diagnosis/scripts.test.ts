/** Every cause has a script in both languages, and every script says codes are never given by phone. */
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../../shared/diagnosis/causes.ts';
import { CODES_NEVER_BY_PHONE, SCRIPTS } from '../../../shared/diagnosis/scripts.ts';

const LANGUAGES = ['en', 'ja'] as const;

describe('scripts', () => {
  it('cover exactly the causes the diagnosis names', () => {
    expect(Object.keys(SCRIPTS).sort()).toEqual([...CAUSES].sort());
  });

  it.each(CAUSES)(
    '%s: a title, an explanation and lines to say in English and Japanese',
    (code) => {
      for (const language of LANGUAGES) {
        const script = SCRIPTS[code][language];
        expect(script.title.trim()).not.toBe('');
        expect(script.explanation.trim()).not.toBe('');
        expect(script.say.length).toBeGreaterThanOrEqual(2);
        expect(script.say.at(-1)).toBe(CODES_NEVER_BY_PHONE[language]);
        expect(script.say.filter((line) => line === CODES_NEVER_BY_PHONE[language])).toHaveLength(
          1,
        );
      }
      // Japanese text is Japanese; English text is not.
      const ja = SCRIPTS[code].ja;
      for (const text of [ja.title, ja.explanation, ...ja.say])
        expect(text).toMatch(/[\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Han}]/u);
      const en = SCRIPTS[code].en;
      for (const text of [en.title, en.explanation, ...en.say])
        expect(text).not.toMatch(/[\p{sc=Hiragana}\p{sc=Katakana}]/u);
    },
  );

  it('the fraud script never offers a reset or an unlock, in either language', () => {
    const fraud = SCRIPTS['suspected-fraud'];
    expect([fraud.en.title, ...fraud.en.say].join(' ')).not.toMatch(/reset|unlock|lift|unblock/iu);
    expect([fraud.ja.title, ...fraud.ja.say].join('')).not.toMatch(/リセット|解除|ロック/u);
    expect(fraud.en.explanation).toMatch(/fraud team/u);
  });

  it('the code-expired script says the code lasts 10 minutes and a new one is sent', () => {
    expect(SCRIPTS['code-expired'].en.say.join(' ')).toMatch(/10 minutes.*new code/su);
    expect(SCRIPTS['code-expired'].ja.say.join('')).toMatch(/10分間.*新しいコード/su);
  });

  it('the pending mobile script says to update the email first if urgent', () => {
    expect(SCRIPTS['mobile-change-pending'].en.say.join(' ')).toMatch(
      /urgent.*email address first/su,
    );
    expect(SCRIPTS['mobile-change-pending'].ja.say.join('')).toMatch(/お急ぎ.*メールアドレス/su);
  });

  it('the no-contact script offers the app, the website and the next checkout', () => {
    expect(SCRIPTS['no-contact'].en.say.join(' ')).toMatch(/app.*website.*next checkout/su);
    expect(SCRIPTS['no-contact'].ja.say.join('')).toMatch(/アプリ.*ウェブサイト.*次回/su);
  });
});
