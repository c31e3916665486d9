/**
 * Migration 023: every card sealed to its cardholder, with or without an ACS reference, and with
 * its public and external ids. A card from before (sealed by 020 or not at all) fails the new
 * seal, and on a database holding imported ACS data it is read as altered until the import
 * writes it again. Cardholders' ids are sealed too.
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AcsAlteredError } from '../../../main/core/acs/acs-errors.ts';
import {
  CARD_SEAL_COLUMNS,
  cardRefReader,
  cardSealHolds,
  sealedCardRefs,
  type CardSealRow,
} from '../../../main/core/acs/card-refs.ts';
import {
  CONTACT_SEAL_COLUMNS,
  contactSealHolds,
  type ContactSealRow,
} from '../../../main/core/contacts/contact-seal.ts';
import { createAuditTrail } from '../../../main/core/audit/audit-trail.ts';
import { systemClock } from '../../../main/core/clock.ts';
import { migrate } from '../../../main/core/db/migrate.ts';
import {
  HOLDER_SEAL_COLUMNS,
  holderSealHolds,
  type HolderSealRow,
} from '../../../main/core/import/holder-seal.ts';
import { migrations } from '../../../main/core/db/migrations/index.ts';
import { schemaDifferences } from '../../../main/core/db/schema-check.ts';
import { installRowMac } from '../../../main/core/db/sealed-rows.ts';
import { deriveKeySet, keySetProvider } from '../../../main/core/keys/key-set.ts';
import { rowKeysOf } from '../../../main/core/keys/row-mac.ts';

const keys = keySetProvider(deriveKeySet('migration-023'), 'test keys');
const lookup = rowKeysOf(keys);

/** A database before 023 with two cardholders, written by a writer holding the keys. */
function before(cards: string): Database.Database {
  const db = new Database(':memory:');
  migrate(db, { available: migrations.filter((m) => m.version < 23) });
  installRowMac(db, keys, { openAfterSchemaCheck: schemaDifferences });
  db.exec(`
    INSERT INTO cardholders (id, public_id, customer_ref, name, name_latin, created_at)
      VALUES (1, 'ch_1', 'C-1', 'N', 'N', 't'), (2, 'ch_2', 'C-2', 'M', 'M', 't');
    ${cards}`);
  return db;
}

function upgrade(db: Database.Database): void {
  migrate(db, { available: migrations.filter((m) => m.version <= 23) });
  installRowMac(db, keys, { openAfterSchemaCheck: schemaDifferences });
}

const card = (db: Database.Database, id: number) =>
  db.prepare(`SELECT ${CARD_SEAL_COLUMNS} FROM cards WHERE id = ?`).get(id) as CardSealRow;

const CARD = `INSERT INTO cards (id, public_id, cardholder_id, product, brand, last4, pan_hash, pan_key_id, created_at, acs_card_ref)
  VALUES`;

describe('migration 023', () => {
  it('leaves older cards failing the new seal (020 sealed or not), and seals every card written after, its ids too', () => {
    const db = before(`${CARD} (1, 'card_1', 1, 'p', 'VISA', '1111', x'01', 'k', 't', 'REF-1'),
                                (2, 'card_2', 1, 'p', 'VISA', '2222', x'02', 'k', 't', NULL);`);
    expect(card(db, 2).acs_ref_mac).toBeNull();
    upgrade(db);
    // Sealed by 020 without its public and external ids: altered until the import writes it.
    expect(card(db, 1).acs_ref_mac).not.toBeNull();
    expect(cardSealHolds(lookup, card(db, 1))).toBe(false);
    // Never sealed now: nobody can say it was not moved before.
    expect(card(db, 2)).toMatchObject({ acs_ref_key_id: null, acs_ref_mac: null });
    expect(cardSealHolds(lookup, card(db, 2))).toBe(false);
    // The database holds imported ACS data (card 1's reference): the unsealed card is altered.
    const read = cardRefReader(db, keys);
    expect(read(1)?.holds).toBe(false);
    expect(read(2)?.holds).toBe(false);

    // A card without a reference written now is sealed to its cardholder and card number...
    db.exec(`${CARD} (3, 'card_3', 1, 'p', 'VISA', '3333', x'03', 'k', 't', NULL);`);
    expect(card(db, 3).acs_ref_mac).not.toBeNull();
    expect(read(3)?.holds).toBe(true);
    expect(cardSealHolds(lookup, { ...card(db, 3), cardholder_id: 2 })).toBe(false);
    expect(cardSealHolds(lookup, { ...card(db, 3), pan_hash: Buffer.from([9]) })).toBe(false);
    expect(cardSealHolds(lookup, { ...card(db, 3), acs_card_ref: 'REF-1' })).toBe(false);
    expect(cardSealHolds(lookup, { ...card(db, 3), public_id: 'card_renamed' })).toBe(false);
    expect(cardSealHolds(lookup, { ...card(db, 3), external_id: 'EXT-9' })).toBe(false);
    // ...and written again by the importer (which holds the keys), it is sealed again.
    db.prepare('UPDATE cards SET cardholder_id = 1 WHERE id = 2').run();
    expect(read(2)?.holds).toBe(true);
    db.prepare('UPDATE cards SET cardholder_id = 2, acs_card_ref = NULL WHERE id = 1').run();
    expect(read(1)?.holds).toBe(true);
    // Renamed by a writer with the keys, it is sealed under its new name.
    db.prepare("UPDATE cards SET public_id = 'card_3b' WHERE id = 3").run();
    expect(read(3)?.holds).toBe(true);
  });

  it('seals every cardholder written after over its id, public id and external id; older ones have no MAC', () => {
    const db = before('');
    upgrade(db);
    const holder = (id: number) =>
      db
        .prepare(`SELECT ${HOLDER_SEAL_COLUMNS} FROM cardholders WHERE id = ?`)
        .get(id) as HolderSealRow;
    expect(holder(1)).toMatchObject({ holder_key_id: null, holder_mac: null });
    expect(db.prepare('SELECT holders_through FROM seals_from').get()).toEqual({
      holders_through: 2,
    });
    db.exec(`INSERT INTO cardholders (id, public_id, customer_ref, name, name_latin, created_at, external_id)
      VALUES (3, 'ch_3', 'C-3', 'O', 'O', 't', 'EXT-3');`);
    expect(holderSealHolds(lookup, holder(3))).toBe(true);
    expect(holderSealHolds(lookup, { ...holder(3), external_id: 'EXT-1' })).toBe(false);
    expect(holderSealHolds(lookup, { ...holder(3), public_id: 'ch_1' })).toBe(false);
    expect(holderSealHolds(lookup, { ...holder(3), id: 1 })).toBe(false);
    db.prepare("UPDATE cardholders SET external_id = 'EXT-1' WHERE id = 1").run();
    expect(holderSealHolds(lookup, holder(1))).toBe(true);
  });

  it('the network gateway asks nothing for a card without a reference that fails its seal, and alerts', () => {
    const db = before(`${CARD} (1, 'card_1', 1, 'p', 'VISA', '1111', x'01', 'k', 't', 'REF-1'),
                                (2, 'card_2', 1, 'p', 'VISA', '2222', x'02', 'k', 't', NULL);`);
    upgrade(db);
    db.exec(`${CARD} (3, 'card_3', 1, 'p', 'VISA', '3333', x'03', 'k', 't', NULL);`);
    // Card 1 written again by the import (a writer with the keys): sealed under 023.
    db.prepare('UPDATE cards SET acs_card_ref = acs_card_ref WHERE id = 1').run();
    const alarms: unknown[] = [];
    const refOf = sealedCardRefs(db, keys, (what) => alarms.push(what));
    expect(refOf(1)).toBe('REF-1');
    // Sealed, without a reference: nothing to name it by (the gateway says so), no alarm.
    expect(refOf(3)).toBeNull();
    expect(() => refOf(2)).toThrow(AcsAlteredError);
    expect(alarms).toEqual([{ table: 'cards', cardId: 2 }]);
  });

  it('on a database without imported ACS data an older card without a reference reads as before; a MAC that fails does not', () => {
    const db = before(`${CARD} (1, 'card_1', 1, 'p', 'VISA', '1111', x'01', 'k', 't', NULL);`);
    upgrade(db);
    const read = cardRefReader(db, keys);
    // Until a process with the keys has vouched for seals_from in the trail, nothing is from
    // before, whatever the row says (it has no MAC: a writer of the file could raise it).
    expect(read(1)?.holds).toBe(false);
    createAuditTrail(db, keys, join(mkdtempSync(join(tmpdir(), 'vd-023-')), 'anchors'), {
      clock: systemClock,
    });
    // This test's own writes seal as the importer's would, outside the trail's gate.
    installRowMac(db, keys, { openAfterSchemaCheck: schemaDifferences });
    expect(read(1)?.holds).toBe(true);
    db.prepare('UPDATE seals_from SET cards_through = 1000').run();
    db.exec(`${CARD} (3, 'card_3', 1, 'p', 'VISA', '3333', x'03', 'k', 't', NULL);`);
    db.prepare('UPDATE cards SET acs_ref_mac = NULL, acs_ref_key_id = NULL WHERE id = 3').run();
    expect(read(3)?.holds).toBe(false);
    // A card written after the upgrade whose MAC was removed is not one from before.
    db.exec(`${CARD} (2, 'card_2', 1, 'p', 'VISA', '2222', x'02', 'k', 't', NULL);`);
    expect(read(2)?.holds).toBe(true);
    const strip = db.prepare(
      'UPDATE cards SET acs_ref_mac = NULL, acs_ref_key_id = NULL WHERE id = ?',
    );
    strip.run(2);
    expect(read(2)?.holds).toBe(false);
    // Nor is an older card whose MAC is present but wrong (moved by a writer without the keys).
    db.prepare(
      "UPDATE cards SET acs_ref_mac = zeroblob(32), acs_ref_key_id = 'forged' WHERE id = 1",
    ).run();
    expect(read(1)?.holds).toBe(false);
    strip.run(1);
    expect(read(1)?.holds).toBe(true);
    // A card with a reference always needs its seal.
    const raw = db.prepare(
      "UPDATE cards SET acs_ref_mac = zeroblob(32), acs_card_ref = 'X' WHERE id = 1",
    );
    db.function('desk_row_key_id', () => 'forged');
    db.function('desk_row_mac', { varargs: true }, () => Buffer.alloc(32));
    raw.run();
    expect(read(1)?.holds).toBe(false);
  });

  it('leaves contacts from before unsealed and seals every contact written after, over what the reset rule reads', () => {
    const contact = `INSERT INTO contact_points (id, cardholder_id, kind, masked, value_hash, value_key_id,
      status, updated_at, value_changed_at) VALUES`;
    const db = before(
      `${contact} (1, 1, 'mobile', '***-1234', x'01', 'k', 'verified', 't', '2026-11-01T00:00:00.000Z');`,
    );
    upgrade(db);
    const row = (id: number) =>
      db
        .prepare(`SELECT ${CONTACT_SEAL_COLUMNS} FROM contact_points WHERE id = ?`)
        .get(id) as ContactSealRow;
    expect(row(1)).toMatchObject({ contact_key_id: null, contact_mac: null });
    expect(contactSealHolds(lookup, row(1))).toBe(false);
    db.exec(
      `${contact} (2, 1, 'email', 'a***@example.jp', x'02', 'k', 'verified', 't', '2026-11-20T00:00:00.000Z');`,
    );
    expect(contactSealHolds(lookup, row(2))).toBe(true);
    for (const change of [
      { value_changed_at: '2026-01-01T00:00:00.000Z' },
      { value_changed_at: null },
      { cardholder_id: 2 },
      { value_hash: Buffer.from([1]) },
      { pending_masked: 'b***@example.jp', pending_effective_at: '2026-11-21T00:00:00.000Z' },
      { updated_at: 'u' },
      { status: 'bounced' },
      { as_of: '9999-12-31T00:00:00.000Z' },
      { id: 1 },
    ])
      expect(contactSealHolds(lookup, { ...row(2), ...change })).toBe(false);
    // Written again by a writer holding the keys (the importer), it is sealed again.
    db.prepare(
      "UPDATE contact_points SET value_changed_at = '2026-11-20T00:00:00.000Z' WHERE id = 1",
    ).run();
    expect(contactSealHolds(lookup, row(1))).toBe(true);
  });
});
