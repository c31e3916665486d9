import type { Migration } from '../migration.ts';

/**
 * Cardholders, their cards and 3DS lockouts. Least reveal: a card is its brand, last 4 and a
 * keyed hash of the full number (for search); never the number, never the BIN.
 */
export const m002CardholdersCardsLockouts: Migration = {
  version: 2,
  name: 'cardholders, cards and lockouts',
  sql: `
CREATE TABLE cardholders (
  id            INTEGER PRIMARY KEY,
  public_id     TEXT NOT NULL UNIQUE,
  customer_ref  TEXT NOT NULL UNIQUE,
  -- As registered: kanji for most Japanese cardholders, latin for others.
  name          TEXT NOT NULL,
  -- Readings used for search (a kanji surname has no single reading).
  name_kana     TEXT,
  name_latin    TEXT NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;

-- Folded surname keys (kanji, hiragana, romaji with long vowels folded) for search.
CREATE TABLE surname_keys (
  cardholder_id INTEGER NOT NULL REFERENCES cardholders (id),
  key           TEXT NOT NULL,
  PRIMARY KEY (key, cardholder_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE cards (
  id            INTEGER PRIMARY KEY,
  public_id     TEXT NOT NULL UNIQUE,
  cardholder_id INTEGER NOT NULL REFERENCES cardholders (id),
  product       TEXT NOT NULL,
  brand         TEXT NOT NULL CHECK (brand IN ('AMEX', 'DINERS', 'JCB', 'VISA', 'MASTERCARD', 'DISCOVER', 'UNIONPAY')),
  last4         TEXT NOT NULL CHECK (length(last4) = 4),
  pan_hash      BLOB NOT NULL UNIQUE,
  pan_key_id    TEXT NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX cards_by_last4 ON cards (last4);
CREATE INDEX cards_by_cardholder ON cards (cardholder_id);

-- A 3DS lock on a card as the ACS holds it. Lock state is computed live from the clock:
-- locked while since <= now, not cleared, and until is NULL (until reset) or in the future.
CREATE TABLE lockouts (
  id         INTEGER PRIMARY KEY,
  card_id    INTEGER NOT NULL REFERENCES cards (id),
  cause      TEXT NOT NULL CHECK (cause IN ('wrong_codes', 'resend_limit', 'fraud_hold', 'other')),
  since      TEXT NOT NULL,
  until      TEXT,
  cleared_at TEXT
) STRICT;
CREATE INDEX lockouts_by_card ON lockouts (card_id, since);
`,
};
