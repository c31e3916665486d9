/**
 * The desk server's claims as the audit trail records them. The claim row in `leases` is
 * plain: whoever can write the database file could name a holder nobody runs and so stop the
 * running server (it would read that another took over) and refuse its restart. So every
 * server that takes the claim records it in the trail, in the transaction that writes the row
 * (`database.server-claim`: the holder, the claim's generation). Only a process holding the
 * audit key can write an entry whose chain MAC holds, so:
 *
 * - a live claim row is honoured (a starting server refuses beside it) only when the newest
 *   claim entry that holds names the same holder and generation;
 * - a running server has lost its claim only when a claim entry newer than its own holds: a
 *   server with the keys took it over. Whatever else the row says was written without them.
 */
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import type { Db } from '../db/connection.ts';

export const SERVER_CLAIM_ACTION = 'database.server-claim';

/** One claim as its entry records it. */
export interface RecordedClaim {
  seq: number;
  holder: string;
  generation: number;
}

type StoredEntry = StoredAuditEntry & { mac: Buffer | null };

export interface ServerClaims {
  /** Appends the entry of a claim just written, inside that write's transaction; its seq. */
  record(claim: { holder: string; generation: number; at: Date; origin: string }): number;
  /** The newest claim entry whose chain MAC holds, if any. */
  newestHolding(): RecordedClaim | null;
  /** A claim entry after `seq` whose chain MAC holds: a server with the keys took over. */
  holdingAfter(seq: number): RecordedClaim | null;
}

export function serverClaims(
  db: Db,
  audit: Pick<AuditTrail, 'append' | 'storedEntryHolds'>,
): ServerClaims {
  // Read whole (checking an entry reads the one before it: no statement may be mid-iteration).
  // A server claims once a start, so the newest few are plenty.
  const newestFirst = db.prepare<[string], StoredEntry>(
    'SELECT * FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 20',
  );
  const after = db.prepare<[string, number], StoredEntry>(
    'SELECT * FROM audit_log WHERE action = ? AND seq > ? ORDER BY seq',
  );
  const head = db.prepare<[], { seq: number }>(
    'SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1',
  );

  const claimOf = (entry: StoredEntry): RecordedClaim | null => {
    if (entry.subject_id === null || !audit.storedEntryHolds(entry)) return null;
    const generation: unknown = (JSON.parse(entry.details) as { generation?: unknown }).generation;
    if (typeof generation !== 'number' || !Number.isSafeInteger(generation)) return null;
    return { seq: entry.seq, holder: entry.subject_id, generation };
  };
  const firstHolding = (entries: readonly StoredEntry[]): RecordedClaim | null => {
    for (const entry of entries) {
      const claim = claimOf(entry);
      if (claim) return claim;
    }
    return null;
  };

  return {
    record({ holder, generation, at, origin }) {
      audit.append({
        at,
        operatorId: null,
        username: null,
        origin,
        action: SERVER_CLAIM_ACTION,
        subjectType: 'database',
        subjectId: holder,
        result: 'success',
        details: { generation },
      });
      return head.get()!.seq;
    },
    // An entry that fails its MAC was written without the keys (or edited): it vouches for
    // nothing, and the trail watch and `audit verify` name it.
    newestHolding: () => firstHolding(newestFirst.all(SERVER_CLAIM_ACTION)),
    holdingAfter: (seq) => firstHolding(after.all(SERVER_CLAIM_ACTION, seq)),
  };
}
