/**
 * An audit entry as the central log server receives it: one RFC 5424 message, framed for
 * TLS transport by octet counting (RFC 5425 §4.3: "MSG-LEN SP SYSLOG-MSG").
 *
 *   <PRI>1 TIMESTAMP HOSTNAME verify-desk - MSGID [verifydesk@32473 seq=".." mac=".." ...] BOM{json}
 *
 * - PRI: facility 13 (log audit); severity from the entry's result (success: informational,
 *   failure: notice, refused: warning, alert: alert).
 * - MSGID: the entry's action. TIMESTAMP: the entry's own time, not the time it was sent.
 * - Structured data carries the entry's sequence number and its chain MAC, so the collector
 *   drops a repeat (delivery is at least once) and sees a gap; also the key id, result,
 *   origin, operator and subject. 32473 is the private enterprise number reserved for
 *   documentation (RFC 5612); an issuer may map the SD-ID to its own.
 * - MSG: the stored entry as UTF-8 JSON (with the BOM RFC 5424 asks for): every column the
 *   chain covers, details as stored — which hold no clear cardholder value, code or note.
 */
import type { AuditResult } from '../../../shared/audit/audit-codes.ts';

/** An entry as the trail stores it, with its MAC: what the forwarder reads. */
export interface ForwardedEntry {
  seq: number;
  at: string;
  operator_id: number | null;
  username: string | null;
  origin: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  result: AuditResult;
  details: string;
  key_id: string;
  mac: Buffer;
}

export const SYSLOG_SD_ID = 'verifydesk@32473';
export const SYSLOG_APP_NAME = 'verify-desk';
const FACILITY_LOG_AUDIT = 13;
const SEVERITY: Record<AuditResult, number> = { success: 6, failure: 5, refused: 4, alert: 1 };

/** RFC 5424 §6.3.3: inside a PARAM-VALUE, '"', '\' and ']' are escaped with '\'. */
export const sdEscape = (value: string): string => value.replace(/["\\\]]/gu, (c) => `\\${c}`);

/** A header field: printable US-ASCII without spaces, at most `max` long, or "-" (NILVALUE). */
function headerField(value: string | null, max: number): string {
  if (!value) return '-';
  const printable = value.replace(/[^\x21-\x7e]/gu, '');
  return printable.length > 0 ? printable.slice(0, max) : '-';
}

export function syslogMessage(entry: ForwardedEntry, hostname: string): string {
  const pri = FACILITY_LOG_AUDIT * 8 + SEVERITY[entry.result];
  const params: [string, string | null][] = [
    ['seq', String(entry.seq)],
    ['mac', entry.mac.toString('hex')],
    ['keyId', entry.key_id],
    ['result', entry.result],
    ['origin', entry.origin],
    ['operator', entry.username],
    ['subject', entry.subject_type ? `${entry.subject_type}:${entry.subject_id ?? ''}` : null],
  ];
  const sd = `[${SYSLOG_SD_ID}${params
    .filter((p): p is [string, string] => p[1] !== null)
    .map(([name, value]) => ` ${name}="${sdEscape(value)}"`)
    .join('')}]`;
  const body = JSON.stringify({
    seq: entry.seq,
    at: entry.at,
    operatorId: entry.operator_id,
    username: entry.username,
    origin: entry.origin,
    action: entry.action,
    subjectType: entry.subject_type,
    subjectId: entry.subject_id,
    result: entry.result,
    details: JSON.parse(entry.details) as unknown,
    keyId: entry.key_id,
    mac: entry.mac.toString('hex'),
  });
  return `<${pri}>1 ${entry.at} ${headerField(hostname, 255)} ${SYSLOG_APP_NAME} - ${headerField(entry.action, 32)} ${sd} \uFEFF${body}`;
}

/** RFC 5425 octet-counting: the message's length in bytes, a space, the message. */
export function octetCounted(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}

/**
 * Reads octet-counted frames from a byte stream (the collector's side; tests use it): push
 * chunks as they arrive, take whole messages out; a partial frame waits for the rest.
 */
export function frameReader() {
  let pending = Buffer.alloc(0);
  return {
    push(chunk: Buffer): string[] {
      pending = Buffer.concat([pending, chunk]);
      const messages: string[] = [];
      for (;;) {
        const space = pending.indexOf(0x20);
        if (space <= 0) break;
        const length = Number(pending.subarray(0, space).toString('ascii'));
        if (!Number.isSafeInteger(length) || length <= 0)
          throw new Error('Not an octet-counted frame.');
        if (pending.length < space + 1 + length) break;
        messages.push(pending.subarray(space + 1, space + 1 + length).toString('utf8'));
        pending = pending.subarray(space + 1 + length);
      }
      return messages;
    },
  };
}
