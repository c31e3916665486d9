/** Builders for diagnosis inputs: a quiet card, then only what each test changes. */
import type {
  AttemptFacts,
  ContactFacts,
  DiagnosisInput,
  LockFacts,
} from '../../../main/core/diagnosis/diagnose.ts';

export const NOW = new Date('2026-11-25T10:00:00.000Z');
const MINUTE = 60_000;

export const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * MINUTE);

export function contact(overrides: Partial<ContactFacts> = {}): ContactFacts {
  return { status: 'verified', changedAt: null, pendingEffectiveAt: null, ...overrides };
}

export function attempt(overrides: Partial<AttemptFacts> = {}): AttemptFacts {
  return {
    at: minutesAgo(10),
    method: 'sms',
    delivery: 'delivered',
    outcome: 'authenticated',
    transStatus: 'Y',
    transStatusReason: null,
    challengeCancel: null,
    toCurrentDestination: true,
    ...overrides,
  };
}

export const wrongCodes = (minutes = 10) =>
  attempt({
    at: minutesAgo(minutes),
    outcome: 'wrong-code',
    transStatus: 'N',
    transStatusReason: '01',
  });

export const lockedFor = (
  cause: Extract<LockFacts, { state: 'locked' }>['cause'],
  untilMinutes: number | null = 20,
): LockFacts => ({
  state: 'locked',
  since: minutesAgo(10),
  until: untilMinutes === null ? null : new Date(NOW.getTime() + untilMinutes * MINUTE),
  cause,
});

export function card(overrides: Partial<DiagnosisInput> = {}): DiagnosisInput {
  return {
    now: NOW,
    lock: { state: 'unlocked' },
    mobile: contact(),
    email: contact(),
    attempts: [],
    ...overrides,
  };
}
