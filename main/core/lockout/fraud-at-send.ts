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
 * attempt it imports, so the attempt need not survive until a console first looks.
 *
 * The entry is found by columns a writer without the keys can change, so none of them alone
 * decides: the card's entries of the window are read whatever their action (a renamed entry
 * is still the card's), the attempt's time is read from entries that hold (one whose time was
 * moved back fails its MAC), and an entry of the card that fails its MAC counts as fraud seen
 * (the strictest reading). An entry counted before and gone from the selection since (moved
 * to another card, deleted, its time moved out of the window) is altered too
 * (counted-entries.ts). Either way the trail is marked broken and the lead alerted
 * (altered-entry.ts). Per lookup: one indexed read of the card's entries of the window
 * (audit_log_by_subject), each MAC checked once while it reads the same; an entry is written
 * only the first time an attempt is seen.
 *
 * Not covered here: an entry moved out before any lookup of this process counted it, read by
 * another console (or after a restart). The trail watch's next full pass finds that one; a
 * record of its own that a console could not lose would have to live in the key store.
 */
import { alteredEntryReport } from '../audit/altered-entry.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { countedEntries } from '../audit/counted-entries.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import { FRAUD_REASONS, recentSince } from '../diagnosis/diagnose.ts';
import type { Edges } from '../edges.ts';
import { createAttemptStore } from '../history/attempt-store.ts';
import { cardRefReader } from '../acs/card-refs.ts';
import { createResetRowSeal } from './reset-row-seal.ts';

export type FraudAtSend = (cardId: number, at: Date) => boolean;

export const FRAUD_REASON_SEEN = 'lockout.fraud-reason-seen';

type Entry = StoredAuditEntry & { mac: Buffer | null };

/**
 * The card's entries are read from a day before the window: an attempt stamped by an ACS
 * clock ahead of ours is recorded (at our time) before the time it names.
 */
const READ_BEFORE_WINDOW_MS = 24 * 60 * 60_000;
const ALTERED_WHAT = 'a card entry read for the fraud check';

export function createFraudSignal(edges: Edges): FraudAtSend {
  const { db, audit, origin } = edges;
  const attempts = edges.shared(createAttemptStore);
  const seal = edges.shared(createResetRowSeal);
  const card = db.prepare<[number], { public_id: string }>(
    'SELECT public_id FROM cards WHERE id = ?',
  );
  // Every entry of the card in the window, whatever its action: one renamed is still read.
  const ofCard = db.prepare<[number, string], Entry>(
    `SELECT * FROM audit_log
     WHERE subject_id = (SELECT public_id FROM cards WHERE id = ?) AND at > ?`,
  );
  const holds = rowCheckMemo<Entry>((entry) => audit.storedEntryHolds(entry), 8192);
  const counted = countedEntries(db, holds);
  const reportAltered = alteredEntryReport(audit, edges.keys);

  // A network ACS names the card by its sealed reference (card-refs.ts). One that fails its seal
  // is not "the ACS not answering": judged on the local record instead, a reset would escape
  // the second-reset rule (and be sent once the reference is put back). A card moved to another
  // cardholder (reference or not) would have been verified with someone else's answers. Held.
  const cardRef = cardRefReader(db, edges.keys);
  const refAltered = (cardId: number): boolean => cardRef(cardId)?.holds === false;

  return (cardId, at) => {
    const since = recentSince(at);
    const from = new Date(since.getTime() - READ_BEFORE_WINDOW_MS).toISOString();
    const key = `card ${cardId}`;
    const flagged = attempts.flaggedSince(cardId, since, FRAUD_REASONS);
    const entries = ofCard.all(cardId, from);
    let altered = counted(key, entries) ?? entries.find((entry) => !holds(entry))?.seq ?? null;
    const seen = entries.filter((entry) => entry.action === FRAUD_REASON_SEEN && holds(entry));
    const known = new Set(seen.map((entry) => detailsOf(entry).attemptId));
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
      // Counted at once, so that one moved or deleted before the next lookup is found too.
      altered ??= counted(key, ofCard.all(cardId, from));
    }
    if (altered !== null) {
      const seq = altered;
      audit.transact(() =>
        reportAltered({ at, origin, operatorId: null, username: null }, seq, ALTERED_WHAT),
      );
    }
    const sinceIso = since.toISOString();
    const seenRecent = seen.some((entry) => {
      const attemptAt = detailsOf(entry).attemptAt;
      return typeof attemptAt === 'string' && attemptAt > sinceIso;
    });
    return (
      flagged.length > 0 ||
      seenRecent ||
      altered !== null ||
      seal.altered(cardId, at) ||
      refAltered(cardId)
    );
  };
}

/** An entry's details (written by this code or the importer, and holding its MAC). */
function detailsOf(entry: Entry): { attemptId?: unknown; attemptAt?: unknown } {
  try {
    const details = JSON.parse(entry.details) as unknown;
    return details && typeof details === 'object' ? details : {};
  } catch {
    return {};
  }
}
