import type { Migration } from '../migration.ts';

/**
 * The audit desk and the central log server.
 * - The trail is read newest first by sequence number, filtered by who, what or how it ended:
 *   an index per filter, each ending in seq, keeps a page of a long trail to a short index
 *   walk instead of a scan and a sort.
 * - Leases: one row per job that only one process on this database may run at a time (the
 *   syslog forwarder now; the ACS relay and timed alerts later). `generation` grows at every
 *   change of holder, so a holder that lost its lease cannot commit what it did after.
 * - The syslog forwarder's queue is the append-only trail itself: `delivered_through` is the
 *   last entry the collector has received, and everything after it is waiting.
 */
export const m009AuditDesk: Migration = {
  version: 9,
  name: 'audit desk indexes, leases and the syslog forwarder',
  sql: `
CREATE INDEX audit_log_by_username_seq ON audit_log (username, seq);
CREATE INDEX audit_log_by_action_seq ON audit_log (action, seq);
CREATE INDEX audit_log_by_result_seq ON audit_log (result, seq);

CREATE TABLE leases (
  name        TEXT PRIMARY KEY,
  holder      TEXT NOT NULL,
  generation  INTEGER NOT NULL CHECK (generation > 0),
  acquired_at TEXT NOT NULL,
  expires_at  TEXT NOT NULL
) STRICT;

CREATE TABLE syslog_config (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  host       TEXT NOT NULL,
  port       INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  ca_pem     TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE syslog_cursor (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  delivered_through INTEGER NOT NULL CHECK (delivered_through >= 0),
  delivered_at      TEXT
) STRICT;
INSERT INTO syslog_cursor (id, delivered_through) VALUES (1, 0);
`,
};
