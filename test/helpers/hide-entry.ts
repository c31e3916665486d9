/**
 * What someone with the database file but no key can do to the trail: drop audit_log's
 * append-only triggers, change a column of an entry (its MAC then fails, but only a full
 * verification reads it), and put the triggers back byte for byte, so the schema is as the
 * migrations made it and a console opens it.
 */
import { keylessWriter } from './sealed-writer.ts';

/** Flips `result` of the newest successful entry of `action` to 'failure'; returns its seq. */
export function hideNewestEntry(dbPath: string, action: string): number {
  const raw = keylessWriter(dbPath);
  try {
    const { seq } = raw
      .prepare("SELECT max(seq) AS seq FROM audit_log WHERE action = ? AND result = 'success'")
      .get(action) as { seq: number };
    editEntry(raw, `UPDATE audit_log SET result = 'failure' WHERE seq = ${seq}`);
    return seq;
  } finally {
    raw.close();
  }
}

/** Runs `sql` on audit_log with its triggers dropped, then puts them back exactly. */
export function editEntry(raw: ReturnType<typeof keylessWriter>, sql: string): void {
  const triggers = raw
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name",
    )
    .all() as { name: string; sql: string }[];
  raw.transaction(() => {
    for (const trigger of triggers) raw.exec(`DROP TRIGGER "${trigger.name}"`);
    raw.exec(sql);
    for (const trigger of triggers) raw.exec(trigger.sql);
  })();
}
