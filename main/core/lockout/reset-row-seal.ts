/**
 * Resets and approval requests are sealed rows (migration 007). Before a card's reset is
 * decided, sent again or approved, every reset and approval row of that card is checked
 * against its MAC. A row that does not hold was written or changed without the keys — a reset
 * planted as "failed" so that "send again" clears a lock nobody decided on, a request turned
 * "pending" for a lead to approve, a requester swapped — so the card is treated as the
 * lockout seal treats an altered lock: held for fraud (no reset, the call goes to the fraud
 * team) and an alert for the lead, once per row and process.
 */
import { createChangeMark } from '../db/change-mark.ts';
import type { Edges } from '../edges.ts';
import type { SealedRow } from '../db/sealed-rows.ts';

const CHECKED_TABLES = ['resets', 'approval_requests'] as const;
type CheckedTable = (typeof CHECKED_TABLES)[number];

interface Row extends SealedRow {
  id: number;
}

export interface ResetRowSeal {
  /** True when a reset or approval row of this card does not verify; each such row alerts once. */
  altered(cardId: number, at: Date): boolean;
}

export function createResetRowSeal({ db, audit, origin }: Edges): ResetRowSeal {
  const rowsOf: Record<CheckedTable, ReturnType<typeof db.prepare<[number], Row>>> = {
    resets: db.prepare<[number], Row>('SELECT * FROM resets WHERE card_id = ?'),
    approval_requests: db.prepare<[number], Row>(
      'SELECT * FROM approval_requests WHERE card_id = ?',
    ),
  };
  const card = db.prepare<[number], { public_id: string }>(
    'SELECT public_id FROM cards WHERE id = ?',
  );
  const alerted = new Set<string>();
  const mark = createChangeMark(db);
  let kept: { cardId: number; seen: string; any: boolean } | null = null;

  function alert(cardId: number, table: CheckedTable, rowIds: number[], at: Date): void {
    const fresh = rowIds.filter((id) => !alerted.has(`${table}:${id}`));
    if (fresh.length === 0) return;
    audit.transact(() =>
      audit.append({
        at,
        operatorId: null,
        username: null,
        origin,
        action: 'alert.altered-row',
        subjectType: 'card',
        subjectId: card.get(cardId)?.public_id ?? String(cardId),
        result: 'alert',
        details: { table, rowIds: fresh },
      }),
    );
    for (const id of fresh) alerted.add(`${table}:${id}`);
  }

  return {
    altered(cardId, at) {
      // The card asked about last is checked again only when the database may have changed
      // since (change-mark.ts): a row altered since is caught before the next decision.
      const seen = mark();
      if (kept?.cardId === cardId && kept.seen === seen) return kept.any;
      let any = false;
      for (const table of CHECKED_TABLES) {
        const bad = rowsOf[table]
          .all(cardId)
          .filter((row) => !audit.rowHolds(table, row))
          .map((row) => row.id);
        if (bad.length === 0) continue;
        any = true;
        alert(cardId, table, bad, at);
      }
      kept = { cardId, seen, any };
      return any;
    },
  };
}
