/**
 * What the call script may say, checked on the page (call-script.spec.ts, acs-gateway.spec.ts):
 * the stage and the expected lines in both caller languages; and before verification none of
 * the card's own facts — taken from the card's data in the database, not from the lines'
 * labels: the lock's end time and minutes left, every masked contact and destination,
 * contact-change and fraud wording.
 */
import { expect } from '@playwright/test';
import type { CallStage } from '../../shared/diagnosis/call-stage.ts';
import {
  CODES_NEVER_BY_PHONE,
  callerTime,
  type LineWords,
} from '../../shared/diagnosis/script-words.ts';
import { LANGUAGES, type Language } from '../../shared/languages.ts';
import type { DeskFixture } from '../kit/fixtures.ts';

/** Words that would tell an unverified caller about contact changes or fraud. */
const TELLING_WORDS: Record<Language, RegExp> = {
  en: /fraud|specialist|changed|change|no longer|new mobile|registered for your card|locked|unlock/iu,
  ja: /不正|専門|変更|異なる|登録手続き中|ロック/u,
};

async function scriptText(desk: DeskFixture): Promise<string> {
  return (await desk.ui.diagnosis.scripts.allInnerTexts()).join('\n');
}

/** The card's own facts, from its data: none may be in the script before verification. */
export async function expectNoCardFacts(desk: DeskFixture, cardId: string, language: Language) {
  await desk.ui.diagnosis.chooseCallerLanguage(language);
  await expect(desk.ui.diagnosis.script).toHaveAttribute('lang', language);
  const said = await scriptText(desk);
  const facts = desk.db.cardFacts(cardId);
  for (const masked of facts.masked) expect(said).not.toContain(masked);
  if (facts.lockUntil) {
    const until = facts.lockUntil;
    const left = Math.ceil((Date.parse(until) - desk.testDesk.clock.now().getTime()) / 60_000);
    for (const time of [callerTime(until, 'en'), callerTime(until, 'ja'), until.slice(11, 16)])
      expect(said).not.toContain(time);
    for (const n of [left - 1, left, left + 1]) {
      expect(said).not.toMatch(new RegExp(`${n}\\s*(?:min|分)`, 'u'));
    }
  }
  expect(said).not.toMatch(TELLING_WORDS[language]);
  // The only numbers said to anyone: a 6-digit code, valid for 10 minutes.
  for (const n of said.match(/\d+/gu) ?? []) expect(['6', '10']).toContain(n);
}

/** The stage is shown, and each expected line is in the script, in both caller languages. */
export async function expectScript(
  desk: DeskFixture,
  stage: CallStage,
  lines: readonly (readonly [id: string, words: LineWords | ((l: Language) => string)])[],
) {
  const diagnosis = desk.ui.diagnosis;
  await expect(diagnosis.stage).toHaveAttribute('data-stage', stage);
  for (const language of LANGUAGES) {
    await diagnosis.chooseCallerLanguage(language);
    for (const [id, words] of lines) {
      const text = typeof words === 'function' ? words(language) : words[language];
      await expect(diagnosis.line(id)).toContainText(text);
    }
    await expect(diagnosis.line('closing.neverByPhone')).toHaveText(CODES_NEVER_BY_PHONE[language]);
  }
}
