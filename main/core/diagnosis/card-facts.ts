/** What the diagnosis reads about a card, gathered from the ACS state, contacts and history. */
import type { AcsLockState } from '../acs/acs-gateway.ts';
import type { ContactRecord } from '../contacts/contact-store.ts';
import type { AttemptRecord } from '../history/attempt-store.ts';
import { toCurrentDestination } from '../history/destination-match.ts';
import type { ContactFacts, DiagnosisInput } from './diagnose.ts';

function contactFacts(record: ContactRecord | undefined): ContactFacts | null {
  return record
    ? {
        status: record.status,
        changedAt: record.valueChangedAt,
        pendingEffectiveAt: record.pending?.effectiveAt ?? null,
      }
    : null;
}

export function cardFacts(
  now: Date,
  lock: AcsLockState,
  contacts: readonly ContactRecord[],
  attempts: readonly AttemptRecord[],
): DiagnosisInput {
  return {
    now,
    lock,
    mobile: contactFacts(contacts.find((c) => c.kind === 'mobile')),
    email: contactFacts(contacts.find((c) => c.kind === 'email')),
    attempts: attempts.map((attempt) => ({
      at: attempt.at,
      method: attempt.method,
      delivery: attempt.delivery,
      outcome: attempt.outcome,
      transStatus: attempt.transStatus,
      transStatusReason: attempt.transStatusReason,
      challengeCancel: attempt.challengeCancel,
      toCurrentDestination: toCurrentDestination(attempt, contacts),
    })),
  };
}
