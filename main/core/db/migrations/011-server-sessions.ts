import type { Migration } from '../migration.ts';

/**
 * Sessions of consoles connected to a desk server, kept so that a server restart does not
 * sign everyone out or lose their calls (session/session-store.ts). A row is keyed by the
 * caller id, which is a SHA-256 of the console's token (and client certificate): the token
 * itself is never stored. The row records the operator, the idle-lock times, the open call
 * and the cards the session was shown, sealed by a MAC under the audit key (mac_key_id,
 * row_mac) so that a row written without the keys is not a session. Standalone consoles
 * keep their sessions in memory and never write here.
 */
export const m011ServerSessions: Migration = {
  version: 11,
  name: 'server sessions kept across restarts',
  sql: `
CREATE TABLE server_sessions (
  caller_id        TEXT PRIMARY KEY,
  operator_id      INTEGER NOT NULL REFERENCES operators (id),
  username         TEXT NOT NULL,
  display_name     TEXT NOT NULL,
  role             TEXT NOT NULL,
  signed_in_at     TEXT NOT NULL,
  last_activity_at TEXT NOT NULL,
  idle_locked_at   TEXT,
  call_id          INTEGER REFERENCES calls (id),
  handed_out       TEXT NOT NULL,
  mac_key_id       TEXT NOT NULL,
  row_mac          BLOB NOT NULL
) STRICT;
`,
};
