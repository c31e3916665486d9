/**
 * A card's lock rows are read afresh at every call and checked against their MACs; only the
 * HMAC of a row unchanged in every column is saved (row-check-memo.ts). So a lock row changed
 * by pages written straight into the database file — made in a scratch copy with SQLite and
 * written underneath the console, where neither `PRAGMA data_version` nor any change counter
 * moves — is still caught once the console reads it: the card is held for fraud, never shown
 * unlocked. (A verdict remembered by a change mark while the row was read again elsewhere
 * trusted the forged row.)
 */
import type Database from 'better-sqlite3';
import { closeSync, copyFileSync, openSync, readFileSync, writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEmbeddedAcsGateway } from '../../../main/core/acs/embedded-acs-gateway.ts';
import { createLockoutSeal } from '../../../main/core/acs/sealed-lockouts.ts';
import type { AuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import { sealedRowHolds, type SealedRow } from '../../../main/core/db/sealed-rows.ts';
import { openKeyFile } from '../../../main/core/keys/key-file.ts';
import { rowKeysOf } from '../../../main/core/keys/row-mac.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const person = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = person.cards[0]!.publicId;

/** The keyless writer's edit, made in a scratch copy and written into the live file page by page. */
function writePagesUnderneath(dbPath: string, sql: string): number[] {
  const scratch = `${dbPath}.scratch`;
  copyFileSync(dbPath, scratch);
  const s = keylessWriter(scratch);
  s.exec(sql);
  s.pragma('wal_checkpoint(TRUNCATE)');
  s.close();
  const live = readFileSync(dbPath);
  const made = readFileSync(scratch);
  const raw = live.readUInt16BE(16);
  const size = raw === 1 ? 65536 : raw;
  const written: number[] = [];
  const fd = openSync(dbPath, 'r+');
  try {
    // Page 1 (the header, with its change counter) is left alone.
    for (let page = 1; (page + 1) * size <= Math.min(live.length, made.length); page++) {
      const a = live.subarray(page * size, (page + 1) * size);
      const b = made.subarray(page * size, (page + 1) * size);
      if (!a.equals(b)) {
        writeSync(fd, b, 0, size, page * size);
        written.push(page + 1);
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

describe('a lock row changed in the file underneath the console', () => {
  async function attack() {
    let keyFile = '';
    let appDb: Database.Database | null = null;
    const desk = await demoCore(
      {
        // The default gateway of a training database (chooseAcsGateway -> embedded with the
        // lockout seal); built here only to hold on to the console's connection.
        acs: (db) => {
          appDb = db;
          const rowKeys = rowKeysOf(openKeyFile(keyFile));
          const audit = {
            rowHolds: (table: Parameters<typeof sealedRowHolds>[1], row: SealedRow) =>
              sealedRowHolds(rowKeys, table, row),
            transact: <T>(f: () => T) => f(),
            append: () => undefined,
          } as unknown as AuditTrail;
          return createEmbeddedAcsGateway(db, createLockoutSeal(db, audit, 'console@test'));
        },
      },
      (p) => {
        keyFile = p.keyFile;
      },
    );
    await desk.signIn('agent');
    expect((await desk.openCard(cardId)).ok).toBe(true);
    const status = () => desk.core.router.call('w1', 'lockout.status', { cardId });
    for (let i = 0; i < 2; i++)
      expect(await status()).toMatchObject({
        ok: true,
        value: { lock: { state: 'locked', cause: 'wrong_codes' } },
      });

    const pages = writePagesUnderneath(
      desk.dbPath,
      `UPDATE lockouts SET until = '2026-11-20T00:00:00.000Z'
       WHERE cause = 'wrong_codes' AND cleared_at IS NULL
         AND card_id = (SELECT id FROM cards WHERE public_id = '${cardId}')`,
    );
    expect(pages.length).toBeGreaterThan(0);
    // The page leaves the console's cache (as it does on a database bigger than the cache).
    appDb!.pragma('shrink_memory');

    // The row in the file now fails its MAC.
    const [row] = desk.query<{ until: string; row_mac: Buffer }>(
      `SELECT until, row_mac FROM lockouts WHERE cause = 'wrong_codes' AND cleared_at IS NULL
       AND card_id = (SELECT id FROM cards WHERE public_id = ?)`,
      cardId,
    );
    expect(row!.until).toBe('2026-11-20T00:00:00.000Z');
    return status();
  }

  it('is caught at the next call, with nothing else written: the card is held for fraud', async () => {
    expect(await attack()).toMatchObject({
      ok: true,
      value: { allowed: false, refusal: 'fraud', lock: { cause: 'fraud_hold' } },
    });
  });
});
