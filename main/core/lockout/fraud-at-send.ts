/**
 * The fraud part of the reset decision, in one place for whoever asks: the decision itself
 * (the button, the reset) and whoever sends a reset (the agent's own send, "send again", the
 * outbox relay). A reset queued before the card's history showed suspected fraud — or before
 * its reset and approval rows were found altered — is never sent (reset-delivery.ts ends it
 * refused for fraud, and the lead is alerted).
 *
 * A card that fails its seal (card-refs.ts: its ACS card reference, its cardholder, its card
 * number) is held the same way, whichever gateway the console uses.
 *
 * The attempts are the issuer's feed and are not sealed, so the first sight of a flagged one
 * (transStatusReason 10 or 11) is recorded in the audit trail (`lockout.fraud-reason-seen`,
 * with the attempt's id and time), as a fraud hold's first sight is: deleting the attempt, or
 * changing its reason, in the file afterwards does not lift the refusal while the attempt
 * would still count as recent. The importer writes the same entry for each recent flagged
 * attempt it imports, so the attempt need not survive until a console first looks. An entry
 * whose MAC fails counts too (edited in the file: the strictest reading). Per lookup: one
 * indexed read of the card's such entries (migration 021); an entry is written only the first
 * time an attempt is seen.
 */
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { FRAUD_REASONS, recentSince } from '../diagnosis/diagnose.ts';
import type { Edges } from '../edges.ts';
import { createAttemptStore } from '../history/attempt-store.ts';
import { cardRefReader } from '../acs/card-refs.ts';
import { createResetRowSeal } from './reset-row-seal.ts';

export type FraudAtSend = (cardId: number, at: Date) => boolean;

export const FRAUD_REASON_SEEN = 'lockout.fraud-reason-seen';

export function createFraudSignal(edges: Edges): FraudAtSend {
  const { db, audit, origin } = edges;
  const attempts = edges.shared(createAttemptStore);
  const seal = edges.shared(createResetRowSeal);
  const card = db.prepare<[number], { public_id: string }>(
    'SELECT public_id FROM cards WHERE id = ?',
  );
  const seen = db.prepare<[number, string], StoredAuditEntry & { mac: Buffer | null }>(
    `SELECT * FROM audit_log
     WHERE subject_id = (SELECT public_id FROM cards WHERE id = ?) AND action = '${FRAUD_REASON_SEEN}'
       AND json_extract(details, '$.attemptAt') > ?`,
  );

  // A network ACS names the card by its sealed reference (card-refs.ts). One that fails its seal
  // is not "the ACS not answering": judged on the local record instead, a reset would escape
  // the second-reset rule (and be sent once the reference is put back). A card moved to another
  // cardholder (reference or not) would have been verified with someone else's answers. Held.
  const cardRef = cardRefReader(db, edges.keys);
  const refAltered = (cardId: number): boolean => cardRef(cardId)?.holds === false;

  return (cardId, at) => {
    const since = recentSince(at);
    const flagged = attempts.flaggedSince(cardId, since, FRAUD_REASONS);
    const named = seen.all(cardId, since.toISOString());
    const held = named.filter(audit.storedEntryHolds);
    const known = new Set(held.map((entry) => JSON.parse(entry.details).attemptId as unknown));
    const fresh = flagged.filter((attempt) => !known.has(attempt.id));
    if (fresh.length > 0) {
      const subjectId = card.get(cardId)?.public_id ?? String(cardId);
      audit.transact(() => {
        for (const attempt of fresh)
          audit.append({
            at,
            operatorId: null,
            username: null,
            origin,
            action: FRAUD_REASON_SEEN,
            subjectType: 'card',
            subjectId,
            result: 'success',
            details: {
              attemptId: attempt.id,
              attemptAt: attempt.at.toISOString(),
              reason: attempt.transStatusReason,
            },
          });
      });
    }
    // An entry whose MAC fails still counts: the strictest reading of an edited record of fraud.
    return flagged.length > 0 || named.length > 0 || seal.altered(cardId, at) || refAltered(cardId);
  };
}
