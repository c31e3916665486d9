/**
 * The embedded ACS's lockout rows are sealed (migration 007). Before the lock of a card is
 * used, every lockout row of that card is checked: one that does not match its MAC (a lock
 * cleared, shortened, moved from another card, or a fraud hold turned into a wrong-code
 * lock with any SQLite tool) makes the card count as held for fraud — resets are refused,
 * the call goes to the fraud team — and raises an alert. A fraud hold the console sees for
 * the first time is recorded in the audit trail (`lockout.fraud-hold-seen`), so `audit verify`
 * and the trail watch's full pass notice when one is deleted later; and so does every read of
 * the card's lock: a hold the trail (or this process) saw on the card whose row is no longer
 * among the card's rows was deleted or moved in the file (the console never deletes one, and a
 * cardholder with a hold seen is never removed by the import), so it counts as an altered row:
 * the card stays held for fraud and the lead is alerted. An entry whose MAC fails counts too:
 * the strictest reading (the trail watch reports the entry itself).
 */
import type { LockCause } from '../../../shared/lockout/lockout-codes.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Db } from '../db/connection.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
import type { SealedRow } from '../db/sealed-rows.ts';
import { FRAUD_HOLD_SEEN } from '../lockout/fraud-holds-seen.ts';

export interface LockoutSeal {
  /** The card's lockout rows that do not match their MAC (their ids); empty when all hold. */
  alteredRows(cardId: number): number[];
  /** The card's lockout rows as read, every one checked: those that hold, and the ids of those that do not. */
  checkedRows(cardId: number): { holding: LockoutRow[]; altered: number[] };
  /** Audits an alert for rows that do not hold (once per row and process). */
  alert(cardId: number, lockoutIds: number[], at: Date): void;
  /** Records the first sight of a fraud hold (one audit entry per hold, ever). */
  fraudHoldSeen(cardId: number, lockoutId: number, at: Date): void;
}

interface Row extends SealedRow {
  id: number;
}

/** A lockout row's columns the lock is judged by. */
export interface LockoutRow {
  id: number;
  cause: LockCause;
  since: string;
  until: string | null;
  cleared_at: string | null;
}

export function createLockoutSeal(db: Db, audit: AuditTrail, origin: string): LockoutSeal {
  const rows = db.prepare<[number], Row>('SELECT * FROM lockouts WHERE card_id = ?');
  const card = db.prepare<[number], { public_id: string }>(
    'SELECT public_id FROM cards WHERE id = ?',
  );
  const markSeen = db.prepare(
    'INSERT INTO fraud_holds_seen (lockout_id, card_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const alerted = new Set<number>();
  const holds = rowCheckMemo<Row>((row) => audit.rowHolds('lockouts', row));
  const publicId = (cardId: number) => card.get(cardId)?.public_id ?? String(cardId);
  // The holds the trail says were seen on the card (by its public id: migration 021's index).
  const seenEntries = db.prepare<[number], { details: string }>(
    `SELECT details FROM audit_log
      WHERE subject_id = (SELECT public_id FROM cards WHERE id = ?) AND action = '${FRAUD_HOLD_SEEN}'`,
  );
  // The holds this process saw or recorded, by card: renaming their entries hides none of them.
  const seenHere = new Map<number, Set<number>>();

  /** The fraud holds seen on the card whose row is not among `present` (its lockout ids). */
  function goneHolds(cardId: number, present: ReadonlySet<number>): number[] {
    const seen = new Set(seenHere.get(cardId));
    for (const entry of seenEntries.all(cardId)) {
      const lockoutId = (JSON.parse(entry.details) as { lockoutId?: unknown }).lockoutId;
      if (typeof lockoutId === 'number') seen.add(lockoutId);
    }
    return [...seen].filter((id) => !present.has(id));
  }

  return {
    alteredRows(cardId) {
      // Read afresh every time; a row unchanged in every column keeps its verdict
      // (row-check-memo.ts), so the lock used is always the lock checked.
      const all = rows.all(cardId);
      return [
        ...all.filter((row) => !holds(row)).map((row) => row.id),
        ...goneHolds(cardId, new Set(all.map((row) => row.id))),
      ];
    },
    checkedRows(cardId) {
      const holding: LockoutRow[] = [];
      const altered: number[] = [];
      const present = new Set<number>();
      for (const row of rows.all(cardId)) {
        present.add(row.id);
        if (holds(row)) holding.push(row as unknown as LockoutRow);
        else altered.push(row.id);
      }
      altered.push(...goneHolds(cardId, present));
      return { holding, altered };
    },
    alert(cardId, lockoutIds, at) {
      const fresh = lockoutIds.filter((id) => !alerted.has(id));
      if (fresh.length === 0) return;
      audit.transact(() =>
        audit.append({
          at,
          operatorId: null,
          username: null,
          origin,
          action: 'alert.altered-row',
          subjectType: 'card',
          subjectId: publicId(cardId),
          result: 'alert',
          details: { table: 'lockouts', lockoutIds: fresh },
        }),
      );
      for (const id of fresh) alerted.add(id);
    },
    fraudHoldSeen(cardId, lockoutId, at) {
      const here = seenHere.get(cardId) ?? new Set<number>();
      here.add(lockoutId);
      seenHere.set(cardId, here);
      audit.transact(() => {
        if (markSeen.run(lockoutId, cardId, at.toISOString()).changes === 0) return;
        audit.append({
          at,
          operatorId: null,
          username: null,
          origin,
          action: FRAUD_HOLD_SEEN,
          subjectType: 'card',
          subjectId: publicId(cardId),
          result: 'success',
          details: { lockoutId },
        });
      });
    },
  };
}
