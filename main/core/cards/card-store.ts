/**
 * Cards as the console may see them: brand, last 4, product and the cardholder's name and
 * readings. The full number never comes back out; it is only matched through its keyed hash.
 * Every read is a command that writes its audit entry in the same transaction (PCI DSS
 * 10.2.1: access to cardholder data is logged, or it does not happen).
 */
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Db } from '../db/connection.ts';

export interface CardRecord {
  id: number;
  publicId: string;
  brand: string;
  last4: string;
  product: string;
  cardholderName: string;
  cardholderNameLatin: string;
}

export interface Actor {
  operatorId: number;
  username: string;
  origin: string;
  at: Date;
}

export interface CardStore {
  /** Cards whose last 4 match and whose cardholder has the folded surname key; at most `limit`. */
  searchByLast4AndSurname(
    cmd: Actor & {
      last4: string;
      surnameKey: string;
      limit: number;
      valueHash: string;
      valueKeyId: string;
    },
  ): Promise<CardRecord[]>;
  /** A card by its public id, recorded as opened by this operator; null when unknown. */
  open(cmd: Actor & { publicId: string }): Promise<CardRecord | null>;
}

interface CardRow {
  id: number;
  public_id: string;
  brand: string;
  last4: string;
  product: string;
  name: string;
  name_latin: string;
}

const SELECT_CARD = `
  SELECT c.id, c.public_id, c.brand, c.last4, c.product, h.name, h.name_latin
  FROM cards c JOIN cardholders h ON h.id = c.cardholder_id`;

const toRecord = (row: CardRow): CardRecord => ({
  id: row.id,
  publicId: row.public_id,
  brand: row.brand,
  last4: row.last4,
  product: row.product,
  cardholderName: row.name,
  cardholderNameLatin: row.name_latin,
});

export function createCardStore(db: Db, audit: AuditTrail): CardStore {
  const byLast4AndSurname = db.prepare<[string, string, number], CardRow>(`${SELECT_CARD}
    WHERE c.last4 = ? AND h.id IN (SELECT cardholder_id FROM surname_keys WHERE key = ?)
    ORDER BY h.name_latin, c.id LIMIT ?`);
  const byPublicId = db.prepare<[string], CardRow>(`${SELECT_CARD} WHERE c.public_id = ?`);

  const actorOf = (cmd: Actor) => ({
    at: cmd.at,
    operatorId: cmd.operatorId,
    username: cmd.username,
    origin: cmd.origin,
  });

  return {
    async searchByLast4AndSurname(cmd) {
      return audit.transact(() => {
        const rows = byLast4AndSurname.all(cmd.last4, cmd.surnameKey, cmd.limit).map(toRecord);
        // The searched value is kept only as a keyed hash: never what the caller said.
        audit.append({
          ...actorOf(cmd),
          action: 'card.search',
          subjectType: 'card',
          subjectId: null,
          result: 'success',
          details: {
            key: 'last4-surname',
            valueHash: cmd.valueHash,
            keyId: cmd.valueKeyId,
            cardIds: rows.map((row) => row.publicId),
          },
        });
        return rows;
      });
    },
    async open(cmd) {
      return audit.transact(() => {
        const row = byPublicId.get(cmd.publicId);
        audit.append({
          ...actorOf(cmd),
          action: 'card.open',
          subjectType: 'card',
          subjectId: row ? row.public_id : null,
          result: row ? 'success' : 'failure',
          details: row ? {} : { reason: 'not-found' },
        });
        return row ? toRecord(row) : null;
      });
    },
  };
}
