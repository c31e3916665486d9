/**
 * Registered contact points as stored: masked values and keyed hashes of the normalised
 * values, never the values. Read as part of opening a card (audited there). A check of what
 * the caller says is a command: counted against the call's limit and audited with a keyed
 * hash of the value, in one transaction.
 *
 * What decides something (the reset rule's "recent contact change", the contact check) reads
 * them checked against their seal (contact-seal.ts, migration 023): read afresh each time, the
 * MAC's verdict remembered by the row's content (row-check-memo.ts). A contact that fails its
 * seal is `altered`: the rule takes it as changed now, the check as no match, and the lead is
 * alerted once per row and process (`alert.altered-row`, scope contact_points).
 *
 * A seal says only that the import once wrote the row: each contact is also compared with the
 * newest `import.contact-changed` entry the trail holds for it (contact-trail.ts). A row that
 * differs from it (put back from before a change, with its genuine MAC) is altered too; a
 * contact the trail names whose row is gone (deleted in the file) is `missing` — the rule takes
 * it as changed now — and the lead is alerted for it likewise.
 */
import {
  CONTACT_KINDS,
  type ContactKind,
  type ContactStatus,
} from '../../../shared/contacts/contact-codes.ts';
import type { Actor } from '../actor.ts';
import { auditActor } from '../audit/audit-append.ts';
import type { CallRecord } from '../calls/call-store.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import { alteredEntryReport } from '../audit/altered-entry.ts';
import { countedEntries } from '../audit/counted-entries.ts';
import { newestSeen } from '../audit/newest-seen.ts';
import type { StoreEdges } from '../edges.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { rowKeysOf } from '../keys/row-mac.ts';
import { sealsFrom } from '../acs/seals-from.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { HOLDER_SEAL_COLUMNS, holderSealHolds, type HolderSealRow } from '../import/holder-seal.ts';
import { CONTACT_SEAL_COLUMNS, contactSealHolds, type ContactSealRow } from './contact-seal.ts';
import {
  CONTACT_CHANGED,
  contactFactsDigest,
  type ContactChangedDetails,
} from './contact-trail.ts';

export interface ContactRecord {
  kind: ContactKind;
  masked: string;
  valueHash: Buffer;
  valueKeyId: string;
  status: ContactStatus;
  updatedAt: Date;
  valueChangedAt: Date | null;
  pending: { masked: string; effectiveAt: Date } | null;
}

/**
 * A contact as read for a decision: `altered` when its row fails its seal, or is not what the
 * trail's newest change of it says.
 */
export interface CheckedContact extends ContactRecord {
  altered: boolean;
}

/** A cardholder's contacts as read for a decision. */
export interface CheckedContacts {
  contacts: CheckedContact[];
  /**
   * The trail names a contact of the cardholder whose row is gone, or the cardholder's row
   * fails its seal (so which contacts the trail names cannot be told): changed now.
   */
  missing: boolean;
}

export interface ContactStore {
  /** The cardholder's contact points, mobile first (for showing). */
  of(cardholderId: number): ContactRecord[];
  /**
   * The cardholder's contact points checked against their seals, for a decision on the card
   * `cardPublicId` at `at`; each altered one alerts the lead (once per row and process).
   */
  forDecision(cardholderId: number, cardPublicId: string, at: Date): CheckedContacts;
  /**
   * Records one contact check; refuses (and audits) when the call's checks are used up, or
   * the checks on the cardholder's cards across calls since `since` (limits follow the
   * person, not the call). `left` is what remains of the tighter of the two.
   */
  recordCheck(
    cmd: Actor & {
      call: CallRecord;
      cardPublicId: string;
      kind: ContactKind;
      match: boolean;
      valueHash: string;
      valueKeyId: string;
      limit: number;
      perCard: { limit: number; since: Date };
    },
  ): Promise<{ recorded: boolean; used: number; left: number }>;
}

interface ContactRow {
  kind: ContactKind;
  masked: string;
  value_hash: Buffer;
  value_key_id: string;
  status: ContactStatus;
  updated_at: string;
  value_changed_at: string | null;
  pending_masked: string | null;
  pending_effective_at: string | null;
}

const recordOf = (row: ContactRow): ContactRecord => ({
  kind: row.kind,
  masked: row.masked,
  valueHash: row.value_hash,
  valueKeyId: row.value_key_id,
  status: row.status,
  updatedAt: new Date(row.updated_at),
  valueChangedAt: row.value_changed_at ? new Date(row.value_changed_at) : null,
  pending:
    row.pending_masked && row.pending_effective_at
      ? { masked: row.pending_masked, effectiveAt: new Date(row.pending_effective_at) }
      : null,
});

export function createContactStore({
  db,
  audit,
  keys,
  origin,
}: StoreEdges & { keys: KeyProvider; origin: string }): ContactStore {
  const byCardholder = db.prepare<[number], ContactRow>(`
    SELECT kind, masked, value_hash, value_key_id, status, updated_at, value_changed_at,
           pending_masked, pending_effective_at
    FROM contact_points WHERE cardholder_id = ? ORDER BY kind DESC`);
  // In no order: the decision weighs every contact alike, and the reverse walk of the index
  // made this read (every lock status makes it) about four times slower.
  const checkedByCardholder = db.prepare<[number], ContactSealRow & ContactRow>(
    `SELECT ${CONTACT_SEAL_COLUMNS} FROM contact_points WHERE cardholder_id = ?`,
  );
  const rowKeys = rowKeysOf(keys);
  const sealed = rowCheckMemo<ContactSealRow>((row) => contactSealHolds(rowKeys, row));
  const alerted = new Set<string>();
  function alert(
    rowIds: number[],
    missing: string[],
    holderId: number,
    cardPublicId: string,
    at: Date,
  ): void {
    const fresh = rowIds.filter((id) => !alerted.has(`row ${id}`));
    const gone = missing.filter((kind) => !alerted.has(`gone ${holderId} ${kind}`));
    if (fresh.length === 0 && gone.length === 0) return;
    audit.transact(() =>
      audit.append({
        at,
        operatorId: null,
        username: null,
        origin,
        action: 'alert.altered-row',
        subjectType: 'card',
        subjectId: cardPublicId,
        result: 'alert',
        details: { table: 'contact_points', rowIds: fresh, ...(gone.length ? { gone } : {}) },
      }),
    );
    for (const id of fresh) alerted.add(`row ${id}`);
    for (const kind of gone) alerted.add(`gone ${holderId} ${kind}`);
  }
  // The cardholder's identity as sealed (holder-seal.ts): the trail names contacts by the
  // cardholder's public id, so one changed in the file would name none. A row from before its
  // seal (migration 023, seals_from) is read as it is until an import seals it.
  const holderRow = db.prepare<[number], HolderSealRow>(
    `SELECT ${HOLDER_SEAL_COLUMNS} FROM cardholders WHERE id = ?`,
  );
  const through = sealsFrom(db, keys);
  const holderHolds = rowCheckMemo<HolderSealRow>(
    (row) =>
      holderSealHolds(rowKeys, row) || (row.holder_mac === null && row.id <= through().holders),
  );
  // The cardholder's import.contact-changed entries (audit_log_by_subject: one per change of
  // one of their contacts, a few), newest per kind picked here; only those are read whole and
  // checked against their chain MAC.
  const changesOf = db.prepare<[string, string], { seq: number; details: string }>(
    'SELECT seq, details FROM audit_log WHERE subject_id = ? AND action = ?',
  );
  const entryAt = db.prepare<[number], StoredAuditEntry & { mac: Buffer | null }>(
    'SELECT * FROM audit_log WHERE seq = ?',
  );
  const entryHolds = rowCheckMemo<StoredAuditEntry & { mac: Buffer | null }>((entry) =>
    audit.storedEntryHolds(entry),
  );
  // The newest entry this process saw per contact is remembered (newest-seen.ts): one renamed,
  // moved or deleted since — so that an older entry vouches for the row from before the change,
  // put back with its genuine MAC — leaves the kind unvouched (the row altered, or missing) and
  // is reported as an altered entry (the trail marked broken, the lead alerted).
  const seen = newestSeen();
  /**
   * What the trail says each contact kind of the cardholder is: its digest, null if unvouched;
   * and the entries seen as the newest before that have left the selection since.
   */
  function trailSays(publicId: string): { said: Map<string, string | null>; gone: number[] } {
    const newest = new Map<string, number>();
    for (const { seq, details } of changesOf.all(publicId, CONTACT_CHANGED)) {
      const kind = String((JSON.parse(details) as Partial<ContactChangedDetails>).kind);
      if ((newest.get(kind) ?? 0) < seq) newest.set(kind, seq);
    }
    const said = new Map<string, string | null>();
    const gone: number[] = [];
    for (const kind of CONTACT_KINDS) {
      const seq = seen(`${publicId} ${kind}`, newest.get(kind) ?? 0);
      if (seq === null) continue;
      gone.push(seq);
      said.set(kind, null);
      newest.delete(kind);
    }
    for (const [kind, seq] of newest) {
      // What is used is what the MAC was checked on: the entry as read whole.
      const entry = entryAt.get(seq);
      const facts =
        entry && entryHolds(entry)
          ? (JSON.parse(entry.details) as Partial<ContactChangedDetails>).facts
          : undefined;
      said.set(kind, typeof facts === 'string' ? facts : null);
    }
    return { said, gone };
  }
  // Checks are counted from the trail's contact.check success entries, as verification misses
  // are (verification-store.ts) — never from contact_checks rows, whose deletion would give a
  // fresh set of checks (an oracle on the registered contacts). Every contact.check entry of
  // the call's card in the call, and of the cardholder's cards in the window, is read whatever
  // its result, and each must hold its MAC: a result edited in the file (a check flipped out
  // of the count, put back before the trail watch's next full pass) refuses the check, marks
  // the trail broken and alerts the lead (altered-entry.ts). A few entries a call; the HMAC of
  // an entry read again identical is saved (row-check-memo.ts).
  const callChecks = db.prepare<[number, string], StoredAuditEntry & { mac: Buffer | null }>(
    `SELECT * FROM audit_log
     WHERE subject_id = (SELECT public_id FROM cards WHERE id = ?) AND action = 'contact.check'
       AND json_extract(details, '$.callId') = ?`,
  );
  // Checks on any card of the call's cardholder, in any call, since the window start.
  const holderChecks = db.prepare<[number, string], StoredAuditEntry & { mac: Buffer | null }>(
    `SELECT * FROM audit_log
     WHERE subject_id IN (SELECT public_id FROM cards WHERE cardholder_id =
                            (SELECT cardholder_id FROM cards WHERE id = ?))
       AND action = 'contact.check' AND at > ?`,
  );
  const checkHolds = rowCheckMemo<StoredAuditEntry & { mac: Buffer | null }>(
    (entry) => audit.storedEntryHolds(entry),
    8192,
  );
  // An entry counted before and gone from the selection since (renamed, moved to another card
  // or call, its time moved back, deleted) is altered too, before the trail watch's next full
  // pass (counted-entries.ts), as for verification misses.
  const counted = countedEntries(db, (entry) => checkHolds(entry));
  /** The checks among the entries, or the first entry that fails its MAC or left them. */
  const checksIn = (
    key: string,
    entries: (StoredAuditEntry & { mac: Buffer | null })[],
  ): { used: number } | { altered: number } => {
    const gone = counted(key, entries);
    if (gone !== null) return { altered: gone };
    let used = 0;
    for (const entry of entries) {
      if (!checkHolds(entry)) return { altered: entry.seq };
      if (entry.result === 'success') used += 1;
    }
    return { used };
  };
  const reportAltered = alteredEntryReport(audit, keys);
  const insertCheck = db.prepare(
    'INSERT INTO contact_checks (call_id, kind, at, result) VALUES (?, ?, ?, ?)',
  );

  return {
    of(cardholderId) {
      return byCardholder.all(cardholderId).map(recordOf);
    },

    forDecision(cardholderId, cardPublicId, at) {
      const holder = holderRow.get(cardholderId);
      const vouched = holder !== undefined && holderHolds(holder);
      const trail = vouched ? trailSays(holder.public_id) : { said: new Map(), gone: [] };
      const said: Map<string, string | null> = trail.said;
      if (trail.gone.length > 0) {
        const console = { operatorId: null, username: null, origin, at };
        audit.transact(() => {
          for (const seq of trail.gone)
            reportAltered(console, seq, 'the newest import.contact-changed entry of a contact');
        });
      }
      const rows = checkedByCardholder.all(cardholderId);
      const checked = rows.map((row) => {
        const trail = said.get(row.kind);
        const altered =
          !vouched || !sealed(row) || (trail !== undefined && trail !== contactFactsDigest(row));
        return { id: row.id, ...recordOf(row), altered };
      });
      const gone = [...said.keys()].filter((kind) => !rows.some((row) => row.kind === kind));
      const altered = checked.filter((contact) => contact.altered).map((contact) => contact.id);
      if (altered.length > 0 || gone.length > 0)
        alert(altered, gone, cardholderId, cardPublicId, at);
      return {
        contacts: checked.map(({ id: _id, ...contact }) => contact),
        missing: !vouched || gone.length > 0,
      };
    },

    async recordCheck(cmd) {
      return audit.transact(() => {
        const inCall = checksIn(
          `call ${cmd.call.publicId}`,
          callChecks.all(cmd.call.cardId, cmd.call.publicId),
        );
        const inWindow = checksIn(
          `card ${cmd.call.cardId}`,
          holderChecks.all(cmd.call.cardId, cmd.perCard.since.toISOString()),
        );
        const altered =
          'altered' in inCall ? inCall.altered : 'altered' in inWindow ? inWindow.altered : null;
        if (altered !== null)
          reportAltered(cmd, altered, 'a contact.check entry counted for the contact checks');
        // An entry counted that fails its MAC: no count can be told, so no check is left.
        const used = 'used' in inCall ? inCall.used : cmd.limit;
        const holderUsed = 'used' in inWindow ? inWindow.used : cmd.perCard.limit;
        const left =
          altered !== null
            ? 0
            : Math.max(0, Math.min(cmd.limit - used, cmd.perCard.limit - holderUsed));
        const entry = {
          ...auditActor(cmd),
          action: 'contact.check',
          subjectType: 'card',
          subjectId: cmd.cardPublicId,
        } as const;
        const searched = {
          callId: cmd.call.publicId,
          kind: cmd.kind,
          valueHash: cmd.valueHash,
          keyId: cmd.valueKeyId,
        };
        if (left === 0) {
          audit.append({
            ...entry,
            result: 'refused',
            details: {
              ...searched,
              reason: 'limit-reached',
              limit: used >= cmd.limit ? 'call' : 'card',
              ...(altered !== null ? { altered } : {}),
            },
          });
          return { recorded: false, used, left };
        }
        insertCheck.run(
          cmd.call.id,
          cmd.kind,
          cmd.at.toISOString(),
          cmd.match ? 'match' : 'no-match',
        );
        audit.append({
          ...entry,
          result: 'success',
          details: { ...searched, match: cmd.match },
        });
        return { recorded: true, used: used + 1, left: left - 1 };
      });
    },
  };
}
