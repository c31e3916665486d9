/**
 * The forwarder's SQL: where the central log server is (one row, set by desk-admin and
 * audited), and the queue — the append-only trail after `delivered_through`, the last entry
 * the collector is known to hold. Nothing is copied: an entry is queued by being written.
 *
 * The row has no MAC: what reads it to send anything goes through syslog-setting.ts, which
 * uses it only when the trail's newest syslog.set and the key store's note vouch for it.
 */
import { X509Certificate } from 'node:crypto';
import type { AuditTrail } from '../audit/audit-trail.ts';
import type { Db } from '../db/connection.ts';
import type { KeyProvider } from '../keys/key-provider.ts';
import type { ForwardedEntry } from './syslog-message.ts';
import { createSyslogSetting, syslogTargetIdentity, targetOf } from './syslog-setting.ts';

export interface SyslogTarget {
  host: string;
  port: number;
  /** The CA certificate(s) the collector's certificate must chain to (PEM). */
  caPem: string;
}

export class SyslogConfigError extends Error {
  override readonly name = 'SyslogConfigError';
}

/** A host name (RFC 1123 labels) or an IPv4 / IPv6 address. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9A-Fa-f:]+\]?)$/u;

/** Checks a target before it is stored: a host, a port, and a CA that parses as X.509. */
export function checkTarget(target: SyslogTarget): SyslogTarget {
  if (!HOST.test(target.host) || target.host.length > 253)
    throw new SyslogConfigError(`"${target.host}" is not a host name or an IP address.`);
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)
    throw new SyslogConfigError('The port is a whole number from 1 to 65535.');
  try {
    new X509Certificate(target.caPem);
  } catch {
    throw new SyslogConfigError('The CA file is not a PEM certificate.');
  }
  return target;
}

export function createSyslogStore(db: Db) {
  const config = db.prepare<[], { host: string; port: number; ca_pem: string }>(
    'SELECT host, port, ca_pem FROM syslog_config WHERE id = 1',
  );
  const upsert = db.prepare<[string, number, string, string]>(
    `INSERT INTO syslog_config (id, host, port, ca_pem, updated_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port,
       ca_pem = excluded.ca_pem, updated_at = excluded.updated_at`,
  );
  const cursor = db.prepare<[], { delivered_through: number }>(
    'SELECT delivered_through FROM syslog_cursor WHERE id = 1',
  );
  const pending = db.prepare<[number], ForwardedEntry>(
    `SELECT seq, at, operator_id, username, origin, action, subject_type, subject_id, result,
            details, key_id, mac
     FROM audit_log WHERE seq > (SELECT delivered_through FROM syslog_cursor WHERE id = 1)
     ORDER BY seq LIMIT ?`,
  );
  const newest = db.prepare<[], { n: number | null }>('SELECT max(seq) AS n FROM audit_log');
  const deliver = db.prepare<[{ seq: number; at: string }]>(
    `UPDATE syslog_cursor SET delivered_through = max(delivered_through, @seq),
       delivered_at = CASE WHEN @seq > delivered_through THEN @at ELSE delivered_at END
     WHERE id = 1`,
  );

  return {
    /** What the row says, vouched for or not (status lines; the forwarder reads syslog-setting.ts). */
    target(): SyslogTarget | null {
      const row = config.get();
      return row ? targetOf(row) : null;
    },
    /**
     * Sets the target (checked first) with its audit entry, in one transaction; once it commits,
     * the key store (when `keys` has one) records it (syslog-setting.ts).
     */
    setTarget(
      audit: Pick<AuditTrail, 'append' | 'transact' | 'afterCommit'>,
      actor: { at: Date; origin: string; operatorId: number | null; username: string | null },
      target: SyslogTarget,
      keys?: Pick<KeyProvider, 'byId' | 'syslogHead'>,
    ): void {
      const checked = checkTarget(target);
      audit.transact(() => {
        const before = config.get();
        upsert.run(checked.host, checked.port, checked.caPem, actor.at.toISOString());
        audit.append({
          at: actor.at,
          origin: actor.origin,
          operatorId: actor.operatorId,
          username: actor.username,
          action: 'syslog.set',
          subjectType: null,
          subjectId: null,
          result: 'success',
          details: {
            before: before ? syslogTargetIdentity(targetOf(before)) : null,
            after: syslogTargetIdentity(checked),
          },
        });
        if (keys?.syslogHead) {
          const seq = newest.get()!.n!;
          const where = keys.syslogHead.where;
          audit.afterCommit(() => {
            try {
              createSyslogSetting(db, keys).recordHead(seq);
            } catch (error) {
              // The key store still names the target before: this one is not sent to.
              throw new SyslogConfigError(
                `The collector was saved (audit entry ${seq}), but the ${where} could not record it (${(error as Error).message}): nothing is forwarded to it until it is set again once the key store can be written.`,
              );
            }
          });
        }
      });
    },
    /** The last entry the collector is known to hold (0: none yet). */
    deliveredThrough: (): number => cursor.get()?.delivered_through ?? 0,
    /** The newest entry of the trail (0: empty). */
    newestSeq: (): number => newest.get()?.n ?? 0,
    /** The next entries waiting, oldest first. */
    pending: (limit: number): ForwardedEntry[] => pending.all(limit),
    /** Records that the collector holds everything through `seq` (never moves back). */
    delivered(seq: number, at: Date): void {
      deliver.run({ seq, at: at.toISOString() });
    },
  };
}

export type SyslogStore = ReturnType<typeof createSyslogStore>;
