/**
 * Resets and approval requests are sealed rows (migration 007). Before a card's reset is
 * decided, sent again or approved, every reset and approval row of that card is checked
 * against its MAC. A row that does not hold was written or changed without the keys — a reset
 * planted as "failed" so that "send again" clears a lock nobody decided on, a request turned
 * "pending" for a lead to approve, a requester swapped — so the card is treated as the
 * lockout seal treats an altered lock: held for fraud (no reset, the call goes to the fraud
 * team) and an alert for the lead, once per row and process. An approval row must also say
 * what its approval.request entry says (approvals/request-entry.ts): the columns a lead decides
 * by are outside its MAC.
 */
import { requestEntryVouches, type RequestColumns } from '../approvals/request-entry.ts';
import type { Edges } from '../edges.ts';
import { rowCheckMemo } from '../db/row-check-memo.ts';
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

export function createResetRowSeal(edges: Edges): ResetRowSeal {
  const { db, audit, origin } = edges;
  const vouched = requestEntryVouches(edges);
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
  const requestSealHolds = rowCheckMemo<Row>((row) => audit.rowHolds('approval_requests', row));
  const holds = {
    resets: rowCheckMemo<Row>((row) => audit.rowHolds('resets', row)),
    approval_requests: (row: Row) => requestSealHolds(row) && vouched(row as Row & RequestColumns),
  } satisfies Record<CheckedTable, (row: Row) => boolean>;

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
      // Read afresh every time; a row unchanged in every column keeps its verdict
      // (row-check-memo.ts), so what is decided on is always what was checked.
      let any = false;
      for (const table of CHECKED_TABLES) {
        const bad = rowsOf[table]
          .all(cardId)
          .filter((row) => !holds[table](row))
          .map((row) => row.id);
        if (bad.length === 0) continue;
        any = true;
        alert(cardId, table, bad, at);
      }
      return any;
    },
  };
}
