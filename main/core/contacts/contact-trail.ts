/**
 * Each change of a contact, as the trail records it (`import.contact-changed`, one entry per
 * contact the import changed): the cardholder (the entry's subject, its public id, which the
 * cardholder's seal binds), the contact's kind, and a digest of what the reset rule reads of it
 * — its keyed value hash and key, when its value changed, a pending change and, while one is
 * pending, when the feed last said so — never the value or its mask.
 *
 * The contact's row is sealed (contact-seal.ts), but a seal says only that the import wrote the
 * row once: a row put back from before a change (its genuine MAC with it) or deleted would hide
 * the change from the rule. The trail cannot be rolled back or cut without breaking its chain,
 * so the rule compares each row with the newest entry for it: a row that differs from it, or is
 * missing while the trail names it, is taken as changed now (the reset goes to a lead).
 */
import { createHash } from 'node:crypto';
import type { AuditAction } from '../../../shared/audit/audit-codes.ts';
import type { ContactKind } from '../../../shared/contacts/contact-codes.ts';

export const CONTACT_CHANGED = 'import.contact-changed' satisfies AuditAction;

/**
 * How far back a change must be for the import to record a contact it did not itself change
 * (a row inserted, written again over a broken one, or first seen after the upgrade): the
 * longest recent-contact-change window policy allows (policy.ts). A change older than that can
 * never make a reset go to a lead, so hiding it hides nothing.
 */
export const RECORD_CHANGES_WITHIN_DAYS = 90;

/** What the rule reads of a contact, as its row holds it. */
export interface ContactFacts {
  value_key_id: string;
  value_hash: Buffer;
  value_changed_at: string | null;
  pending_masked: string | null;
  pending_effective_at: string | null;
  updated_at: string;
}

/** The digest of a contact's facts an `import.contact-changed` entry carries (hex). */
export function contactFactsDigest(facts: ContactFacts): string {
  const pending = facts.pending_masked !== null || facts.pending_effective_at !== null;
  return createHash('sha256')
    .update(
      JSON.stringify([
        'contact facts v1',
        facts.value_key_id,
        facts.value_hash.toString('hex'),
        facts.value_changed_at,
        facts.pending_masked,
        facts.pending_effective_at,
        // A pending change is a change asked for as of the feed that last said so.
        pending ? facts.updated_at : null,
      ]),
    )
    .digest('hex');
}

/** Whether the facts hold a change recent enough (at `now`) to ever matter to the rule. */
export function holdsRecentChange(facts: ContactFacts, now: Date): boolean {
  const from = now.getTime() - RECORD_CHANGES_WITHIN_DAYS * 86_400_000;
  const pending = facts.pending_masked !== null || facts.pending_effective_at !== null;
  return [facts.value_changed_at, facts.pending_effective_at, pending ? facts.updated_at : null]
    .filter((at): at is string => at !== null)
    .some((at) => Date.parse(at) > from);
}

/** The details of one `import.contact-changed` entry. */
export interface ContactChangedDetails {
  runId: string;
  kind: ContactKind;
  facts: string;
  /** When the value changed, as recorded (no contact data). */
  changedAt: string | null;
}
