import type { Migration } from '../migration.ts';

/**
 * Contact points, verification facts, calls and what happened in them. Least reveal: a
 * contact is its masked form and a keyed hash of the normalised value (search and match,
 * never read back); DOB and postcode are one salted slow hash of the pair, so nothing — not
 * even the console — can tell which of the two a caller got wrong.
 */
export const m003ContactsVerificationCalls: Migration = {
  version: 3,
  name: 'contact points, verification facts and calls',
  sql: `
CREATE TABLE contact_points (
  id                   INTEGER PRIMARY KEY,
  cardholder_id        INTEGER NOT NULL REFERENCES cardholders (id),
  kind                 TEXT NOT NULL CHECK (kind IN ('mobile', 'email')),
  masked               TEXT NOT NULL,
  value_hash           BLOB NOT NULL,
  value_key_id         TEXT NOT NULL,
  status               TEXT NOT NULL CHECK (status IN ('verified', 'unverified', 'bounced', 'undeliverable')),
  -- Last change of the record (status or value), and of the value itself: a value changed
  -- recently is the takeover pattern (change the mobile, then ask for a reset).
  updated_at           TEXT NOT NULL,
  value_changed_at     TEXT,
  -- A requested change: a mobile change takes days to take effect, an email change is immediate.
  pending_masked       TEXT,
  pending_effective_at TEXT,
  CHECK ((pending_masked IS NULL) = (pending_effective_at IS NULL)),
  UNIQUE (cardholder_id, kind)
) STRICT;
CREATE INDEX contact_points_by_value ON contact_points (kind, value_hash);

CREATE TABLE verification_facts (
  cardholder_id  INTEGER PRIMARY KEY REFERENCES cardholders (id),
  -- scrypt over HMAC(verification key, DOB || postcode) with a per-record salt.
  pair_hash      BLOB NOT NULL,
  salt           BLOB NOT NULL,
  cost           TEXT NOT NULL,
  pepper_key_id  TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;

-- A call: one operator, one card, from opening the card until the next card, wrap-up or sign-out.
CREATE TABLE calls (
  id          INTEGER PRIMARY KEY,
  public_id   TEXT NOT NULL UNIQUE,
  card_id     INTEGER NOT NULL REFERENCES cards (id),
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  end_reason  TEXT CHECK (end_reason IN ('next-card', 'signed-out', 'wrapped-up'))
) STRICT;
CREATE INDEX calls_by_card ON calls (card_id, started_at);

-- Each DOB + postcode answer: only whether the pair matched.
CREATE TABLE verification_attempts (
  id      INTEGER PRIMARY KEY,
  call_id INTEGER NOT NULL REFERENCES calls (id),
  card_id INTEGER NOT NULL REFERENCES cards (id),
  at      TEXT NOT NULL,
  result  TEXT NOT NULL CHECK (result IN ('verified', 'not-verified'))
) STRICT;
CREATE INDEX verification_attempts_by_call ON verification_attempts (call_id, at);
CREATE INDEX verification_attempts_by_card ON verification_attempts (card_id, at);

-- "Check what the caller says" against a registered contact: only whether it matched.
CREATE TABLE contact_checks (
  id      INTEGER PRIMARY KEY,
  call_id INTEGER NOT NULL REFERENCES calls (id),
  kind    TEXT NOT NULL CHECK (kind IN ('mobile', 'email')),
  at      TEXT NOT NULL,
  result  TEXT NOT NULL CHECK (result IN ('match', 'no-match'))
) STRICT;
CREATE INDEX contact_checks_by_call ON contact_checks (call_id);
`,
};
