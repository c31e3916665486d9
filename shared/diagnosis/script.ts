/**
 * The call script: what to say now, chosen from the likely cause and where the call stands,
 * with this card's live facts in the words (when the lock ends in Japan time, the minutes
 * left, the brand's 3-D Secure programme, how the code is sent).
 *
 * Every line carries its reveal (script-words.ts). `scriptToSay` is what the screen shows:
 * before the caller is verified in this call, general lines only — the same for every card
 * and cause — and the account lines appear once verification succeeds. Every script ends
 * with "codes are never given by phone".
 */
import type { Language } from '../languages.ts';
import type { ResetEscalation } from '../lockout/lockout-codes.ts';
import type { CallStage } from './call-stage.ts';
import type { CauseCode } from './causes.ts';
import {
  ANYONE_WORDS,
  CAUSE_WORDS,
  CODES_NEVER_BY_PHONE,
  LOCK_WORDS,
  PROGRAMMES,
  VERIFY_WORDS,
  type CodeRoute,
  type LineWords,
  type Reveal,
} from './script-words.ts';

export interface ScriptFacts {
  /** The card's brand code (AMEX, VISA, ...). */
  brand: string;
  /** How the latest code for this cause was sent; null when no code was. */
  route: CodeRoute | null;
  /** The router's time now. */
  now: string;
  /** The lock in force now (null: none); `until` null while it holds until reset. */
  lock: { until: string | null } | null;
  /** A reset is allowed now; a non-empty escalation sends it to a team lead. */
  canReset: { escalation: readonly ResetEscalation[] } | null;
  /** Why the request waiting in this call needs a lead. */
  waitingFor: readonly ResetEscalation[];
}

export interface ScriptInput {
  cause: CauseCode;
  stage: CallStage;
  /** The caller is verified in this call now (from the same verification as the stage). */
  verified: boolean;
  language: Language;
  facts: ScriptFacts;
}

export interface ScriptLine {
  /** Stable per kind of line, for tests: `verify.ask`, `lock.endsAt`, `cause.general`, … */
  id: string;
  reveal: Reveal;
  text: string;
}

/** Stages after which the lock no longer holds: say so, and how to try again. */
const LIFTED: ReadonlySet<CallStage> = new Set<CallStage>([
  'reset-approved',
  'reset-applied',
  'lock-lifted',
]);

const MINUTE = 60_000;

/** Every line of the script for this cause and stage, each marked with its reveal. */
export function composeScript({ cause, stage, language, facts }: ScriptInput): ScriptLine[] {
  const lines: ScriptLine[] = [];
  const say = (id: string, words: LineWords) =>
    lines.push({ id, reveal: words.reveal, text: words[language] });

  if (stage === 'unverified') say('verify.ask', VERIFY_WORDS.ask);
  if (stage === 'verification-failed') say('verify.askAgain', VERIFY_WORDS.askAgain);
  if (stage === 'verification-blocked') {
    say('verify.blocked', VERIFY_WORDS.blocked);
    say('verify.blockedNext', VERIFY_WORDS.blockedNext);
  }
  if (stage === 'verified') say('verify.done', VERIFY_WORDS.done);
  // Before verification: the same words for every card.
  if (stage === 'unverified' || stage === 'verification-failed')
    say('anyone.howCodesWork', ANYONE_WORDS.howCodesWork);

  // Once the lock is lifted, "no 3-D Secure problem" only says the lock was all there was.
  const causeLines =
    stage !== 'verification-blocked' && !(LIFTED.has(stage) && cause === 'not-3ds');
  if (causeLines) {
    if (cause === 'locked-wrong-codes') lockLines(stage, facts, say);
    else {
      const words = CAUSE_WORDS[cause];
      if (words.context) say('cause.context', words.context);
      words.account(facts.route).forEach((line, i) => say(`cause.account.${i + 1}`, line));
    }
  }

  if (stage === 'reset-requested') {
    say('lock.needsLead', LOCK_WORDS.needsLead(facts.waitingFor));
    say('lock.stillWaiting', LOCK_WORDS.stillWaiting);
  }
  if (stage === 'reset-approved') say('lock.approved', LOCK_WORDS.approved);
  if (stage === 'reset-rejected') {
    say('lock.rejected', LOCK_WORDS.rejected);
    if (facts.lock) say('lock.afterLockEnds', LOCK_WORDS.afterLockEnds);
  }
  if (stage === 'reset-sent') say('lock.sending', LOCK_WORDS.sending);
  if (stage === 'reset-failed') say('lock.failed', LOCK_WORDS.failed);
  if (stage === 'reset-refused') {
    say('lock.refused', LOCK_WORDS.refused);
    if (facts.lock) say('lock.afterLockEnds', LOCK_WORDS.afterLockEnds);
  }
  if (stage === 'reset-applied') say('lock.applied', LOCK_WORDS.applied);
  if (stage === 'lock-lifted') say('lock.ended', LOCK_WORDS.ended);
  if (LIFTED.has(stage)) {
    say('lock.tryAgain', LOCK_WORDS.tryAgain);
    if (facts.route) say('lock.route', LOCK_WORDS.route(facts.route));
  }

  say('closing.neverByPhone', CODES_NEVER_BY_PHONE);
  return lines;
}

function lockLines(
  stage: CallStage,
  facts: ScriptFacts,
  say: (id: string, words: LineWords) => void,
): void {
  say('lock.howCodesWork', LOCK_WORDS.howCodesWork);
  if (facts.lock && !LIFTED.has(stage)) {
    say('lock.locked', LOCK_WORDS.locked(PROGRAMMES[facts.brand] ?? '3-D Secure'));
    const { until } = facts.lock;
    if (until === null) say('lock.untilUnlocked', LOCK_WORDS.untilUnlocked);
    else {
      const minutes = Math.max(1, Math.ceil((Date.parse(until) - Date.parse(facts.now)) / MINUTE));
      say('lock.endsAt', LOCK_WORDS.endsAt(until, minutes));
    }
  }
  if (stage === 'verified' && facts.lock && facts.canReset) {
    if (facts.canReset.escalation.length > 0) {
      say('lock.needsLead', LOCK_WORDS.needsLead(facts.canReset.escalation));
      say('lock.hold', LOCK_WORDS.hold);
    } else say('lock.canUnlock', LOCK_WORDS.canUnlock);
  }
}

/**
 * What the screen shows the agent to say: before the caller is verified in this call,
 * general lines only.
 */
export function scriptToSay(input: ScriptInput): ScriptLine[] {
  const lines = composeScript(input);
  return input.verified ? lines : lines.filter((line) => line.reveal === 'general');
}
