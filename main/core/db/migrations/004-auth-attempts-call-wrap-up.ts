import type { Migration } from '../migration.ts';

/**
 * The card's 3-D Secure history as the ACS recorded it, and the wrap-up of each call.
 * Least reveal: a code's destination is its masked form and a keyed hash (so the console can
 * say "sent to a number that is not the current one"), never the number or address; no code,
 * code hash or CVV has a column anywhere.
 */
export const m004AuthAttemptsCallWrapUp: Migration = {
  version: 4,
  name: '3-D Secure authentication attempts and call wrap-up',
  sql: `
CREATE TABLE auth_attempts (
  id                  INTEGER PRIMARY KEY,
  card_id             INTEGER NOT NULL REFERENCES cards (id),
  at                  TEXT NOT NULL,
  merchant            TEXT NOT NULL,
  -- In the currency's minor unit as ISO 4217 defines it (JPY has none: yen).
  amount_minor        INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency            TEXT NOT NULL CHECK (length(currency) = 3),
  method              TEXT NOT NULL CHECK (method IN ('sms', 'email', 'app', 'frictionless')),
  destination_masked  TEXT,
  destination_hash    BLOB,
  destination_key_id  TEXT,
  delivery            TEXT NOT NULL
    CHECK (delivery IN ('delivered', 'sent', 'pending', 'failed', 'bounced', 'not-applicable')),
  attempts_used       INTEGER NOT NULL DEFAULT 0 CHECK (attempts_used >= 0),
  attempts_allowed    INTEGER NOT NULL DEFAULT 0 CHECK (attempts_allowed >= 0),
  resends             INTEGER NOT NULL DEFAULT 0 CHECK (resends >= 0),
  expires_at          TEXT,
  outcome             TEXT NOT NULL CHECK (outcome IN ('authenticated', 'frictionless', 'wrong-code',
    'code-expired', 'not-delivered', 'cancelled', 'locked', 'rejected', 'technical')),
  trans_status        TEXT NOT NULL CHECK (trans_status IN ('Y', 'N', 'U', 'A', 'C', 'D', 'R', 'I', 'S')),
  trans_status_reason TEXT CHECK (trans_status_reason GLOB '[0-9][0-9]'),
  eci                 TEXT CHECK (eci GLOB '[0-9][0-9]'),
  challenge_cancel    TEXT CHECK (challenge_cancel GLOB '[0-9][0-9]'),
  acs_trans_id        TEXT NOT NULL,
  ds_trans_id         TEXT NOT NULL,
  CHECK ((destination_hash IS NULL) = (destination_key_id IS NULL))
) STRICT;
CREATE INDEX auth_attempts_by_card ON auth_attempts (card_id, at);

-- Wrap-up: what the call came to, and a note that passed the free-text guard.
ALTER TABLE calls ADD COLUMN outcome TEXT
  CHECK (outcome IN ('resolved-reset', 'resolved-advice', 'escalated', 'not-verified', 'other'));
ALTER TABLE calls ADD COLUMN note TEXT;
`,
};
