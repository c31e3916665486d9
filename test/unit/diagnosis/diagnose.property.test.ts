/**
 * Invariants of the diagnosis over randomly generated cards and histories (fast-check with a
 * fresh seed each run; a failure prints the seed and the shrunk case to replay it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTEMPT_OUTCOMES } from '../../../shared/history/attempt-codes.ts';
import { CAUSES } from '../../../shared/diagnosis/causes.ts';
import {
  diagnose,
  RECENT_DAYS,
  type AttemptFacts,
  type ContactFacts,
  type DiagnosisInput,
  type LockFacts,
} from '../../../main/core/diagnosis/diagnose.ts';
import { NOW } from './diagnosis-facts.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (minutesFromNow: number) => new Date(NOW.getTime() + minutesFromNow * MINUTE);

const instant = fc.integer({ min: -20 * 24 * 60, max: 60 }).map(at);

const contactFacts: fc.Arbitrary<ContactFacts> = fc.record({
  status: fc.constantFrom('verified', 'unverified', 'bounced', 'undeliverable'),
  changedAt: fc.option(instant, { nil: null }),
  pendingEffectiveAt: fc.option(fc.integer({ min: -5 * 24 * 60, max: 5 * 24 * 60 }).map(at), {
    nil: null,
  }),
});

const lockFacts: fc.Arbitrary<LockFacts> = fc.oneof(
  fc.constant({ state: 'unlocked' as const }),
  fc.record({
    state: fc.constant('locked' as const),
    since: fc.integer({ min: -3 * 24 * 60, max: 10 }).map(at),
    until: fc.option(fc.integer({ min: -60, max: 120 }).map(at), { nil: null }),
    cause: fc.constantFrom('wrong_codes', 'resend_limit', 'fraud_hold', 'other'),
  }),
);

const reason = fc.option(
  fc.constantFrom('01', '04', '10', '11', '13', '14', '19', '22', '26', '81'),
  { nil: null },
);

const attemptFacts: fc.Arbitrary<AttemptFacts> = fc.record({
  at: instant,
  method: fc.constantFrom('sms', 'email', 'app', 'frictionless'),
  delivery: fc.constantFrom('delivered', 'sent', 'pending', 'failed', 'bounced', 'not-applicable'),
  outcome: fc.constantFrom(...ATTEMPT_OUTCOMES),
  transStatus: fc.constantFrom('Y', 'N', 'U', 'A', 'C', 'D', 'R', 'I', 'S'),
  transStatusReason: reason,
  challengeCancel: fc.option(fc.constantFrom('01', '02', '03', '04', '05', '06', '07', '08'), {
    nil: null,
  }),
  toCurrentDestination: fc.option(fc.boolean(), { nil: null }),
});

const cardFacts: fc.Arbitrary<DiagnosisInput> = fc.record({
  now: fc.constant(NOW),
  lock: lockFacts,
  mobile: fc.option(contactFacts, { nil: null }),
  email: fc.option(contactFacts, { nil: null }),
  attempts: fc.array(attemptFacts, { maxLength: 25 }),
});

const lockedNow = (input: DiagnosisInput) =>
  input.lock.state === 'locked' &&
  input.lock.since <= input.now &&
  (input.lock.until === null || input.lock.until > input.now);

const fraudSeen = (input: DiagnosisInput) =>
  (lockedNow(input) && input.lock.state === 'locked' && input.lock.cause === 'fraud_hold') ||
  input.attempts.some(
    (a) =>
      (a.transStatusReason === '11' || a.transStatusReason === '10') &&
      a.at <= input.now &&
      a.at.getTime() > input.now.getTime() - RECENT_DAYS * DAY,
  );

const RUNS = { numRuns: 2000 };

describe('diagnose: invariants over random histories', () => {
  it('suspected fraud, when found, ranks first and nothing suggests a reset', () => {
    fc.assert(
      fc.property(cardFacts, (input) => {
        const causes = diagnose(input);
        if (!fraudSeen(input)) return;
        expect(causes[0]!.code).toBe('suspected-fraud');
        expect(causes.some((c) => c.resetAdvised)).toBe(false);
      }),
      RUNS,
    );
  });

  it('a reset is advised only for a lock in force by the clock, and only once', () => {
    fc.assert(
      fc.property(cardFacts, (input) => {
        const advised = diagnose(input).filter((c) => c.resetAdvised);
        expect(advised.length).toBeLessThanOrEqual(1);
        if (advised.length === 1) {
          expect(lockedNow(input)).toBe(true);
          expect(fraudSeen(input)).toBe(false);
          expect(advised[0]!.code).toBe('locked-wrong-codes');
        }
        if (lockedNow(input) && !fraudSeen(input)) expect(advised).toHaveLength(1);
      }),
      RUNS,
    );
  });

  it('always at least one cause, each once, each with evidence; "not 3DS" only alone', () => {
    fc.assert(
      fc.property(cardFacts, (input) => {
        const causes = diagnose(input);
        const codes = causes.map((c) => c.code);
        expect(codes.length).toBeGreaterThan(0);
        expect(new Set(codes).size).toBe(codes.length);
        for (const cause of causes) {
          expect(CAUSES).toContain(cause.code);
          expect(cause.evidence.length).toBeGreaterThan(0);
        }
        if (codes.includes('not-3ds')) expect(codes).toEqual(['not-3ds']);
      }),
      RUNS,
    );
  });

  it('"no contact" exactly when neither a mobile nor an email is registered', () => {
    fc.assert(
      fc.property(cardFacts, (input) => {
        const noContact = diagnose(input).some((c) => c.code === 'no-contact');
        expect(noContact).toBe(input.mobile === null && input.email === null);
      }),
      RUNS,
    );
  });

  it('a lock in force ranks right after fraud', () => {
    fc.assert(
      fc.property(cardFacts, (input) => {
        const codes = diagnose(input).map((c) => c.code);
        if (
          !lockedNow(input) ||
          (input.lock.state === 'locked' && input.lock.cause === 'fraud_hold')
        ) {
          expect(codes).not.toContain('locked-wrong-codes');
          return;
        }
        expect(codes.indexOf('locked-wrong-codes')).toBe(codes[0] === 'suspected-fraud' ? 1 : 0);
      }),
      RUNS,
    );
  });

  it('the order the attempts arrive in changes nothing', () => {
    fc.assert(
      fc.property(
        cardFacts.chain((input) =>
          fc.tuple(
            fc.constant(input),
            fc.shuffledSubarray([...input.attempts], {
              minLength: input.attempts.length,
              maxLength: input.attempts.length,
            }),
          ),
        ),
        ([input, shuffled]) => {
          expect(diagnose({ ...input, attempts: shuffled })).toEqual(diagnose(input));
        },
      ),
      RUNS,
    );
  });

  it('attempts older than the recent window or after now change nothing', () => {
    const outside = fc.oneof(
      fc.integer({ min: RECENT_DAYS * 24 * 60, max: 400 * 24 * 60 }).map((m) => at(-m)),
      fc.integer({ min: 1, max: 600 }).map(at),
    );
    fc.assert(
      fc.property(
        cardFacts,
        fc.array(
          attemptFacts.chain((a) => outside.map((when) => ({ ...a, at: when }))),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        (input, stale) => {
          expect(diagnose({ ...input, attempts: [...input.attempts, ...stale] })).toEqual(
            diagnose(input),
          );
        },
      ),
      RUNS,
    );
  });
});
