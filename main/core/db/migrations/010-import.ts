import type { Migration } from '../migration.ts';

/**
 * Data from the issuer and its ACS (desk-admin import). Every imported row carries the
 * external id it is upserted by and the time its source exported it ("as of"): a record
 * older than what a row holds never overwrites it. External ids are checked before they are
 * kept: one shaped like a card number, a phone number or an email address is refused.
 * A card also carries the ACS's reference for it (how the network gateway names it), and an
 * attempt the merchant's id, the ACS and directory-server ids and the SMS carrier or email
 * provider where the ACS knows them.
 *
 * import_runs: one row per file, with where it has got to (pass and line), so a run killed at
 * any moment resumes where its last committed batch ended. import_quarantine: each rejected
 * line's number, record type, external id (only when not sensitive) and reason — never the
 * line's content. import_tombstones: cardholders removed by a delete record, so an older
 * file imported later does not bring them back. The drop-folder watcher holds the
 * "import-watcher" lease of migration 009.
 */
export const m010Import: Migration = {
  version: 10,
  name: 'imported records: external ids, as-of times, import runs and quarantine',
  sql: `
ALTER TABLE cardholders ADD COLUMN external_id TEXT;
ALTER TABLE cardholders ADD COLUMN as_of TEXT;
CREATE UNIQUE INDEX cardholders_by_external_id ON cardholders (external_id) WHERE external_id IS NOT NULL;

ALTER TABLE cards ADD COLUMN external_id TEXT;
ALTER TABLE cards ADD COLUMN acs_card_ref TEXT;
ALTER TABLE cards ADD COLUMN as_of TEXT;
CREATE UNIQUE INDEX cards_by_external_id ON cards (external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX cards_by_acs_card_ref ON cards (acs_card_ref) WHERE acs_card_ref IS NOT NULL;

ALTER TABLE contact_points ADD COLUMN as_of TEXT;
ALTER TABLE verification_facts ADD COLUMN as_of TEXT;

ALTER TABLE lockouts ADD COLUMN external_id TEXT;
ALTER TABLE lockouts ADD COLUMN as_of TEXT;
CREATE UNIQUE INDEX lockouts_by_external_id ON lockouts (external_id) WHERE external_id IS NOT NULL;

ALTER TABLE auth_attempts ADD COLUMN external_id TEXT;
ALTER TABLE auth_attempts ADD COLUMN merchant_id TEXT;
ALTER TABLE auth_attempts ADD COLUMN acs_id TEXT;
ALTER TABLE auth_attempts ADD COLUMN ds_id TEXT;
ALTER TABLE auth_attempts ADD COLUMN sms_carrier TEXT;
ALTER TABLE auth_attempts ADD COLUMN email_provider TEXT;
ALTER TABLE auth_attempts ADD COLUMN as_of TEXT;
CREATE UNIQUE INDEX auth_attempts_by_external_id ON auth_attempts (external_id) WHERE external_id IS NOT NULL;

CREATE TABLE import_runs (
  id           INTEGER PRIMARY KEY,
  file_name    TEXT NOT NULL,
  file_sha256  TEXT NOT NULL CHECK (length(file_sha256) = 64),
  format       TEXT NOT NULL CHECK (format IN ('jsonl', 'csv')),
  state        TEXT NOT NULL CHECK (state IN ('running', 'done')),
  pass         INTEGER NOT NULL DEFAULT 0,
  line         INTEGER NOT NULL DEFAULT 0,
  counts       TEXT NOT NULL DEFAULT '{}',
  started_at   TEXT NOT NULL,
  finished_at  TEXT
) STRICT;
CREATE INDEX import_runs_by_file ON import_runs (file_sha256, state);

CREATE TABLE import_quarantine (
  run_id       INTEGER NOT NULL REFERENCES import_runs (id),
  line         INTEGER NOT NULL,
  record_type  TEXT,
  external_id  TEXT,
  reason       TEXT NOT NULL,
  field        TEXT,
  PRIMARY KEY (run_id, line)
) STRICT, WITHOUT ROWID;

-- A cardholder removed by a delete record, and as of when: an older record never brings it back.
CREATE TABLE import_tombstones (
  external_id  TEXT PRIMARY KEY,
  as_of        TEXT NOT NULL
) STRICT;
`,
};
