import { describe, expect, it } from 'vitest';
import {
  canonicalBytes,
  canonicalJson,
  chainMac,
  GENESIS_MAC,
} from '../../main/core/audit/canonical.ts';

const entry = {
  seq: 1,
  at: '2026-11-25T00:00:00.000Z',
  operator_id: null,
  username: null,
  origin: 'desk-admin',
  action: 'database.init',
  subject_type: 'database',
  subject_id: 'db1',
  result: 'success',
  details: '{}',
  key_id: 'audit-000000000000',
};

describe('canonical audit bytes', () => {
  it('are the documented JSON array, stable across runs', () => {
    expect(canonicalBytes(entry).toString('utf8')).toBe(
      '[1,"2026-11-25T00:00:00.000Z",null,null,"desk-admin","database.init","database","db1","success","{}","audit-000000000000"]',
    );
  });

  it('sort detail keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    );
  });

  it('chain: each MAC depends on the previous one and on every field', () => {
    const key = Buffer.alloc(32, 7);
    const first = chainMac(key, GENESIS_MAC, entry);
    expect(chainMac(key, GENESIS_MAC, entry)).toEqual(first);
    expect(chainMac(key, first, entry)).not.toEqual(first);
    expect(chainMac(key, GENESIS_MAC, { ...entry, result: 'failure' })).not.toEqual(first);
    expect(chainMac(Buffer.alloc(32, 8), GENESIS_MAC, entry)).not.toEqual(first);
  });
});
