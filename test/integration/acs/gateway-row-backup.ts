/**
 * The ACS gateway row as a backup of the database file holds it, and putting it back without
 * the keys (MAC and all): what someone restoring an older row from a backup does.
 */
import Database from 'better-sqlite3';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const COLUMNS = [
  'url',
  'ca_pem',
  'client_cert_pem',
  'client_key_sealed',
  'token_sealed',
  'seal_key_id',
  'training',
  'acs_data',
  'updated_at',
  'mac_key_id',
  'row_mac',
] as const;
export type GatewayRowSnapshot = Record<(typeof COLUMNS)[number], unknown>;

export function snapshot(dbPath: string): GatewayRowSnapshot {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(`SELECT ${COLUMNS.join(', ')} FROM acs_gateway WHERE id = 1`)
      .get() as GatewayRowSnapshot;
  } finally {
    db.close();
  }
}

/** Puts an older row back, MAC and all; `also` runs after it on the same keyless connection. */
export function putBack(dbPath: string, row: GatewayRowSnapshot, also = ''): void {
  const raw = keylessWriter(dbPath);
  try {
    raw
      .prepare(
        `UPDATE acs_gateway SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')} WHERE id = 1`,
      )
      .run(row);
    if (also) raw.exec(also);
  } finally {
    raw.close();
  }
}
