/**
 * How far the rows from before migration 023 go: the highest card and cardholder ids written
 * before every row was sealed. Only rows at or below them may lack a MAC without having had it
 * removed (card-refs.ts unsealedCardAllowed, the importer's holderOf, audit verify).
 *
 * The migration writes the figures into `seals_from`, but that row has no MAC and the
 * migration holds no key: someone who writes the database file could raise them and have any
 * card or cardholder whose MAC they removed read as "from before". So the first process with
 * the keys on an upgraded database records the figures in the audit trail
 * (`database.seals-from`), and only that entry, its chain MAC holding, is believed. No entry,
 * or one that fails its MAC: nothing is from before (0 and 0), the strictest reading. A new
 * database has no rows from before, records nothing and reads 0 and 0.
 */
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import { storedEntryCheck } from '../audit/stored-entry-check.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';

export const SEALS_FROM_ACTION = 'database.seals-from';
const SUBJECT = 'seals_from';

export interface SealsFrom {
  cards: number;
  holders: number;
}

interface SealsFromRow {
  cards_through: number;
  holders_through: number;
  at: string | null;
}

/**
 * On a writable connection of an upgraded database (seals_from.at set), records the figures in
 * the trail once. Called as the trail is opened, in the process that has just migrated.
 */
export function recordSealsFrom(
  db: Db,
  audit: Pick<AuditTrail, 'transact' | 'append'>,
  clock: Clock,
): void {
  if (db.readonly) return;
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'seals_from'")
    .get();
  if (!hasTable) return;
  const row = db
    .prepare<[], SealsFromRow>(
      'SELECT cards_through, holders_through, at FROM seals_from WHERE id = 1',
    )
    .get();
  if (!row || row.at === null) return;
  const recorded = db.prepare<[string, string], { seq: number }>(
    'SELECT seq FROM audit_log WHERE subject_id = ? AND action = ? LIMIT 1',
  );
  if (recorded.get(SUBJECT, SEALS_FROM_ACTION)) return;
  audit.transact(() => {
    if (recorded.get(SUBJECT, SEALS_FROM_ACTION)) return;
    audit.append({
      at: clock.now(),
      operatorId: null,
      username: null,
      origin: 'upgrade',
      action: SEALS_FROM_ACTION,
      subjectType: 'database',
      subjectId: SUBJECT,
      result: 'success',
      details: { cardsThrough: row.cards_through, holdersThrough: row.holders_through },
    });
  });
}

/** The figures as the trail vouches for them, read afresh at each call (0 and 0 otherwise). */
export function sealsFrom(db: Db, keys: Pick<KeyProvider, 'byId'>): () => SealsFrom {
  const entries = db.prepare<[string, string], StoredAuditEntry & { mac: Buffer | null }>(
    'SELECT * FROM audit_log WHERE subject_id = ? AND action = ? ORDER BY seq',
  );
  const holds = storedEntryCheck(db, keys);
  const none: SealsFrom = { cards: 0, holders: 0 };
  let kept: { seq: number; mac: Buffer; value: SealsFrom } | null = null;
  return () => {
    // Only the first entry counts: it was written by the process that migrated.
    const entry = entries.get(SUBJECT, SEALS_FROM_ACTION);
    if (!entry?.mac) return none;
    if (kept && kept.seq === entry.seq && kept.mac.equals(entry.mac)) return kept.value;
    if (!holds(entry)) return none;
    const details = JSON.parse(entry.details) as {
      cardsThrough?: unknown;
      holdersThrough?: unknown;
    };
    const value = {
      cards: Number.isSafeInteger(details.cardsThrough) ? (details.cardsThrough as number) : 0,
      holders: Number.isSafeInteger(details.holdersThrough)
        ? (details.holdersThrough as number)
        : 0,
    };
    kept = { seq: entry.seq, mac: entry.mac, value };
    return value;
  };
}
