/**
 * Whether a code went to the cardholder's current contact: the attempt's destination hash
 * against the registered one. Both are keyed hashes; when they were made with different keys
 * (after a rotation) nothing can be said, and null says so.
 */
import type { ContactRecord } from '../contacts/contact-store.ts';
import type { AttemptRecord } from './attempt-store.ts';

export function toCurrentDestination(
  attempt: AttemptRecord,
  contacts: readonly ContactRecord[],
): boolean | null {
  if (!attempt.destinationHash || !attempt.destinationKeyId) return null;
  const kind = attempt.method === 'email' ? 'email' : attempt.method === 'sms' ? 'mobile' : null;
  const current = contacts.find((c) => c.kind === kind);
  if (!current) return false;
  if (current.valueKeyId !== attempt.destinationKeyId) return null;
  return current.valueHash.equals(attempt.destinationHash);
}
