/**
 * Caller verification as stored: the cardholder's DOB + postcode hash (read only to match
 * one opened card), the answers given in calls, and recording an answer as a command with
 * its audit entry. Counting misses happens inside that transaction, so two consoles on one
 * database cannot both slip under a limit.
 */
import type { Actor } from '../actor.ts';
import type { CallRecord } from '../calls/call-store.ts';
import type { StoreEdges } from '../edges.ts';
import { auditActor } from '../audit/audit-append.ts';
import { cardRefReader } from '../acs/card-refs.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { rowKeysOf } from '../keys/row-mac.ts';
import { FACTS_SEAL_COLUMNS, factsSeal, hashOf, type FactsSealRow } from './facts-seal.ts';
import { factsTrailReader, factsVerdict } from './facts-trail.ts';
import { sealsFrom } from '../acs/seals-from.ts';
import { HOLDER_SEAL_COLUMNS, holderSealHolds, type HolderSealRow } from '../import/holder-seal.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import { countedEntries } from '../audit/counted-entries.ts';
import { alteredEntryReport } from '../audit/altered-entry.ts';
import { newestSeen } from '../audit/newest-seen.ts';
import type { VerificationHash } from './verification-hash.ts';

/**
 * What of a card's verification fails its seal: the card, sealed with its cardholder, its card
 * number and its ACS reference or none (migrations 020 and 023: a card moved to another
 * cardholder, with or without a reference), the cardholder's facts (another cardholder's copied
 * in, or written without the keys), or facts that are not the ones the trail last recorded
 * (facts-trail.ts: a row put back from before the cardholder moved, its genuine MAC with it, or
 * deleted; the newest entry altered). Each fails verification closed.
 */
export type VerificationSealProblem = 'card-altered' | 'facts-altered' | 'facts-not-latest';

export interface VerificationCounts {
  callMisses: number;
  /**
   * Misses on any of the cardholder's cards across all calls since the window start: the
   * DOB and postcode are the cardholder's, so a second card gives no second set of guesses.
   */
  cardMisses: number;
  /**
   * The last time this call's caller was verified, or null: the time of the newest
   * caller.verify success of this call that the audit trail vouches for (vouchedVerifiedAt).
   */
  lastVerifiedAt: Date | null;
}

export interface VerificationLimits {
  perCall: number;
  perCard: number;
  windowStart: Date;
}

export interface VerificationStore {
  factsOf(cardholderId: number): VerificationHash | null;
  /** Whether the card (as it is now) and its cardholder's facts hold their seals. */
  sealProblem(cardId: number, cardholderId: number): VerificationSealProblem | null;
  /** A verification refused because a seal failed: audited, and the lead alerted. */
  refuseAltered(
    cmd: Actor & { call: CallRecord; cardPublicId: string; problem: VerificationSealProblem },
  ): void;
  counts(call: CallRecord, windowStart: Date): VerificationCounts;
  /** When the caller was last verified in this call, as the trail vouches (counts().lastVerifiedAt alone). */
  lastVerifiedAt(call: CallRecord): Date | null;
  /** Records one DOB + postcode answer; refuses (and audits) when a limit is already reached. */
  record(
    cmd: Actor & {
      call: CallRecord;
      cardPublicId: string;
      verified: boolean;
      limits: VerificationLimits;
    },
  ): Promise<{ recorded: boolean; counts: VerificationCounts }>;
}

export function createVerificationStore({
  db,
  audit,
  keys,
}: StoreEdges & { keys: KeyProvider }): VerificationStore {
  const rowKeys = rowKeysOf(keys);
  const facts = db.prepare<[number], FactsSealRow>(
    `SELECT ${FACTS_SEAL_COLUMNS} FROM verification_facts WHERE cardholder_id = ?`,
  );
  // The facts as the trail last recorded them (facts-trail.ts): the cardholder's newest
  // import.facts-changed entry, found by the cardholder's public id, its MAC checked (and the
  // verdict remembered by its content).
  const holderRow = db.prepare<[number], HolderSealRow>(
    `SELECT ${HOLDER_SEAL_COLUMNS} FROM cardholders WHERE id = ?`,
  );
  const through = sealsFrom(db, keys);
  const holderHolds = rowCheckMemo<HolderSealRow>(
    (row) =>
      holderSealHolds(rowKeys, row) || (row.holder_mac === null && row.id <= through().holders),
  );
  // The newest entry this process saw per cardholder is remembered: one renamed (moved,
  // deleted) since, so that an older entry vouches for the older row put back, reads as
  // not-latest, and the entry as altered (newest-seen.ts).
  const factsTrail = factsTrailReader(
    db,
    rowCheckMemo((entry: VerifyEntry) => audit.storedEntryHolds(entry)),
    newestSeen(),
  );
  /** The facts entry found gone by the last sealProblem, for refuseAltered to report. */
  let factsEntryGone: number | null = null;
  const cardRef = cardRefReader(db, keys);
  // Misses are counted from the trail's caller.verify failure entries, never from
  // verification_attempts rows (deleting those would give a fresh set of guesses). Every
  // caller.verify entry of the card (of the call / of the window) is read, whatever its result,
  // and each must verify against the entry before it: a result edited in the file (a miss
  // flipped out of the count, to be put back before the next full pass) fails its MAC. One
  // that fails blocks verification (counted as at every limit), marks the trail broken in the
  // key store (so putting the entry back does not undo it) and alerts the lead. The HMAC of an
  // entry read again identical is saved (row-check-memo.ts).
  const callEntries = db.prepare<[number, string], VerifyEntry>(
    `SELECT * FROM audit_log
     WHERE subject_id = (SELECT public_id FROM cards WHERE id = ?) AND action = 'caller.verify'
       AND json_extract(details, '$.callId') = ?`,
  );
  const cardEntries = db.prepare<[number, string], VerifyEntry>(
    `SELECT * FROM audit_log
     WHERE subject_id IN (SELECT public_id FROM cards WHERE cardholder_id =
                            (SELECT cardholder_id FROM cards WHERE id = ?))
       AND action = 'caller.verify' AND at > ?`,
  );
  const entryHolds = rowCheckMemo((entry: VerifyEntry) => audit.storedEntryHolds(entry), 8192);
  /** Misses among the entries, or the first entry that fails its MAC. */
  const missesIn = (entries: VerifyEntry[]): { misses: number } | { altered: number } => {
    let misses = 0;
    for (const entry of entries) {
      if (!entryHolds(entry)) return { altered: entry.seq };
      if (entry.result === 'failure') misses += 1;
    }
    return { misses };
  };
  const ALTERED_WHAT = 'a caller.verify entry counted for a verification';
  let alteredSeq: number | null = null;
  // Marked as soon as a count finds it (a count may run outside any write: the check before
  // the hash); the lead's alert goes with the refusal that records it (reportAltered).
  const markAltered = (seq: number) => {
    alteredSeq = seq;
    try {
      keys.trailBreak?.mark({
        seq,
        foundAt: new Date().toISOString(),
        problem: `entry-altered: ${ALTERED_WHAT} fails its MAC`,
      });
    } catch {
      // The key store cannot be written now: verification is blocked all the same.
    }
  };
  const reportAltered = alteredEntryReport(audit, keys);
  const BLOCKED = Number.MAX_SAFE_INTEGER;
  // An entry counted before and gone from the selection since (renamed, moved, deleted) is
  // altered too, even before the trail watch's next full pass (counted-entries.ts).
  const counted = countedEntries(db, entryHolds);
  const missesOf = (key: string, entries: VerifyEntry[]) => {
    const gone = counted(key, entries);
    return gone === null ? missesIn(entries) : { altered: gone };
  };
  const callMisses = {
    get: (cardId: number, callId: string) => {
      const found = missesOf(`call ${callId}`, callEntries.all(cardId, callId));
      if ('altered' in found) markAltered(found.altered);
      return { n: 'misses' in found ? found.misses : BLOCKED };
    },
  };
  const cardMisses = {
    get: (cardId: number, since: string) => {
      const found = missesOf(`card ${cardId}`, cardEntries.all(cardId, since));
      if ('altered' in found) markAltered(found.altered);
      return { n: 'misses' in found ? found.misses : BLOCKED };
    },
  };
  const lastVerified = vouchedVerifiedAt({ db, audit });
  const insertAttempt = db.prepare(
    'INSERT INTO verification_attempts (call_id, card_id, at, result) VALUES (?, ?, ?, ?)',
  );

  function counts(call: CallRecord, windowStart: Date): VerificationCounts {
    return {
      callMisses: callMisses.get(call.cardId, call.publicId)!.n,
      cardMisses: cardMisses.get(call.cardId, windowStart.toISOString())!.n,
      lastVerifiedAt: lastVerified(call),
    };
  }

  return {
    factsOf(cardholderId) {
      const row = facts.get(cardholderId);
      return row ? hashOf(row) : null;
    },

    counts,
    lastVerifiedAt(call) {
      return lastVerified(call);
    },

    sealProblem(cardId, cardholderId) {
      factsEntryGone = null;
      const card = cardRef(cardId);
      if (!card?.holds) return 'card-altered';
      // The facts are the cardholder's the call opened with: a card moved while it was open
      // (and moved back, resealed) would have the caller answer for someone else's card.
      if (card.row.cardholder_id !== cardholderId) return 'card-altered';
      const row = facts.get(cardholderId);
      // One HMAC for a row sealed with its as-of time (a row from before, v1, two).
      const seal = row ? factsSeal(rowKeys, row) : null;
      if (row && seal === null) return 'facts-altered';
      const holder = holderRow.get(cardholderId);
      if (!holder) return 'facts-not-latest';
      const trail = factsTrail(holder.public_id);
      factsEntryGone = trail.kind === 'broken' && trail.gone ? trail.seq : null;
      // A v1 row (from before the trail recorded facts) is taken when the trail names none for
      // the cardholder — so the public id the trail was read by must be the cardholder's own (a
      // public id changed in the file would find no entries).
      if (trail.kind === 'none' && seal === 'v1' && !holderHolds(holder)) return 'facts-not-latest';
      const verdict = factsVerdict(row, seal, trail);
      return verdict === 'holds'
        ? null
        : verdict === 'altered'
          ? 'facts-altered'
          : 'facts-not-latest';
    },

    refuseAltered(cmd) {
      audit.transact(() => {
        const gone = factsEntryGone;
        factsEntryGone = null;
        // The trail marked broken and the lead alerted for the entry itself, once an entry.
        if (gone !== null && cmd.problem === 'facts-not-latest')
          reportAltered(cmd, gone, 'the newest import.facts-changed entry of the cardholder');
        const entry = {
          ...auditActor(cmd),
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
        } as const;
        audit.append({
          ...entry,
          action: 'caller.verify',
          result: 'refused',
          details: { callId: cmd.call.publicId, reason: cmd.problem },
        });
        // The console's alert (no operator), as the ACS gateway raises for the same card: one
        // open alert per row for the lead, counted again at each refusal.
        audit.append({
          ...entry,
          operatorId: null,
          username: null,
          action: 'alert.altered-row',
          result: 'alert',
          details:
            cmd.problem === 'card-altered'
              ? { table: 'cards', column: 'acs_card_ref' }
              : cmd.problem === 'facts-not-latest'
                ? { table: 'verification_facts', trail: 'import.facts-changed' }
                : { table: 'verification_facts' },
        });
      });
    },

    async record(cmd) {
      return audit.transact(() => {
        const { limits } = cmd;
        alteredSeq = null;
        const before = counts(cmd.call, limits.windowStart);
        // The lead is alerted as for any altered row (the trail watch's words), once an entry.
        if (alteredSeq !== null) reportAltered(cmd, alteredSeq, ALTERED_WHAT);
        const entry = {
          ...auditActor(cmd),
          action: 'caller.verify',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
        } as const;
        if (before.callMisses >= limits.perCall || before.cardMisses >= limits.perCard) {
          audit.append({
            ...entry,
            result: 'refused',
            details: { callId: cmd.call.publicId, reason: 'limit-reached' },
          });
          return { recorded: false, counts: before };
        }
        const result = cmd.verified ? 'verified' : 'not-verified';
        insertAttempt.run(cmd.call.id, cmd.call.cardId, cmd.at.toISOString(), result);
        audit.append({
          ...entry,
          result: cmd.verified ? 'success' : 'failure',
          details: { callId: cmd.call.publicId },
        });
        const after = counts(cmd.call, limits.windowStart);
        const limit =
          after.callMisses >= limits.perCall
            ? 'call'
            : after.cardMisses >= limits.perCard
              ? 'card'
              : null;
        if (!cmd.verified && limit) {
          // Verification stops for this card: the team lead is alerted through the trail.
          audit.append({
            ...entry,
            action: 'alert.verification-limit',
            result: 'alert',
            details: {
              callId: cmd.call.publicId,
              limit,
              callMisses: after.callMisses,
              cardMisses: after.cardMisses,
            },
          });
        }
        return { recorded: true, counts: after };
      });
    },
  };
}

type VerifyEntry = StoredAuditEntry & { mac: Buffer | null };

/**
 * When the caller was last verified in a call (at or before `notAfter`), as the audit trail
 * vouches for it: the newest caller.verify success entry of that call on its card whose chain
 * MAC holds. verification_attempts is not sealed, so a row there (inserted, or its time moved
 * on) never makes a caller verified; an entry that does not hold is passed over. One indexed
 * read of the card's entries of this call (migration 021), and the MAC of the entry before.
 */
export function vouchedVerifiedAt({ db, audit }: StoreEdges) {
  const successes = db.prepare<[number, string, string], VerifyEntry>(
    `SELECT * FROM audit_log
     WHERE subject_id = (SELECT public_id FROM cards WHERE id = ?) AND action = 'caller.verify'
       AND result = 'success' AND json_extract(details, '$.callId') = ? AND at <= ?
     ORDER BY seq DESC`,
  );
  return (call: Pick<CallRecord, 'cardId' | 'publicId'>, notAfter?: Date): Date | null => {
    const until = notAfter?.toISOString() ?? '9999';
    // Newest first, read one at a time: the first entry that holds ends the read (a card
    // verified in many calls is not read back to its first).
    for (const entry of successes.iterate(call.cardId, call.publicId, until)) {
      if (audit.storedEntryHolds(entry)) return new Date(entry.at);
    }
    return null;
  };
}
