/**
 * Operators disabled before the key store kept the list (keys/operators-disabled.ts): when a
 * console opens the database, each operator.disable entry that holds is recorded in the key
 * store, so from then on renaming that entry and putting the row back changes nothing either.
 *
 * Only entries whose MAC verifies count, and the username is the one the operator's own
 * operator.create entry (holding too) names: a writer without the keys can add neither, so
 * nobody is shut out on the file's word. An entry already renamed or edited before the first
 * start is not found here; the trail watch and `audit verify` find it. Under the database's
 * write lock, as every writer of the key store.
 */
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { StoredAuditEntry } from '../audit/canonical.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import { namesOperator } from '../keys/operators-disabled.ts';

type Entry = StoredAuditEntry & { mac: Buffer | null };

/** How many operators it recorded now. */
export function recordDisabledFromTrail(
  db: Db,
  audit: Pick<AuditTrail, 'storedEntryHolds'>,
  keys: Pick<KeyProvider, 'operatorsDisabled'>,
): number {
  const store = keys.operatorsDisabled;
  if (!store || db.readonly) return 0;
  const disables = db.prepare<[], Entry>(
    "SELECT * FROM audit_log WHERE action = 'operator.disable' AND result = 'success' ORDER BY seq",
  );
  const created = db.prepare<[string], Entry>(
    "SELECT * FROM audit_log WHERE subject_id = ? AND action = 'operator.create' AND result = 'success' ORDER BY seq",
  );
  return db
    .transaction(() => {
      const known = store.read();
      let recorded = 0;
      for (const entry of disables.all()) {
        if (entry.subject_id === null || !audit.storedEntryHolds(entry)) continue;
        const id = Number(entry.subject_id);
        const create = created.all(entry.subject_id).find((c) => audit.storedEntryHolds(c));
        const { username } = create ? (JSON.parse(create.details) as { username?: unknown }) : {};
        if (!Number.isSafeInteger(id) || typeof username !== 'string') continue;
        if (namesOperator(known, { id, username })) continue;
        store.record({ id, username, at: entry.at });
        recorded += 1;
      }
      return recorded;
    })
    .immediate();
}
