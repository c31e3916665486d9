/** The parts of a forwarded message a collector relies on, and the forwarder's retry rhythm. */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../main/core/syslog/syslog-forwarder.ts';
import {
  frameReader,
  octetCounted,
  sdEscape,
  syslogMessage,
  type ForwardedEntry,
} from '../../../main/core/syslog/syslog-message.ts';

const entry: ForwardedEntry = {
  seq: 42,
  at: '2026-11-20T01:00:00.000Z',
  operator_id: 3,
  username: 'demo.agent',
  origin: 'console@PC "7"]',
  action: 'alert.search-limit',
  subject_type: 'operator',
  subject_id: '3',
  result: 'alert',
  details: '{"key":"mobile"}',
  key_id: 'k1',
  mac: Buffer.alloc(32, 0xab),
};

describe('syslog message', () => {
  it('escapes ", \\ and ] inside structured data values (RFC 5424 §6.3.3)', () => {
    expect(sdEscape('a"b\\c]d')).toBe('a\\"b\\\\c\\]d');
    expect(syslogMessage(entry, 'pc')).toContain('origin="console@PC \\"7\\"\\]"');
  });

  it('takes the severity from the result under facility 13 (log audit)', () => {
    expect(syslogMessage(entry, 'pc')).toMatch(/^<105>1 /u); // 13 * 8 + 1 (alert)
    expect(syslogMessage({ ...entry, result: 'refused' }, 'pc')).toMatch(/^<108>1 /u);
  });

  it('frames by octet count in bytes, and reads frames split anywhere', () => {
    const message = syslogMessage({ ...entry, username: '山田' }, 'pc');
    const frame = octetCounted(message);
    expect(frame.toString('utf8')).toBe(`${Buffer.byteLength(message)} ${message}`);
    const reader = frameReader();
    const both = Buffer.concat([frame, frame]);
    const got = [...reader.push(both.subarray(0, 7)), ...reader.push(both.subarray(7))];
    expect(got).toEqual([message, message]);
  });
});

describe('backoff', () => {
  it('doubles per failure up to the ceiling, with jitter between half and all of it', () => {
    expect(backoffDelay(1, 500, 60_000, () => 1)).toBe(500);
    expect(backoffDelay(4, 500, 60_000, () => 1)).toBe(4_000);
    expect(backoffDelay(30, 500, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(4, 500, 60_000, () => 0)).toBe(2_000);
  });
});
