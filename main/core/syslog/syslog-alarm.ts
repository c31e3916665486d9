/**
 * The lead's alert when the central log server's target cannot be vouched for
 * (syslog-setting.ts): the syslog_config row was changed, planted, put back or deleted in the
 * file, and the trail is forwarded nowhere. One `alert.altered-row` audit entry (table
 * syslog_config; it raises the lead's alert, alerts/alert-rules.ts) each time the forwarder
 * reports a new problem (syslog-forwarder.ts tells each one once).
 */
import type { AuditTrail } from '../audit/audit-trail.ts';

export function createSyslogAlarm(
  audit: Pick<AuditTrail, 'append' | 'transact'>,
  origin: string,
  now: () => Date,
): (problem: string) => void {
  return (problem) =>
    audit.transact(() =>
      audit.append({
        at: now(),
        operatorId: null,
        username: null,
        origin,
        action: 'alert.altered-row',
        subjectType: 'database',
        subjectId: null,
        result: 'alert',
        details: { table: 'syslog_config', problem },
      }),
    );
}
